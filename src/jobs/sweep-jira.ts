import type { IssueComment, IssueSnapshot, StatusRef } from '../domain/index.ts';
import { VALIDATION_PROPERTY, type RequestMembers } from '../rules/index.ts';

/** What the sweep's reads ask Jira for: the fields, the changelog and the reminder record. */
export interface SweepReadOptions {
  changelog?: boolean;
  properties?: string[];
}

/** The search pages and the fresh reads carry the changelog and the reminder record. */
export const SWEEP_READ: SweepReadOptions = { changelog: true, properties: [VALIDATION_PROPERTY] };

/**
 * The part of Jira the sweep reads (the gateway provides it; writes go through the ActionRunner).
 * The signatures are the gateway's.
 */
export interface SweepJira {
  /** the ids of the project's statuses that match a configured status */
  statusIds(projectKey: string, ref: StatusRef): Promise<string[]>;
  /** one page of issues at a time */
  searchIssues(jql: string, options?: SweepReadOptions): AsyncGenerator<IssueSnapshot[]>;
  /** the issues as Jira holds them now; those gone or out of reach are missing from the map */
  rereadIssues(
    issues: ReadonlyArray<Pick<IssueSnapshot, 'id' | 'key'>>,
    options?: SweepReadOptions,
  ): Promise<Map<string, IssueSnapshot>>;
  /** comments created at or after `sinceMs`, oldest first */
  commentsSince(key: string, sinceMs: number): Promise<IssueComment[]>;
  /** the names of the groups an account belongs to */
  userGroups(accountId: string): Promise<string[]>;
  /** a JSM request's participants and organization members (cached) */
  requestMembers(issueKey: string): Promise<RequestMembers>;
}
