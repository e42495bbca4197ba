import type { ProjectConfig } from '../config/index.ts';
import { statusMatches, type IssueSnapshot, type StatusChange } from '../domain/index.ts';
import { noAction, type RuleDecision } from './actions.ts';
import { reopenActions, type CommentContext } from './comment-rules.ts';
import { markerOf, type Marker } from './markers.ts';
import type {
  JudgedComment,
  SweepContext,
  SweepContextWithComments,
  SweepDecision,
  SweepVerdict,
} from './sweep-rules.ts';

/** The service's close of an issue straight from validation, and the validation entry it ended. */
export interface ServiceClose {
  close: StatusChange;
  /** the entry into validation before the close: its history id is the validation cycle */
  validation: StatusChange;
}

/**
 * Whether the issue's entry into the closed status was the service's own, made straight from the
 * validation status (the auto-close), with the validation entry it ended; otherwise why not.
 */
export function serviceCloseOf(
  issue: IssueSnapshot,
  project: ProjectConfig,
  botAccountId: string | undefined,
): ServiceClose | RuleDecision {
  const changes = issue.statusChanges ?? [];
  const at = changes.findLastIndex((c) => c.to.id === issue.status.id);
  const close = changes[at];
  if (!close) {
    return noAction(
      'entry-not-in-history',
      `${issue.key}: the history does not show when it was closed`,
    );
  }
  if (botAccountId === undefined || close.author?.accountId !== botAccountId) {
    return noAction(
      'not-closed-by-service',
      `${issue.key} was closed by someone other than the service`,
    );
  }
  if (!statusMatches(project.statuses.validation, close.from)) {
    return noAction(
      'closed-from-other-status',
      `${issue.key} was closed from "${close.from.name}", not from validation`,
    );
  }
  const validation = changes.slice(0, at).findLast((c) => c.to.id === close.from.id);
  if (!validation) {
    return noAction(
      'entry-not-in-history',
      `${issue.key}: the history does not show when it entered validation`,
    );
  }
  return { close, validation };
}

function isServiceClose(found: ServiceClose | RuleDecision): found is ServiceClose {
  return 'close' in found;
}

/** The reopen: the note marked for the validation cycle (unless already posted), then the move. */
function reopening(
  issue: IssueSnapshot,
  project: ProjectConfig,
  { validation }: ServiceClose,
  markers: readonly Marker[],
  reason: string,
): RuleDecision {
  return {
    rule: 'customer-rejection',
    code: 'rejected-before-close',
    reason,
    actions: reopenActions(issue, project, validation.historyId, markers),
  };
}

/**
 * A comment on an issue in the closed status, delivered by a webhook (docs/architecture.md §1,
 * B2). A sweep may close an issue after its last look at the comments: a customer's public
 * comment made in that validation cycle, before (or at) the service's close, is a rejection all
 * the same and reopens the issue. A close by a person or from another status, and a
 * comment from before the cycle or after the close, leave the issue closed.
 */
export function decideCommentOnClosed(context: CommentContext): RuleDecision {
  const { comment, issue, project } = context;
  if (!statusMatches(project.statuses.closed, issue.status)) {
    return noAction('status-not-handled', `${issue.key} is in "${issue.status.name}", not closed`);
  }
  if (!comment.isPublic)
    return noAction('internal-comment', 'internal comments never count as the customer');
  if (!context.customer.isCustomer) return noAction('not-customer', context.customer.reason);
  const found = serviceCloseOf(issue, project, context.botAccountId);
  if (!isServiceClose(found)) return found;
  if (comment.createdMs < found.validation.atMs) {
    return noAction('before-validation', 'the comment predates the validation the service closed');
  }
  if (comment.createdMs > found.close.atMs) {
    return noAction('comment-after-close', 'the comment was made after the service closed it');
  }
  return reopening(
    issue,
    project,
    found,
    context.markers ?? [],
    'customer commented during validation, just before the service closed it: the solution was rejected',
  );
}

/**
 * An issue in the closed status, found by the catch-up sweep (B4): the repair of the case above
 * when its webhook was lost. Only a close by the service from validation since the look-back began
 * is looked at, and only then are its comments read (every other closed issue costs no call).
 */
export function decideClosed(context: SweepContextWithComments): SweepDecision;
export function decideClosed(context: SweepContext): SweepVerdict;
export function decideClosed(context: SweepContext): SweepVerdict {
  const { issue, project } = context;
  const decided = (decision: RuleDecision): SweepDecision => ({ kind: 'decided', decision });
  if (!statusMatches(project.statuses.closed, issue.status)) {
    return decided(noAction('left-closed', `${issue.key} is no longer closed`));
  }
  const found = serviceCloseOf(issue, project, context.botAccountId);
  if (!isServiceClose(found)) return decided(found);
  const { close, validation } = found;
  if (context.lookbackStartMs !== undefined && close.atMs < context.lookbackStartMs) {
    return decided(
      noAction('close-before-lookback', 'closed by the service before the catch-up look-back'),
    );
  }
  if (!context.comments) {
    return {
      kind: 'read-comments',
      sinceMs: validation.atMs,
      reason: 'closed by the service from validation',
      code: 'closed-by-service',
    };
  }
  const rejection = rejectionBefore(context.comments, found);
  if (!rejection) {
    return decided(
      noAction(
        'no-rejection-before-close',
        'no customer comment during validation before the close',
      ),
    );
  }
  const markers = context.comments.map(markerOf).filter((m): m is Marker => m !== undefined);
  return decided(
    reopening(
      issue,
      project,
      found,
      markers,
      `customer comment ${rejection.id} during validation, before the service closed it (its webhook was missed)`,
    ),
  );
}

/** The last customer public comment of the validation cycle made before (or at) the close. */
function rejectionBefore(
  comments: readonly JudgedComment[],
  { close, validation }: ServiceClose,
): JudgedComment | undefined {
  return comments
    .filter(
      (c) =>
        c.isPublic &&
        c.customer.isCustomer &&
        c.createdMs >= validation.atMs &&
        c.createdMs <= close.atMs,
    )
    .at(-1);
}
