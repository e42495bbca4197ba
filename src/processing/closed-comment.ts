import {
  decideCommentOnClosed,
  serviceCloseOf,
  type CommentContext,
  type Decision,
} from '../rules/index.ts';
import { decideWithMarkers } from './decide-with-markers.ts';
import type { DeliveryJira } from './processor-options.ts';

/**
 * A comment on an issue now in the closed status (a webhook that arrived after the service closed
 * it): decided by decideCommentOnClosed, knowing the marked comments since the validation entry.
 */
export async function decideOnClosedIssue(
  context: CommentContext,
  jira: Pick<DeliveryJira, 'commentsSince'>,
): Promise<Decision> {
  const found = serviceCloseOf(context.issue, context.project, context.botAccountId);
  // A rejection is only ever decided on a service close, which names its validation entry.
  const since = 'validation' in found ? found.validation.atMs : 0;
  return decideWithMarkers(context, decideCommentOnClosed, since, jira);
}
