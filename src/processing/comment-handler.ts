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
import type { DeliveryJira, DeliveryProcessorOptions } from './processor-options.ts';
import { commentAsJiraHasIt, type WebhookComment } from './webhook-comment.ts';

/**
 * A new comment: unless it is the service's own, re-read the issue, decide as the rules say and
 * act. Callers serialise this per issue.
 */
export async function onComment(
  payload: CommentCreatedPayload,
  project: ProjectConfig,
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
  const judged = await commentAsJiraHasIt(payload, options.gateway);
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
  { author, isPublic }: WebhookComment,
  issue: IssueSnapshot,
  project: ProjectConfig,
  botAccountId: string,
  jira: DeliveryJira,
): Promise<CommentContext> {
  const customer = await judgeCommentAuthor({
    author,
    isPublic,
    issue,
    project,
    botAccountId,
    groupsOf: (accountId) => jira.userGroups(accountId),
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
