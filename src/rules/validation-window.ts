/**
 * A validation cycle's window (docs/architecture.md §1, business days) and what the service
 * records of it in the issue: the pieces the sweep's rules and the admin page both read.
 */
import type { BusinessCalendar } from '../calendar/index.ts';
import type { ProjectConfig } from '../config/index.ts';
import type { IssueSnapshot, StatusChange } from '../domain/index.ts';

/** The issue property where the service records what it did in the current validation cycle. */
export const VALIDATION_PROPERTY = 'jira-support.validation';

export interface ValidationWindow {
  cycle: string;
  enteredAtMs: number;
  lastBusinessDay: string;
  closesAtMs: number;
  reminderAtMs?: number;
}

/** What the service records in the issue property when it reminds (see VALIDATION_PROPERTY). */
interface ValidationRecord {
  cycle?: string;
  /** when the reminder comment was created, by Jira's clock */
  reminderCommentAt?: string;
}

/**
 * When the reminder of the window's cycle went out, as the issue property records it (NaN when it
 * records none for this cycle). The sweep and the admin page read it the same way.
 */
export function reminderSentAtMs(issue: IssueSnapshot, window: ValidationWindow): number {
  const record = issue.properties?.[VALIDATION_PROPERTY] as ValidationRecord | undefined;
  return record?.cycle === window.cycle ? Date.parse(record.reminderCommentAt ?? '') : NaN;
}

export function validationWindow(
  entered: StatusChange,
  project: ProjectConfig,
  calendar: BusinessCalendar,
): ValidationWindow {
  const days = project.validation.businessDays;
  const deadline = calendar.deadline(entered.atMs, days);
  const window: ValidationWindow = {
    cycle: entered.historyId,
    enteredAtMs: entered.atMs,
    lastBusinessDay: deadline.lastBusinessDay,
    closesAtMs: deadline.closesAtMs,
  };
  if (project.reminder.enabled) {
    const before = Math.min(project.reminder.businessDaysBefore, days);
    // Reminder from the start of the last `before` business days of the window.
    window.reminderAtMs =
      days - before < 1 ? entered.atMs : calendar.closesAtMs(entered.atMs, days - before);
  }
  return window;
}
