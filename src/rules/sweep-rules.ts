import { formatBrazilianDate, parseIsoDate, type BusinessCalendar } from '../calendar/index.ts';
import { renderTemplate, type ProjectConfig } from '../config/index.ts';
import {
  enteredCurrentStatus,
  statusMatches,
  type IssueComment,
  type IssueSnapshot,
} from '../domain/index.ts';
import { noAction, transitionTo, type RuleDecision } from './actions.ts';
import { issueTemplateValues, reopenActions } from './comment-rules.ts';
import { laterCopiesInCycle, MARKER_PROPERTY, markerOf, type Marker } from './markers.ts';
import type { CustomerVerdict } from './customer.ts';
import type { ReadCommentsCode } from './reason-codes.ts';
import {
  reminderSentAtMs,
  validationWindow,
  VALIDATION_PROPERTY,
  type ValidationWindow,
} from './validation-window.ts';

export {
  reminderSentAtMs,
  validationWindow,
  VALIDATION_PROPERTY,
  type ValidationWindow,
} from './validation-window.ts';

export interface JudgedComment extends IssueComment {
  customer: CustomerVerdict;
}

export interface SweepContext {
  /** the issue with its complete status history */
  issue: IssueSnapshot;
  project: ProjectConfig;
  calendar: BusinessCalendar;
  nowMs: number;
  /** the service's own account (never the analyst a reply is assigned back to) */
  botAccountId?: string;
  /** comments created since the issue entered its status, each judged; undefined when not read */
  comments?: JudgedComment[];
  /**
   * The catch-up: the start of its look-back (`updated >= -Nm`). Closes before it are not looked
   * at again (decideClosed): an earlier catch-up saw them.
   */
  lookbackStartMs?: number;
}

/** A final verdict: what to do with the issue. */
export interface SweepDecision {
  kind: 'decided';
  decision: RuleDecision;
  window?: ValidationWindow;
}

/** What the sweep does next for one issue. */
export type SweepVerdict =
  | {
      kind: 'read-comments';
      window?: ValidationWindow;
      /** the comments to read are those created since then (default: since the window opened) */
      sinceMs?: number;
      reason: string;
      code: ReadCommentsCode;
    }
  | SweepDecision;

/** A context whose comments are read: a rule given one always decides. */
export type SweepContextWithComments = SweepContext & { comments: JudgedComment[] };

/** decideValidation and decidePending: final once the comments are read. */
export interface SweepRule {
  (context: SweepContextWithComments): SweepDecision;
  (context: SweepContext): SweepVerdict;
}

/**
 * Comments are the expensive read. A quiet issue (not updated since it entered its status, or since
 * the service's own reminder) has no comment to find, since any comment bumps `updated`. Compared
 * strictly: Jira stamps a transition's history and `updated` with one instant, and a comment made
 * a moment later must be read (a slack of even one second hid customer replies).
 */
export function quietSince(issue: IssueSnapshot, sinceMs: number): boolean {
  return issue.updatedMs !== undefined && issue.updatedMs <= sinceMs;
}

export function lastCustomerComment(
  comments: JudgedComment[],
  sinceMs: number,
): JudgedComment | undefined {
  return comments
    .filter((c) => c.isPublic && c.customer.isCustomer && c.createdMs >= sinceMs)
    .at(-1);
}

/**
 * An issue in the validation status (docs/architecture.md §1, behaviours B2, B3 and B5): a customer comment since it
 * entered reopens it (its webhook was missed); past the deadline it is closed with the closing
 * comment; near the deadline the reminder goes out once; otherwise nothing.
 *
 * Closing is two writes, comment then transition, and either may fail. The comment carries a marker
 * for the cycle, so a rerun that finds it only transitions: never two closing comments, never a
 * closed issue without one.
 */
