/**
 * The service's view of Jira: only what the rules need, with instants as epoch milliseconds.
 * The gateway builds these from Jira's responses; rules and jobs never see Jira's raw shapes.
 */
export interface JiraUser {
  accountId: string;
  displayName?: string;
  /** atlassian, app or customer (Jira Service Management portal-only users) */
  accountType?: string;
}

export interface StatusRefById {
  id: string;
  name: string;
}

export interface StatusChange {
  historyId: string;
  atMs: number;
  author?: JiraUser;
  from: StatusRefById;
  to: StatusRefById;
}

export interface IssueComment {
  id: string;
  author?: JiraUser;
  createdMs: number;
  /** false for internal notes (jsdPublic false, a visibility restriction, or sd.public.comment) */
  isPublic: boolean;
  /** comment properties by key (the service marks its own comments with one) */
  properties: Record<string, unknown>;
}

export interface IssueSnapshot {
  id: string;
  key: string;
  projectKey: string;
  issueTypeId: string;
  status: StatusRefById;
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

/** The last moment the issue entered a status (by id), or undefined if the history never shows it. */
export function lastEnteredStatus(
  issue: IssueSnapshot,
  statusId: string,
): StatusChange | undefined {
  const changes = issue.statusChanges ?? [];
  for (let i = changes.length - 1; i >= 0; i--) {
    if (changes[i]!.to.id === statusId) return changes[i];
  }
  return undefined;
}
