import type { Decision, SweepContext, ValidationWindow } from '../rules/index.ts';
import type { IssueSnapshot } from '../domain/index.ts';
import type { SweepKind, SweptIssue } from './issue-sweeper.ts';
import type { PlannedIssue } from './sweep-report.ts';

/**
 * One issue as the sweep finished it: the snapshot its decision rests on (the page's, or the one
 * read again), its final entry and, for a validation issue, its window. Dry runs that report every
 * issue looked at (the admin page's forecast) read these.
 */
export interface SeenIssue {
  kind: SweepKind;
  issue: IssueSnapshot;
  entry: SweptIssue;
  window?: ValidationWindow;
  /**
   * The decision the entry reports: its code and typed actions (the admin page words them in
   * Portuguese). Absent when the entry is no decision's: the issue gone when read again, moved
   * meanwhile, or failed. Never part of the report, whose JSON is compared exactly.
   */
  decision?: Decision;
}

/** The entry of an issue whose work failed on a Jira error. */
export function failedIssue(
  key: string,
  kind: SweepKind,
  reason: string,
  transient: boolean,
): SweptIssue {
  return {
    issue: key,
    status: kind,
    outcome: 'failed',
    rule: 'none',
    reason,
    actions: [],
    transient,
  };
}

/** An error's message without the issue key it starts with: the report names the issue already. */
export function ownReason(key: string, message: string): string {
  return message.startsWith(`${key}: `) ? message.slice(key.length + 2) : message;
}

/** The entry of an issue the sweep did nothing to, and why. */
export function nothingDone(key: string, kind: SweepKind, reason: string): SweptIssue {
  return { issue: key, status: kind, outcome: 'no-action', rule: 'none', reason, actions: [] };
}

/** The entry of an issue that Jira no longer returned when read again. */
export function gone(key: string, kind: SweepKind): SweptIssue {
  return nothingDone(key, kind, 'no longer found when read again (deleted, or out of reach)');
}

/** Whether Jira's answer now differs from the search page's in what a decision rests on. */
export function changedSince(page: IssueSnapshot, now: IssueSnapshot): boolean {
  return page.status.id !== now.status.id || page.updatedMs !== now.updatedMs;
}

/** When the issue's validation window closes, as the report shows it. */
export function windowOf(
  context: SweepContext,
  window: ValidationWindow | undefined,
): Pick<PlannedIssue, 'closesAt' | 'lastBusinessDay'> {
  if (!window) return {};
  return {
    closesAt: context.calendar.zone.formatInstant(window.closesAtMs),
    lastBusinessDay: window.lastBusinessDay,
  };
}
