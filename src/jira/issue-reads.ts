import { isForbiddenError, isNotFoundError, type CloudClient } from 'jira.js';
import {
  isIssueKey,
  type IssueComment,
  type IssueSnapshot,
  type StatusChange,
} from '../domain/index.ts';
import {
  ISSUE_FIELDS,
  sortByTime,
  statusChangesOf,
  toComment,
  toSnapshot,
  type RawIssue,
} from './mapping.ts';
import { errorMessage, isJiraRefusal } from './errors.ts';
import { segment } from './path-segment.ts';

/** Jira's cap on the issue ids a search can be asked to reconcile (search/jql, reconcileIssues). */
const RECONCILE_LIMIT = 50;

/** The most histories an expanded changelog holds: 40 in a search, 100 in an issue read. */
const CHANGELOG_CAP = { search: 40, issue: 100 } as const;

export interface ReadOptions {
  changelog?: boolean;
  properties?: string[];
}

/** How issues, their status history and their comments are read, page by page. */
export class IssueReads {
  private readonly jira: CloudClient;
  private readonly pageSize: number;

  constructor(jira: CloudClient, pageSize: number) {
    this.jira = jira;
    this.pageSize = pageSize;
  }

  /**
   * Pages through a JQL search (enhanced search, `nextPageToken`), yielding one page of issues at a
   * time. With `changelog`, every issue carries its complete status history.
   */
  async *search(jql: string, options: ReadOptions = {}): AsyncGenerator<IssueSnapshot[]> {
    let nextPageToken: string | undefined;
    do {
      const page = await this.jira.issueSearch.searchAndReconsileIssuesUsingJql({
        jql,
        maxResults: this.pageSize,
        fields: ISSUE_FIELDS,
        ...(options.changelog ? { expand: 'changelog' } : {}),
        ...(options.properties?.length ? { properties: options.properties } : {}),
        ...(nextPageToken ? { nextPageToken } : {}),
      });
      const issues: IssueSnapshot[] = [];
      for (const raw of page.issues ?? []) {
        issues.push(await this.snapshot(raw, options, 'search'));
      }
      yield issues;
      nextPageToken = page.nextPageToken ?? undefined;
    } while (nextPageToken);
  }

  /**
   * Reads a batch of issues again in one search, as Jira holds them now: the search index lags
   * behind writes by seconds, so the issues are named in `reconcileIssues`, which makes the result
   * consistent for them (Jira accepts at most 50 per request; larger batches take more requests).
   * Issues that no longer exist, or that the account can no longer see, are missing from the map.
   */
  async reread(
    issues: ReadonlyArray<Pick<IssueSnapshot, 'id' | 'key'>>,
    options: ReadOptions = {},
  ): Promise<Map<string, IssueSnapshot>> {
    const fresh = new Map<string, IssueSnapshot>();
    for (let i = 0; i < issues.length; i += RECONCILE_LIMIT) {
      for (const issue of await this.rereadBatch(issues.slice(i, i + RECONCILE_LIMIT), options))
        fresh.set(issue.key, issue);
    }
    return fresh;
  }

  /**
   * One batch, in one reconciled search. `key in (...)` naming an issue that is gone is refused
   * whole (400, "An issue with key 'SUP-7' does not exist for field 'key'."): the batch is then
   * searched again without the keys Jira named (two calls in all, whatever the batch's size), and
   * when it named none or is refused again, each remaining key is read on its own, where a gone
   * issue answers 404.
   */
  private async rereadBatch(
    batch: ReadonlyArray<Pick<IssueSnapshot, 'id' | 'key'>>,
    options: ReadOptions,
  ): Promise<IssueSnapshot[]> {
    let refusal: unknown;
    try {
      return await this.reconciledSearch(batch, options);
    } catch (error) {
      if (!isJiraRefusal(error)) throw error;
      refusal = error;
    }
    const named = keysNamedIn(errorMessage(refusal), batch);
    const rest = batch.filter((issue) => !named.has(issue.key));
    if (named.size > 0) {
      if (rest.length === 0) return [];
      try {
        return await this.reconciledSearch(rest, options);
      } catch (error) {
        if (!isJiraRefusal(error)) throw error;
        refusal = error;
      }
    }
    return this.readEach(rest, options, refusal);
  }

  /**
   * Each issue on its own (an issue read is consistent): the gone ones answer 404 (or 403) and are
   * left out. When none is gone, the search was refused for another reason, and that is the error.
   */
  private async readEach(
    batch: ReadonlyArray<Pick<IssueSnapshot, 'key'>>,
    options: ReadOptions,
    refusal: unknown,
  ): Promise<IssueSnapshot[]> {
    const read = await Promise.all(
      batch.map(async ({ key }) => {
        try {
          return await this.getIssue(key, options);
        } catch (error) {
          if (isNotFoundError(error) || isForbiddenError(error)) return undefined;
          throw error;
        }
      }),
    );
    const found = read.filter((issue) => issue !== undefined);
    if (found.length === batch.length) throw refusal;
    return found;
  }

