/**
 * Jira Cloud's issue keys and ids as the service accepts them from outside (a webhook body, a
 * command line). A key or id that reaches a URL or a JQL query must be one of these: anything else
 * (`SUP-1/../../myself`, `SUP-1) OR project = OPS`) could name another resource or issue.
 */

/** A project key (a letter, then letters, digits or _), a dash, and the issue's number. */
export const ISSUE_KEY_PATTERN = /^[A-Z][A-Z0-9_]+-[1-9][0-9]*$/;

/** Jira's ids of issues and comments: positive decimal numbers, sent as strings. */
export const JIRA_ID_PATTERN = /^[1-9][0-9]*$/;

export function isIssueKey(text: string): boolean {
  return ISSUE_KEY_PATTERN.test(text);
}

/** The project an issue key belongs to (`SUP` for `SUP-12`); undefined when it is no issue key. */
export function projectOfKey(key: string): string | undefined {
  return isIssueKey(key) ? key.slice(0, key.lastIndexOf('-')) : undefined;
}

/**
 * Why a key may not be acted on as an issue of `projectKey`, or undefined when it may. The reason
 * repeats neither argument, which may be anything a body held, only the key's project when it is
 * a valid one.
 */
export function keyOutsideProject(key: string, projectKey: string): string | undefined {
  const owner = projectOfKey(key);
  if (owner === undefined) return 'is not a Jira issue key';
  if (owner !== projectKey)
    return `names an issue of project ${owner}, not of the payload's project`;
  return undefined;
}