export function decideValidation(context: SweepContextWithComments): SweepDecision;
export function decideValidation(context: SweepContext): SweepVerdict;
export function decideValidation(context: SweepContext): SweepVerdict {
  const { issue, project, calendar, nowMs } = context;
  if (!statusMatches(project.statuses.validation, issue.status)) {
    return {
      kind: 'decided',
      decision: noAction('left-validation', `${issue.key} is no longer in validation`),
    };
  }
  const entered = enteredCurrentStatus(issue);
  if (!entered) {
    return {
      kind: 'decided',
      decision: noAction(
        'entry-not-in-history',
        `${issue.key}: the history does not show when it entered validation`,
      ),
    };
  }
  const window = validationWindow(entered, project, calendar);
  const due = nowMs >= window.closesAtMs;
  const reminderDue = window.reminderAtMs !== undefined && nowMs >= window.reminderAtMs && !due;

  const remindedAt = reminderSentAtMs(issue, window);
  const lastOwnActivity = Number.isNaN(remindedAt)
    ? entered.atMs
    : Math.max(entered.atMs, remindedAt);
  // A quiet issue has no comment since it entered validation, apart from the service's reminder.
  const comments = context.comments ?? (quietSince(issue, lastOwnActivity) ? [] : undefined);
  if (!comments) {
    return {
      kind: 'read-comments',
      window,
      reason: due ? 'due' : reminderDue ? 'reminder due' : 'updated since',
      code: due ? 'due' : reminderDue ? 'reminder-due' : 'updated-since',
    };
  }

  const rejection = lastCustomerComment(comments, entered.atMs);
  if (rejection) {
    return {
      kind: 'decided',
      window,
      decision: {
        rule: 'customer-rejection',
        reason: `customer comment ${rejection.id} during validation (its webhook was missed)`,
        code: 'missed-rejection',
        actions: reopenActions(
          issue,
          project,
          window.cycle,
          comments.map(markerOf).filter((m): m is Marker => m !== undefined),
        ),
      },
    };
  }

  const markers = comments.map(markerOf).filter((m): m is Marker => m?.cycle === window.cycle);
  const values = templateValues(context, window);
  if (due) {
    const copies = laterCopiesInCycle(comments, window.cycle);
    return { kind: 'decided', window, decision: closing(project, window, markers, values, copies) };
  }
  if (reminderDue) {
    const alreadySent = markers.some((m) => m.kind === 'reminder') || !Number.isNaN(remindedAt);
    return {
      kind: 'decided',
      window,
      decision: alreadySent
        ? noAction('reminder-already-sent', 'reminder already sent for this cycle')
        : reminding(project, window, values),
    };
  }
  return {
    kind: 'decided',
    window,
    decision: noAction('not-due', 'not due, and no customer comment since it entered validation'),
  };
}

type TemplateValues = ReturnType<typeof templateValues>;

/**
 * Past the deadline: the marked closing comment (unless a rerun finds it posted), then the close.
 * Later copies of the cycle's marked comments among those read (two runs raced and neither could
 * remove them, or one crashed) are deleted first, at no extra read: once closed, no run looks here.
 */
function closing(
  project: ProjectConfig,
  window: ValidationWindow,
  markers: readonly Marker[],
  values: TemplateValues,
  laterCopies: readonly IssueComment[],
): RuleDecision {
  const alreadyCommented = markers.some((m) => m.kind === 'closing');
  return {
    rule: 'auto-close',
    reason: alreadyCommented
      ? 'deadline passed; the closing comment is already posted, closing'
      : `deadline passed (${window.lastBusinessDay} was the last business day) with no customer comment`,
    code: alreadyCommented ? 'closing-comment-posted' : 'deadline-passed',
    actions: [
      ...laterCopies.map((copy) => ({
        type: 'delete-comment' as const,
        commentId: copy.id,
        why: `a later copy of this cycle's ${markerOf(copy)!.kind} comment`,
      })),
      ...(alreadyCommented
        ? []
        : [
            {
              type: 'comment' as const,
              text: renderTemplate(project.templates.closing, values),
              internal: false,
              properties: { [MARKER_PROPERTY]: { kind: 'closing', cycle: window.cycle } },
              why: 'tell the customer the issue closed without validation',
            },
          ]),
      transitionTo(project, 'closed', 'the validation window ended'),
    ],
  };
}

/** Near the deadline: one marked reminder, recorded in the issue property for its cycle. */
function reminding(
  project: ProjectConfig,
  window: ValidationWindow,
  values: TemplateValues,
): RuleDecision {
  return {
    rule: 'reminder',
    reason: `closes at ${new Date(window.closesAtMs).toISOString()}; reminding the customer once`,
    code: 'reminder-due',
    actions: [
      {
        type: 'comment',
        text: renderTemplate(project.templates.reminder, values),
        internal: false,
        properties: { [MARKER_PROPERTY]: { kind: 'reminder', cycle: window.cycle } },
        why: 'remind the customer of the closing date',
      },
      {
        type: 'set-property',
        key: VALIDATION_PROPERTY,
        value: { cycle: window.cycle, closesAt: new Date(window.closesAtMs).toISOString() },
        stampWithCommentTime: 'reminderCommentAt',
        why: 'record the reminder of this cycle in the issue',
      },
    ],
  };
}

function templateValues(context: SweepContext, window: ValidationWindow) {
  const { calendar, issue, project, nowMs } = context;
  const zone = calendar.zone;
  const closingDay =
    context.nowMs >= window.closesAtMs ? zone.localDay(nowMs) : zone.localDay(window.closesAtMs);
  return {
    ...issueTemplateValues(issue),
    businessDays: project.validation.businessDays,
    resolvedDate: formatBrazilianDate(zone.localDay(window.enteredAtMs)),
    closingDate: formatBrazilianDate(closingDay),
    lastBusinessDay: formatBrazilianDate(parseIsoDate(window.lastBusinessDay)!),
  };
}
