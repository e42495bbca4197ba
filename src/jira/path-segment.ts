/**
 * jira.js puts path parameters into its URLs as they are (`/rest/api/3/issue/${issueIdOrKey}`),
 * and URL parsing then resolves `..`: the key `SUP-1/../../myself` would read `/rest/api/3/myself`.
 * Every value the service puts into a path goes through `segment`, so it stays one segment.
 */

/** Thrown for a value that cannot be one path segment; callers validate first, so it is a bug. */
export class PathSegmentError extends Error {
  constructor(what: string) {
    super(`${what} cannot be sent to Jira as a path segment`);
    this.name = 'PathSegmentError';
  }
}

/**
 * The value percent-encoded as one path segment. An empty value, `.` and `..` are refused:
 * encoding leaves them as they are, and `/issue/..` would be resolved to another resource.
 */
export function segment(value: string, what = 'a value'): string {
  if (value === '' || value === '.' || value === '..') throw new PathSegmentError(what);
  return encodeURIComponent(value);
}
