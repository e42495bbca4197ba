import type { ActionRunner } from '../actions/index.ts';
import type { ProjectConfig, ProjectsFile } from '../config/index.ts';
import type { IssueComment, IssueSnapshot, JiraUser } from '../domain/index.ts';
import type { Decision, RequestMembers } from '../rules/index.ts';
import type { IssueLock } from './issue-lock.ts';
import type { ProcessResult } from '../webhooks/index.ts';

/** The Jira reads the delivery processor makes (the gateway's methods of the same names). */
export interface DeliveryJira {
  getIssue(key: string, options?: { changelog?: boolean }): Promise<IssueSnapshot>;
  /** the account's group names (cached by the gateway) */
  userGroups(accountId: string): Promise<string[]>;
  /** a JSM request's participants and organization members (cached by the gateway) */
  requestMembers(issueKey: string): Promise<RequestMembers>;
  commentsSince(key: string, sinceMs: number): Promise<IssueComment[]>;
  /** one comment with its properties (a 404 when deleted); only for a webhook lacking accountType */
  getComment(key: string, commentId: string): Promise<IssueComment>;
  /** an account's user record, undefined when Jira has none; only for a webhook lacking accountType */
  getUser(accountId: string): Promise<JiraUser | undefined>;
}

/** What screening a delivery found that processing needs: the configured project it belongs to. */
export interface ScreenedDelivery {
  project: ProjectConfig;
  /** that project's key: the issue Jira returns on the re-read must be in it */
  projectKey: string;
}

export interface DeliveryProcessorOptions {
  gateway: DeliveryJira;
  config: ProjectsFile;
  /** performs the decisions' writes */
  runner: ActionRunner;
  /** the service's own account (its comments never trigger anything) */
  botAccountId: () => Promise<string>;
  /** serialises deliveries per issue; the service shares it with its sweep (default: its own) */
  lock?: IssueLock;
  /** called once per decision taken, for metrics */
  onDecision?: (decision: Decision, outcome: ProcessResult['outcome']) => void;
}