  /** A reconciled search of the batch, page after page: a page may hold fewer than asked for. */
  private async reconciledSearch(
    batch: ReadonlyArray<Pick<IssueSnapshot, 'id' | 'key'>>,
    options: ReadOptions,
  ): Promise<IssueSnapshot[]> {
    const found: IssueSnapshot[] = [];
    let nextPageToken: string | undefined;
    do {
      const page = await this.jira.issueSearch.searchAndReconsileIssuesUsingJqlPost({
        jql: keyInJql(batch),
        maxResults: batch.length,
        fields: ISSUE_FIELDS,
        reconcileIssues: batch.map((issue) => Number(issue.id)),
        ...(options.changelog ? { expand: 'changelog' } : {}),
        ...(options.properties?.length ? { properties: options.properties } : {}),
        ...(nextPageToken ? { nextPageToken } : {}),
      });
      for (const raw of page.issues ?? []) found.push(await this.snapshot(raw, options, 'search'));
      nextPageToken = page.nextPageToken ?? undefined;
      // Every issue asked for is in hand: a further page could only be empty.
    } while (nextPageToken && found.length < batch.length);
    return found;
  }

  async getIssue(key: string, options: ReadOptions = {}): Promise<IssueSnapshot> {
    const raw = await this.jira.issues.getIssue({
      issueIdOrKey: segment(key, 'an issue key'),
      fields: ISSUE_FIELDS,
      ...(options.changelog ? { expand: 'changelog' } : {}),
      ...(options.properties?.length ? { properties: options.properties } : {}),
    });
    return this.snapshot(raw, options, 'issue');
  }

  /** Every status change of an issue, oldest first, from the paged changelog endpoint. */
  async statusHistory(key: string): Promise<StatusChange[]> {
    const changes: StatusChange[] = [];
    for (let startAt = 0; ;) {
      const page = await this.jira.issues.getChangeLogs({
        issueIdOrKey: segment(key, 'an issue key'),
        startAt,
        maxResults: 100,
      });
      const values = page.values ?? [];
      changes.push(...values.flatMap(statusChangesOf));
      startAt += values.length;
      if (page.isLast || values.length === 0 || (page.total !== undefined && startAt >= page.total))
        break;
    }
    return changes;
  }

  /** Comments created at or after `sinceMs`, oldest first, with their properties. */
  async commentsSince(key: string, sinceMs: number): Promise<IssueComment[]> {
    const found: IssueComment[] = [];
    for (let startAt = 0; ;) {
      const page = await this.jira.issueComments.getComments({
        issueIdOrKey: segment(key, 'an issue key'),
        startAt,
        maxResults: this.pageSize,
        orderBy: '-created',
        expand: 'properties',
      });
      const comments = (page.comments ?? []).map(toComment);
      for (const comment of comments) {
        if (comment.createdMs < sinceMs) return found.reverse();
        found.push(comment);
      }
      startAt += comments.length;
      if (comments.length === 0 || (page.total !== undefined && startAt >= page.total)) break;
    }
    return found.reverse();
  }

  /** One comment with its properties (404 when it was deleted). */
  async getComment(key: string, commentId: string): Promise<IssueComment> {
    return toComment(
      await this.jira.issueComments.getComment({
        issueIdOrKey: segment(key, 'an issue key'),
        id: segment(commentId, 'a comment id'),
        expand: 'properties',
      }),
    );
  }

  private async snapshot(
    raw: RawIssue,
    options: ReadOptions,
    read: keyof typeof CHANGELOG_CAP,
  ): Promise<IssueSnapshot> {
    const issue = toSnapshot(raw);
    if (!options.changelog) return issue;
    const histories = raw.changelog?.histories ?? [];
    const total = raw.changelog?.total ?? histories.length;
    // A cut changelog says so in `total`, but not always: a full one is taken to be cut as well.
    const cut = total > histories.length || histories.length >= CHANGELOG_CAP[read];
    issue.statusChanges = cut
      ? await this.statusHistory(issue.key)
      : sortByTime(histories.flatMap(statusChangesOf));
    return issue;
  }
}

/**
 * `key in (SUP-1, SUP-2)`. The keys come from Jira's own answers, yet a key that is not Jira's
 * pattern would be JQL of its own (`SUP-1) OR project = OPS`), so it is refused, not sent.
 */
function keyInJql(batch: ReadonlyArray<Pick<IssueSnapshot, 'key'>>): string {
  const strange = batch.find((issue) => !isIssueKey(issue.key));
  if (strange) throw new TypeError('a reread was asked for something that is not a Jira issue key');
  return `key in (${batch.map((issue) => issue.key).join(', ')})`;
}

/** The keys of `batch` that Jira's error names, whole (SUP-1 is not named by "SUP-10"). */
export function keysNamedIn(
  text: string,
  batch: ReadonlyArray<Pick<IssueSnapshot, 'key'>>,
): Set<string> {
  const named = new Set<string>();
  for (const { key } of batch) {
    const escaped = key.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    if (new RegExp(`(?<![\\p{L}\\p{N}_-])${escaped}(?!\\p{N})`, 'u').test(text)) named.add(key);
  }
  return named;
}
