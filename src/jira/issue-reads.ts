import type { CloudClient } from 'jira.js';
import type { IssueComment, IssueSnapshot, StatusChange } from '../domain/index.ts';
import {
  ISSUE_FIELDS,
  sortByTime,
  statusChangesOf,
  toComment,
  toSnapshot,
  type RawIssue,
} from './mapping.ts';

/** Jira's cap on the issue ids a search can be asked to reconcile (search/jql, reconcileIssues). */
const RECONCILE_LIMIT = 50;

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
        issues.push(await this.snapshot(raw, options.changelog ?? false));
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
      const batch = issues.slice(i, i + RECONCILE_LIMIT);
      const page = await this.jira.issueSearch.searchAndReconsileIssuesUsingJqlPost({
        jql: `key in (${batch.map((issue) => issue.key).join(', ')})`,
        maxResults: batch.length,
        fields: ISSUE_FIELDS,
        reconcileIssues: batch.map((issue) => Number(issue.id)),
        ...(options.changelog ? { expand: 'changelog' } : {}),
        ...(options.properties?.length ? { properties: options.properties } : {}),
      });
      for (const raw of page.issues ?? []) {
        const issue = await this.snapshot(raw, options.changelog ?? false);
        fresh.set(issue.key, issue);
      }
    }
    return fresh;
  }

  async getIssue(key: string, options: { changelog?: boolean } = {}): Promise<IssueSnapshot> {
    const raw = await this.jira.issues.getIssue({
      issueIdOrKey: key,
      fields: ISSUE_FIELDS,
      ...(options.changelog ? { expand: 'changelog' } : {}),
    });
    return this.snapshot(raw, options.changelog ?? false);
  }

  /** Every status change of an issue, oldest first, from the paged changelog endpoint. */
  async statusHistory(key: string): Promise<StatusChange[]> {
    const changes: StatusChange[] = [];
    for (let startAt = 0; ;) {
      const page = await this.jira.issues.getChangeLogs({
        issueIdOrKey: key,
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
        issueIdOrKey: key,
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

  private async snapshot(raw: RawIssue, withChangelog: boolean): Promise<IssueSnapshot> {
    const issue = toSnapshot(raw);
    if (!withChangelog) return issue;
    const histories = raw.changelog?.histories ?? [];
    const total = raw.changelog?.total ?? histories.length;
    // Jira's expanded changelog stops at 40 histories (search) or 100 (issue): read the rest.
    issue.statusChanges =
      total > histories.length
        ? await this.statusHistory(issue.key)
        : sortByTime(histories.flatMap(statusChangesOf));
    return issue;
  }
}
