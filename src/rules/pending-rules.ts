import { enteredCurrentStatus, statusMatches } from '../domain/index.ts';
import { noAction } from './actions.ts';
import { replyActions } from './comment-rules.ts';
import {
  lastCustomerComment,
  quietSince,
  type SweepContext,
  type SweepContextWithComments,
  type SweepDecision,
  type SweepVerdict,
} from './sweep-rules.ts';

/**
 * An issue in the pending status (docs/architecture.md §1, behaviour B4): a customer comment newer than the moment
 * it entered pending means its webhook was missed: back to the analysts.
 */
export function decidePending(context: SweepContextWithComments): SweepDecision;
export function decidePending(context: SweepContext): SweepVerdict;
export function decidePending(context: SweepContext): SweepVerdict {
  const { issue, project } = context;
  if (!statusMatches(project.statuses.pending, issue.status)) {
    return {
      kind: 'decided',
      decision: noAction('left-pending', `${issue.key} is no longer pending`),
    };
  }
  const entered = enteredCurrentStatus(issue);
  const since = entered?.atMs ?? issue.createdMs ?? 0;
  if (!context.comments) {
    if (quietSince(issue, since))
      return {
        kind: 'decided',
        decision: noAction('quiet-since-pending', 'no activity since it entered pending'),
      };
    return {
      kind: 'read-comments',
      reason: 'updated since it entered pending',
      code: 'updated-since',
    };
  }
  const reply = lastCustomerComment(context.comments, since);
  if (!reply)
    return {
      kind: 'decided',
      decision: noAction('no-customer-comment', 'no customer comment since it entered pending'),
    };
  return {
    kind: 'decided',
    decision: {
      rule: 'customer-reply',
      reason: `customer comment ${reply.id} while pending (its webhook was missed)`,
      code: 'missed-reply',
      actions: replyActions(issue, project, context.botAccountId ?? ''),
    },
  };
}
