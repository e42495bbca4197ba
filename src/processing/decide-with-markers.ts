import { markerOf, type CommentContext, type Decision } from '../rules/index.ts';
import type { DeliveryJira } from './processor-options.ts';

/**
 * Decides with `rule`; a rejection is decided again knowing the service's marked comments since
 * `sinceMs` (the entry into validation), so that a retry after a failed move does not post the
 * reopen note twice.
 */
export async function decideWithMarkers(
  context: CommentContext,
  rule: (context: CommentContext) => Decision,
  sinceMs: number,
  jira: Pick<DeliveryJira, 'commentsSince'>,
): Promise<Decision> {
  const decision = rule(context);
  if (decision.rule !== 'customer-rejection') return decision;
  const comments = await jira.commentsSince(context.issue.key, sinceMs);
  return rule({ ...context, markers: comments.flatMap((c) => markerOf(c) ?? []) });
}
