/**
 * The one vocabulary config, jira, rules, webhooks and jobs share (docs/architecture.md), and the
 * one scrubber of secrets from every output.
 */
export {
  describeStatus,
  normalizeStatusName,
  statusMatches,
  type Status,
  type StatusRef,
} from './status.ts';
export type { JiraUser } from './user.ts';
export {
  INTERNAL_COMMENT_PROPERTY,
  isInternalComment,
  type CommentAudience,
  type CommentVisibility,
} from './comment-visibility.ts';
export {
  enteredCurrentStatus,
  type IssueComment,
  type IssueSnapshot,
  type StatusChange,
} from './issue.ts';
export {
  isIssueKey,
  ISSUE_KEY_PATTERN,
  JIRA_ID_PATTERN,
  keyOutsideProject,
  projectOfKey,
} from './issue-key.ts';
export { projectByKey } from './project-lookup.ts';
export { jiraInstantMs, parseJiraDateTime } from './jira-time.ts';
export { formatPath, valueAt } from './validation-path.ts';
export {
  MIN_SECRET_LENGTH,
  NO_SECRETS,
  REDACTED,
  secretScrubber,
  type BasicCredentials,
  type SecretScrubber,
  type SecretSources,
} from './secret-scrubber.ts';
