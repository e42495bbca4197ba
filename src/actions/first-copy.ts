import { isApiError, isNotFoundError } from 'jira.js';
import { enteredCurrentStatus, type IssueComment, type IssueSnapshot } from '../domain/index.ts';
import { errorMessage, isTransientJiraError } from '../jira/index.ts';
import { markedCopies, type Marker } from '../rules/index.ts';

/** The Jira calls the duplicate check makes (the gateway's methods of the same names). */
export interface CopyJira {
  commentsSince(key: string, sinceMs: number): Promise<IssueComment[]>;
  deleteComment(key: string, commentId: string): Promise<void>;
}

/** What the check after posting a marked comment found and did. */
export interface FirstCopy {
  /** the copy that stays: the one just posted, or one another run posted first */
  kept: IssueComment;
  /** the copies this run deleted (or found already deleted), oldest first */
  removed: string[];
  /** DELETE requests sent (writes) */
  deletes: number;
  /** what could not be done (the read-back or a delete failed); the decision goes on */
  problem?: string;
}

/** How a delete went: done, already done by someone else, or failed with Jira's words. */
export type DeleteOutcome = { done: true } | { done: false; problem: string };

/**
 * No lock is shared between processes (the service, a CLI sweep, a CronJob), so two of them can
 * both find no marked comment and both post one. After posting, the poster reads the cycle's
 * comments back and keeps only the copy posted first, deleting the others, whoever posted them.
 * Every run orders the copies alike (Jira's creation time, then id), so the first copy is never
 * deleted, and the run whose post finished last sees every copy: one stays.
 *
 * A failed read-back or delete (the transport has already retried it) is reported and does not
 * fail the decision: failing it would not clean anything (that needs the same Jira), and would
 * leave a posted closing comment or reopen note without its move until the next run, a day later
 * for a closing. A copy left behind is removed by the run that posted the other copy, or, while
 * the issue is still in validation, by the sweep's closing decision, which deletes the later
 * copies among the comments it read (sweep-rules.ts). A reopen decision does not: its note is an
 * internal one, and the webhook path reads markers, not comments to delete.
 */
export async function keepFirstCopy(
  jira: CopyJira,
  issue: IssueSnapshot,
  posted: IssueComment,
  marker: Marker,
): Promise<FirstCopy> {
  let comments: IssueComment[];
  try {
    comments = await jira.commentsSince(issue.key, enteredCurrentStatus(issue)?.atMs ?? 0);
  } catch (error) {
    if (!isJiraFailure(error)) throw error;
    return { kept: posted, removed: [], deletes: 0, problem: errorMessage(error) };
  }
  // The one just posted is among the copies unless another run already deleted it.
  const present = comments.some((c) => c.id === posted.id);
  const copies = markedCopies(present ? comments : [...comments, posted], marker)!;
  const result: FirstCopy = {
    kept: copies.first,
    removed: present ? [] : [posted.id],
    deletes: 0,
  };
  const problems: string[] = [];
  for (const copy of copies.later) {
    if (copy.id === posted.id && !present) continue;
    result.deletes++;
    const outcome = await deleteCopy(jira, issue.key, copy.id);
    if (outcome.done) result.removed.push(copy.id);
    else problems.push(`${copy.id}: ${outcome.problem}`);
  }
  if (problems.length > 0) result.problem = `not removed: ${problems.join('; ')}`;
  return result;
}

/**
 * Deletes a duplicate. 404 is success: another run deleted it first. Any other Jira failure is
 * returned, never thrown: a duplicate left behind must not keep an issue from its move.
 */
export async function deleteCopy(
  jira: Pick<CopyJira, 'deleteComment'>,
  key: string,
  commentId: string,
): Promise<DeleteOutcome> {
  try {
    await jira.deleteComment(key, commentId);
    return { done: true };
  } catch (error) {
    if (isNotFoundError(error)) return { done: true };
    if (!isJiraFailure(error)) throw error;
    return { done: false, problem: errorMessage(error) };
  }
}

/** Jira answered with an error or could not be reached; anything else is a bug and escapes. */
function isJiraFailure(error: unknown): boolean {
  return isApiError(error) || isTransientJiraError(error);
}
