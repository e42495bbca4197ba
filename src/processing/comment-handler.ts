import { isNotFoundError } from 'jira.js';
import type { Logger } from 'pino';
import type { ProjectConfig } from '../config/index.ts';
import { enteredCurrentStatus, statusMatches, type IssueSnapshot } from '../domain/index.ts';
import { decideOnComment, type CommentContext } from '../rules/index.ts';
import type { CommentCreatedPayload, ProcessResult } from '../webhooks/index.ts';
import { act } from './act.ts';
import { decideWithMarkers } from './decide-with-markers.ts';
import { decideOnClosedIssue } from './closed-comment.ts';
import { judgeCommentAuthor } from './comment-author.ts';
import type {
  DeliveryJira,
  DeliveryProcessorOptions,
  ScreenedDelivery,
} from './processor-options.ts';
import { commentAsJiraHasIt, type WebhookComment } from './webhook-comment.ts';

/**
 * A new comment: unless it is the service's own, re-read the issue, decide as the rules say and
 * act. Callers serialise this per issue.
 */
export async function onComment(
  payload: CommentCreatedPayload,
  { project, projectKey }: ScreenedDelivery,
  options: DeliveryProcessorOptions,
  log: Logger,
): Promise<ProcessResult> {
  const botAccountId = await options.botAccountId();
  if (payload.comment.author?.accountId === botAccountId) {
    return { outcome: 'no-action', reason: "the service's own comment" };
  }
  let issue: IssueSnapshot;
  try {
    issue = await options.gateway.getIssue(payload.issue.key, { changelog: true });
  } catch (error) {
    // Deleted, or moved out of the bot's sight: nothing to do, and no point in Jira retrying.
    if (isNotFoundError(error))
      return { outcome: 'no-action', reason: 'the issue no longer exists' };
    throw error;
  }
  // Jira answers an old key with the issue it names now (moved to another project, its key
  // changed): the re-read, not the payload, says what may be touched, and later calls use its key.
  if (issue.projectKey !== projectKey) {
    // The answer does not say where the issue went; the log does.
    const reason = `Jira has the issue in another project than ${projectKey}: nothing done`;
    log.warn(
      { outcome: 'no-action', reason, jiraKey: issue.key, jiraProject: issue.projectKey },
      'the issue is not in its project',
    );
    return { outcome: 'no-action', reason };
  }
  const judged = await commentAsJiraHasIt(payload, issue.key, options.gateway);
  if (judged === 'gone') return { outcome: 'no-action', reason: 'the comment no longer exists' };
  const context = await commentContext(
    payload,
    judged,
    issue,
    project,
    botAccountId,
    options.gateway,
  );
  // Closed since the comment was made (the service's close can beat its webhook): its own rule.
  const decision = statusMatches(project.statuses.closed, issue.status)
    ? await decideOnClosedIssue(context, options.gateway)
    : await decideWithMarkers(
        context,
        decideOnComment,
        enteredCurrentStatus(issue)?.atMs ?? 0,
        options.gateway,
      );
  return act(issue, decision, options, log);
}

async function commentContext(
  payload: CommentCreatedPayload,
  { author, isPublic, authorCanSeeRequest }: WebhookComment,
  issue: IssueSnapshot,
  project: ProjectConfig,
  botAccountId: string,
  jira: DeliveryJira,
): Promise<CommentContext> {
  const customer = await judgeCommentAuthor({
    author,
    isPublic,
    authorCanSeeRequest,
    issue,
    project,
    botAccountId,
    groupsOf: (accountId) => jira.userGroups(accountId),
    requestMembersOf: (issueKey) => jira.requestMembers(issueKey),
  });
  return {
    comment: {
      id: payload.comment.id,
      ...(author ? { author } : {}),
      isPublic,
      createdMs: payload.comment.createdMs ?? payload.timestamp,
    },
    issue,
    project,
    customer,
    botAccountId,
  };
}
