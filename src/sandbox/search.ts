import { upperBound } from './issue-index.ts';
import type { CompiledJql } from './jql/compile.ts';
import type { JqlSort } from './jql/parse.ts';
import type { Issue } from './model.ts';
import type { SearchView } from './search-lag.ts';
import type { SandboxStore } from './store.ts';

export interface SearchPage {
  issues: Issue[];
  /** absent on the last page, as in Jira */
  nextPageToken?: string;
}

export class InvalidPageToken extends Error {
  constructor() {
    super('The provided next page token is invalid or does not belong to this query.');
    this.name = 'InvalidPageToken';
  }
}

interface Cursor {
  /** fingerprint of the query the token belongs to */
  f: string;
  /** ORDER BY key: the last key returned */
  k?: string;
  /** any other order: how many matches came before */
  o?: number;
}

/**
 * How much a page holds: `maxResults` issues, and with `weight` no more than `budget` in all
 * (at least one issue), as Jira returns fewer issues per page when each carries more.
 */
export interface PageLimit {
  maxResults: number;
  weight?: (issue: Issue) => number;
  budget?: number;
}

/** Takes issues into a page until it is full. */
class PageFill {
  readonly issues: Issue[] = [];
  private spent = 0;
  private readonly limit: PageLimit;

  constructor(limit: PageLimit) {
    this.limit = limit;
  }

  /** Adds the issue, or answers false when the page has no room for it. */
  take(issue: Issue): boolean {
    if (this.issues.length >= this.limit.maxResults) return false;
    const weight = this.limit.weight?.(issue) ?? 0;
    const budget = this.limit.budget ?? Infinity;
    if (this.issues.length > 0 && this.spent + weight > budget) return false;
    this.spent += weight;
    this.issues.push(issue);
    return true;
  }
}

/**
 * One page of a search, over what the search index holds (`view`). `ORDER BY key` (and no ORDER
 * BY, which is key descending) walks the (project, status) groups from the last key returned:
 * cheap and stable while issues change. Other orders sort every match and page by position.
 */
export function searchPage(
  store: SandboxStore,
  view: SearchView,
  query: CompiledJql,
  fingerprint: string,
  limit: PageLimit,
  pageToken?: string,
): SearchPage {
  const cursor = pageToken === undefined ? undefined : decodeToken(pageToken, fingerprint);
  const projectKeys = new Map(store.site.projects.map((p) => [p.id, p.key]));
  const [first] = query.orderBy;
  if (query.orderBy.length === 1 && first!.field === 'key' && query.issues === null) {
    return keysetPage(view, query, fingerprint, limit, first!.direction, projectKeys, cursor);
  }
  const candidates = query.issues
    ? query.issues.map((issue) => view.version(issue)).filter((issue) => issue !== undefined)
    : query.groups.flatMap(({ projectId, statusId }) => view.group(projectId, statusId));
  const matches = candidates.filter(query.matches).sort(comparator(query.orderBy, projectKeys));
  const offset = cursor?.o ?? 0;
  const page = new PageFill(limit);
  for (let at = offset; at < matches.length && page.take(matches[at]!); at++);
  const next = offset + page.issues.length;
  return next < matches.length
    ? { issues: page.issues, nextPageToken: encodeToken({ f: fingerprint, o: next }) }
    : { issues: page.issues };
}

function keysetPage(
  view: SearchView,
  query: CompiledJql,
  fingerprint: string,
  limit: PageLimit,
  direction: JqlSort['direction'],
  projectKeys: Map<string, string>,
  cursor: Cursor | undefined,
): SearchPage {
  const ascending = direction === 'asc';
  const after = cursor?.k === undefined ? undefined : splitKey(cursor.k);
  const lanes = query.groups
    .map(({ projectId, statusId }) => {
      const group = view.group(projectId, statusId);
      const projectKey = projectKeys.get(projectId)!;
      let position = ascending ? 0 : group.length - 1;
      if (after) {
        const order = compareText(projectKey, after.projectKey);
        if (order === 0) {
          const bound = upperBound(group, after.number);
          position = ascending ? bound : lastBefore(group, after.number);
        } else if (order < 0 === ascending) {
          position = ascending ? group.length : -1;
        }
      }
      return { group, projectKey, position };
    })
    .filter((lane) => lane.position >= 0 && lane.position < lane.group.length);

  const page = new PageFill(limit);
  let more = false;
  for (;;) {
    let best: (typeof lanes)[number] | undefined;
    for (const lane of lanes) {
      if (lane.position < 0 || lane.position >= lane.group.length) continue;
      if (!best) {
        best = lane;
        continue;
      }
      const order =
        compareText(lane.projectKey, best.projectKey) ||
        lane.group[lane.position]!.number - best.group[best.position]!.number;
      if (ascending ? order < 0 : order > 0) best = lane;
    }
    if (!best) break;
    const issue = best.group[best.position]!;
    best.position += ascending ? 1 : -1;
    if (!query.matches(issue)) continue;
    if (!page.take(issue)) {
      more = true;
      break;
    }
  }
  const { issues } = page;
  const last = issues[issues.length - 1];
  return more && last
    ? { issues, nextPageToken: encodeToken({ f: fingerprint, k: last.key }) }
    : { issues };
}

/** Index of the last issue numbered below `number` (-1 when none). */
function lastBefore(group: readonly Issue[], number: number): number {
  let low = 0;
  let high = group.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (group[mid]!.number < number) low = mid + 1;
    else high = mid;
  }
  return low - 1;
}

function comparator(
  orderBy: JqlSort[],
  projectKeys: Map<string, string>,
): (a: Issue, b: Issue) => number {
  const byKey = (a: Issue, b: Issue) =>
    compareText(projectKeys.get(a.projectId)!, projectKeys.get(b.projectId)!) ||
    a.number - b.number;
  return (a, b) => {
    for (const { field, direction } of orderBy) {
      const order = field === 'key' ? byKey(a, b) : a[field] - b[field];
      if (order !== 0) return direction === 'asc' ? order : -order;
    }
    return byKey(a, b);
  };
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function splitKey(key: string): { projectKey: string; number: number } {
  const dash = key.lastIndexOf('-');
  return { projectKey: key.slice(0, dash), number: Number(key.slice(dash + 1)) };
}

function encodeToken(cursor: Cursor): string {
  return Buffer.from(JSON.stringify(cursor)).toString('base64url');
}

function decodeToken(token: string, fingerprint: string): Cursor {
  let cursor: Cursor;
  try {
    cursor = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as Cursor;
  } catch {
    throw new InvalidPageToken();
  }
  const validKey = cursor.k === undefined || /^[A-Z][A-Z0-9_]*-\d+$/.test(cursor.k);
  const validOffset = cursor.o === undefined || (Number.isInteger(cursor.o) && cursor.o >= 0);
  if (cursor?.f !== fingerprint || !validKey || !validOffset) throw new InvalidPageToken();
  return cursor;
}

/** A short, stable digest of the query text (FNV-1a), so a token is not reused for another query. */
export function queryFingerprint(jql: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < jql.length; i++) {
    hash ^= jql.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash.toString(36);
}
