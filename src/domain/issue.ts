/**
 * The service's view of an issue: only what the rules need, with instants as epoch milliseconds.
 * The gateway builds these from Jira's responses; rules and jobs never see Jira's raw shapes.
 */
import type { CommentVisibility } from './comment-visibility.ts';
import type { Status } from './status.ts';
import type { JiraUser } from './user.ts';

export interface StatusChange {
  historyId: string;
  atMs: number;
  author?: JiraUser;
  from: Status;
  to: Status;
}

export interface IssueComment {
  id: string;
  author?: JiraUser;
  createdMs: number;
  /** false when the customer does not see it (isInternalComment) */
  isPublic: boolean;
  /** the group or role it is restricted to, when it is */
  visibility?: CommentVisibility;
  /** Jira's `jsdAuthorCanSeeRequest`: false when e-mailed by someone not part of the request */
  authorCanSeeRequest?: boolean;
  /** comment properties by key (the service marks its own comments with one) */
  properties: Record<string, unknown>;
}

export interface IssueSnapshot {
  id: string;
  key: string;
  projectKey: string;
  issueTypeId: string;
  status: Status;
  summary?: string;
  reporter?: JiraUser;
  assignee?: JiraUser;
  createdMs?: number;
  updatedMs?: number;
  /** issue properties asked for in a search (Jira returns up to 5 per issue at no extra call) */
  properties?: Record<string, unknown>;
  /**
   * Every status change, oldest first, when the changelog was asked for; complete even when Jira's
   * expanded changelog was cut at 40 histories (the gateway then read the changelog endpoint).
   */
  statusChanges?: StatusChange[];
}

/** The last change that put the issue in its current status (undefined if the history lacks it). */
export function enteredCurrentStatus(issue: IssueSnapshot): StatusChange | undefined {
  const changes = issue.statusChanges ?? [];
  for (let i = changes.length - 1; i >= 0; i--) {
    if (changes[i]!.to.id === issue.status.id) return changes[i];
  }
  return undefined;
}
