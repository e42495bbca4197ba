import {
  decideCommentOnClosed,
  markerOf,
  serviceCloseOf,
  type CommentContext,
  type Decision,
} from '../rules/index.ts';
import type { DeliveryJira } from './processor-options.ts';

/**
 * A comment on an issue now in the closed status (a webhook that arrived after the service closed
 * it): decided by decideCommentOnClosed; a rejection is decided again knowing the service's marked
 * comments since the validation entry, so that a retry after a failed move posts no second note.
 */
export async function decideOnClosedIssue(
  context: CommentContext,
  jira: Pick<DeliveryJira, 'commentsSince'>,
): Promise<Decision> {
  const decision = decideCommentOnClosed(context);
  if (decision.rule !== 'customer-rejection') return decision;
  const found = serviceCloseOf(context.issue, context.project, context.botAccountId);
  // A rejection is only ever decided on a service close, which names its validation entry.
  const since = 'validation' in found ? found.validation.atMs : 0;
  const comments = await jira.commentsSince(context.issue.key, since);
  const markers = comments.flatMap((c) => markerOf(c) ?? []);
  return decideCommentOnClosed({ ...context, markers });
}
