import { isNotFoundError } from 'jira.js';
import { isInternalComment, type IssueComment, type JiraUser } from '../domain/index.ts';
import type { CommentCreatedPayload } from '../webhooks/index.ts';
import type { DeliveryJira } from './processor-options.ts';

/** What a new comment is judged by: its author and whether the customer sees it. */
export interface WebhookComment {
  author?: JiraUser;
  isPublic: boolean;
  /** Jira's `jsdAuthorCanSeeRequest`, from the delivery or the comment read back */
  authorCanSeeRequest?: boolean;
}

/**
 * The comment of a comment_created delivery, judged with isInternalComment like the sweep's. Jira
 * leaves the author's accountType out of the webhook when the profile is private, so such a
 * comment is read back (visibility, properties and author as Jira holds them now) and, when the
 * read does not say either, the author's user record too. Every other delivery costs no call.
 * `gone`: the comment was deleted meanwhile. `issueKey` is the issue's key as Jira returned it on
 * the re-read.
 */
export async function commentAsJiraHasIt(
  payload: CommentCreatedPayload,
  issueKey: string,
  jira: Pick<DeliveryJira, 'getComment' | 'getUser'>,
): Promise<WebhookComment | 'gone'> {
  const { author, jsdPublic, visibility, jsdAuthorCanSeeRequest } = payload.comment;
  const isPublic = !isInternalComment({ jsdPublic, visibility });
  const flag =
    jsdAuthorCanSeeRequest !== undefined ? { authorCanSeeRequest: jsdAuthorCanSeeRequest } : {};
  // An internal comment never counts, whoever wrote it: no need to know more.
  if (!isPublic || author === undefined || author.accountType !== undefined) {
    return { ...(author ? { author } : {}), isPublic, ...flag };
  }
  let read: IssueComment;
  try {
    read = await jira.getComment(issueKey, payload.comment.id);
  } catch (error) {
    if (isNotFoundError(error)) return 'gone';
    throw error;
  }
  if (!read.isPublic) return { author: read.author ?? author, isPublic: false };
  const readAuthor = read.author ?? author;
  const accountType =
    readAuthor.accountType ?? (await jira.getUser(readAuthor.accountId))?.accountType;
  const readFlag =
    read.authorCanSeeRequest !== undefined
      ? { authorCanSeeRequest: read.authorCanSeeRequest }
      : flag;
  return {
    author: { ...readAuthor, ...(accountType !== undefined ? { accountType } : {}) },
    isPublic: read.isPublic,
    ...readFlag,
  };
}
