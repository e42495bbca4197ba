/**
 * Pure decisions: one row of "Próximos encerramentos" or "Aguardando o cliente" from an issue the
 * dry run looked at (its snapshot, final entry and validation window).
 */
import type { BusinessCalendar, DayNumber } from '../calendar/index.ts';
import { issueLink, type ProjectConfig } from '../config/index.ts';
import { enteredCurrentStatus } from '../domain/index.ts';
import type { SeenIssue } from '../jobs/index.ts';
import { reminderSentAtMs, type ValidationWindow } from '../rules/index.ts';
import type { ForecastRow, PendingRow, PlannedDecision } from './admin-model.ts';
import { describeSteps } from './decision-steps.ts';
import { explainDecision, OUTCOME_CODES, type ExplainedCode } from './decision-text.ts';

export interface RowContext {
  siteUrl: string;
  project: ProjectConfig;
  calendar: BusinessCalendar;
  nowMs: number;
  /** the local date of nowMs in the project's zone */
  today: DayNumber;
}

/** A row and the instant it is sorted by (undefined: last). */
export interface Sortable<Row> {
  row: Row;
  sortMs: number | undefined;
}

export function forecastRow(
  seen: SeenIssue,
  project: string,
  ctx: RowContext,
): Sortable<ForecastRow> {
  const { window } = seen;
  const { zone } = ctx.calendar;
  const row: ForecastRow = {
    ...common(seen, project, ctx),
    reminder: reminderOf(seen, window, ctx),
    decision: decisionOf(seen),
  };
  if (window) {
    row.enteredAt = zone.formatInstant(window.enteredAtMs);
    row.closesAt = zone.formatInstant(window.closesAtMs);
    row.lastBusinessDay = window.lastBusinessDay;
    row.businessDaysLeft = businessDaysLeft(window, ctx);
  }
  return { row, sortMs: window?.closesAtMs };
}

export function pendingRow(
  seen: SeenIssue,
  project: string,
  ctx: RowContext,
): Sortable<PendingRow> {
  const sinceMs = enteredCurrentStatus(seen.issue)?.atMs;
  const row: PendingRow = {
    ...common(seen, project, ctx),
    replyWaiting: seen.entry.rule === 'customer-reply',
    decision: decisionOf(seen),
  };
  if (sinceMs !== undefined) {
    row.since = ctx.calendar.zone.formatInstant(sinceMs);
    row.businessDaysWaiting = businessDaysBetween(
      ctx.calendar,
      ctx.calendar.zone.localDay(sinceMs) + 1,
      ctx.today - 1,
    );
  }
  return { row, sortMs: sinceMs };
}

function common(seen: SeenIssue, project: string, ctx: RowContext) {
  const { issue } = seen;
  const customer = issue.reporter?.displayName;
  return {
    issue: issue.key,
    project,
    url: issueLink(ctx.siteUrl, issue.key),
    summary: issue.summary ?? '',
    ...(customer !== undefined ? { customer } : {}),
  };
}

function decisionOf(seen: SeenIssue): PlannedDecision {
  const { entry, decision } = seen;
  const code = explainedCode(seen);
  return {
    outcome: entry.outcome,
    rule: entry.rule,
    reason: entry.reason,
    actions: entry.actions,
    code,
    explanation: explainDecision(code, {
      ...(seen.window ? { lastBusinessDay: seen.window.lastBusinessDay } : {}),
      status: seen.issue.status.name,
    }),
    // Blocked and deferred decisions do nothing: no steps, as no actions.
    steps: entry.actions.length > 0 && decision ? describeSteps(decision.actions, seen.issue) : [],
  };
}

/** The outcome when it overrides the decision, else the rules' code (see ExplainedCode). */
export function explainedCode({ entry, decision }: SeenIssue): ExplainedCode {
  const outcome = OUTCOME_CODES.find((o) => o === entry.outcome);
  if (outcome) return outcome;
  if (decision?.code) return decision.code;
  return decision ? 'left-for-nightly' : 'issue-changed';
}

/**
 * Business days from today (when it is one) to the last business day of the window, never before
 * the day after the issue entered (the window's first day); 0 once due.
 */
function businessDaysLeft(window: ValidationWindow, ctx: RowContext): number {
  if (ctx.nowMs >= window.closesAtMs) return 0;
  const { zone } = ctx.calendar;
  const first = Math.max(ctx.today, zone.localDay(window.enteredAtMs) + 1);
  return businessDaysBetween(ctx.calendar, first, zone.localDay(window.closesAtMs) - 1);
}

/** Business days in [from, to]; 0 when the range is empty. */
export function businessDaysBetween(
  calendar: BusinessCalendar,
  from: DayNumber,
  to: DayNumber,
): number {
  let count = 0;
  for (let day = from; day <= to; day++) if (calendar.isBusinessDay(day)) count++;
  return count;
}

function reminderOf(
  seen: SeenIssue,
  window: ValidationWindow | undefined,
  ctx: RowContext,
): ForecastRow['reminder'] {
  if (!ctx.project.reminder.enabled) return { state: 'off' };
  const sentMs = window ? reminderSentAtMs(seen.issue, window) : NaN;
  if (!Number.isNaN(sentMs)) return { state: 'sent', at: ctx.calendar.zone.formatInstant(sentMs) };
  // Found by its marked comment rather than the property (a run that could not set it).
  if (seen.decision?.code === 'reminder-already-sent') return { state: 'sent' };
  if (seen.entry.rule === 'reminder') return { state: 'due' };
  if (!window || window.reminderAtMs === undefined) return { state: 'off' };
  // Past the close, the next sweep closes it: no reminder goes out any more.
  if (ctx.nowMs >= window.closesAtMs) return { state: 'not-sent' };
  if (ctx.nowMs >= window.reminderAtMs) return { state: 'due' };
  return { state: 'scheduled', at: ctx.calendar.zone.formatInstant(window.reminderAtMs) };
}
