/**
 * What the admin page shows (issue 15), section by section: the JSON that `GET /admin/api/...`
 * serves, and the data the HTML page is rendered from. Instants are ISO strings with the project's
 * offset (2026-02-25T00:00:00-03:00), dates YYYY-MM-DD; the page formats them dd/mm/aaaa.
 */
import type { RuleName } from '../rules/index.ts';
import type { SweepMode, SweepOutcome } from '../jobs/index.ts';

/** Where a section's data came from, and what it cost. */
export interface SectionSource {
  /** when the data was read from Jira (or computed) */
  generatedAt: string;
  /** true when this answer came from the cache (no Jira call was made for it) */
  cached: boolean;
  /** Jira calls spent building the cached data (0 for sections computed from memory) */
  jiraCalls: number;
}

/** One page of a long list (10,000 issues in validation are served 50 at a time). */
export interface Paging {
  page: number;
  pageSize: number;
  total: number;
  pages: number;
}

/** What the dry run would do with an issue now, from the same rules as `sweep --dry-run`. */
export interface PlannedDecision {
  outcome: SweepOutcome;
  rule: RuleName;
  /** the rules' reason, in English, as the logs and `sweep --json` say it */
  reason: string;
  /** what the dry run prints for each action, in English */
  actions: string[];
  /** why, machine-readable: the rules' DecisionCode, or the outcome when it overrides (failed, blocked) */
  code?: string;
  /** the reason in Portuguese, one sentence, dates dd/mm/aaaa (src/admin/decision-text.ts) */
  explanation?: string;
  /** each action in Portuguese, in order (src/admin/decision-steps.ts) */
  steps?: string[];
}

export type ReminderState =
  /** the reminder comment went out in this validation cycle */
  | 'sent'
  /** due now: the next nightly sweep posts it */
  | 'due'
  /** to go out at `at` */
  | 'scheduled'
  /** the window ended with none sent (the service was not running, or reminders were off): none will be */
  | 'not-sent'
  /** reminders are disabled for the project */
  | 'off';

/** 1. Próximos encerramentos: one issue in validation. */
export interface ForecastRow {
  issue: string;
  project: string;
  /** the issue in Jira (the site people open) */
  url: string;
  summary: string;
  /** the reporter's display name */
  customer?: string;
  enteredAt?: string;
  /** the closing moment (00:00 after the last business day) */
  closesAt?: string;
  lastBusinessDay?: string;
  /** business days left in the window, today included when it is one; 0 once due */
  businessDaysLeft?: number;
  reminder: { state: ReminderState; at?: string };
  decision: PlannedDecision;
}

/** One calendar day of the forecast chart. */
export interface ForecastDay {
  date: string;
  /** issues whose closing moment falls on this date (issues already due count on today) */
  closes: number;
  /** why it is not a business day, named (a weekend, a holiday, a company closure) */
  dayOff?: { kind: DayKind; name: string };
}

/** Closes per day from today to the 10th business day, per project (calendars differ). */
export interface ForecastChart {
  project: string;
  days: ForecastDay[];
}

export interface ForecastSection extends SectionSource {
  paging: Paging;
  /** in closing order (earliest first; issues without a window last) */
  rows: ForecastRow[];
  charts: ForecastChart[];
  /** issues already past their window: the next nightly sweep closes them */
  due: number;
  /** projects the dry run could not read, with Jira's reason */
  failedProjects: { project: string; reason: string }[];
  /** why the dry run stopped before it finished (Jira failing): the lists are partial */
  stoppedEarly?: string;
}

/** 2. Aguardando o cliente: one issue in the pending status. */
export interface PendingRow {
  issue: string;
  project: string;
  url: string;
  summary: string;
  customer?: string;
  /** when it entered the pending status */
  since?: string;
  /** business days since then (today not counted) */
  businessDaysWaiting?: number;
  /** a customer reply is there but the issue is still pending: a missed webhook */
  replyWaiting: boolean;
  decision: PlannedDecision;
}

export interface PendingSection extends SectionSource {
  paging: Paging;
  /** longest waiting first */
  rows: PendingRow[];
  /** how many have a reply waiting (over all pages) */
  replyWaiting: number;
  /** why the dry run stopped before it finished (Jira failing): the list is partial */
  stoppedEarly?: string;
}

/** An issue a run acted on, or could not. */
export interface RunIssue {
  issue: string;
  outcome: SweepOutcome;
  reason: string;
  actions: string[];
}

/** 3. Última execução: one sweep the service ran since it started (from memory). */
export interface RunRecord {
  mode: SweepMode;
  startedAt: string;
  durationMs: number;
  counts: Record<SweepOutcome, number>;
  /** closed, reopened, reminded, moved back, blocked, failed, moved, deferred: with reasons */
  issues: RunIssue[];
  /** issues the run listed beyond those kept in memory (a night that closed thousands) */
  issuesOmitted?: number;
  jiraCalls: { total: number; retries: number; byOperation: Record<string, number> };
  writes: number;
  stoppedEarly?: string;
  failedProjects: { project: string; reason: string }[];
}

/** Webhook deliveries per hour, by outcome, and the last failures. */
export interface DeliveryFailure {
  at: string;
  event?: string;
  outcome: string;
  status: number;
  issue?: string;
  reason?: string;
}

export interface DeliveriesSummary {
  /** the start of the oldest hour kept */
  since: string;
  byOutcome: Record<string, number>;
  /** oldest first, one entry per hour with deliveries */
  byHour: { hour: string; byOutcome: Record<string, number> }[];
  /** newest first */
  lastFailures: DeliveryFailure[];
}

export interface RunsSection {
  generatedAt: string;
  /** when the service started: nothing older is known */
  serviceStartedAt: string;
  lastFull?: RunRecord;
  /** newest first */
  catchUps: RunRecord[];
  deliveries: DeliveriesSummary;
}

export type DayKind = 'weekend' | 'holiday' | 'closure' | 'working-day';

/** 4. Calendário: one day of a month grid. */
export interface CalendarDay {
  date: string;
  business: boolean;
  /** a day off, or an extra working day, with its name */
  kind?: DayKind;
  name?: string;
  /** for a holiday: national, state or city (from the region's level) */
  scope?: 'national' | 'state' | 'city';
}

export interface CalendarMonth {
  /** YYYY-MM */
  month: string;
  days: CalendarDay[];
}

export interface ProjectCalendarView {
  project: string;
  region: string;
  types: string[];
  timeZone: string;
  businessDays: number;
  months: CalendarMonth[];
}

export interface CalendarSection {
  generatedAt: string;
  projects: ProjectCalendarView[];
}

/** The calculator: "if resolved at …, closes at …" (the `deadline` command's answer). */
export interface DeadlineAnswer {
  project: string;
  from: string;
  days: number;
  startDate: string;
  lastBusinessDay: string;
  closesAt: string;
  skipped: { date: string; name: string }[];
}

/** 5. Configuração. */
export interface ConfigSection {
  generatedAt: string;
  configFile: string;
  jira: { site: string; embeddedSandbox: boolean };
  projects: {
    key: string;
    statuses: Record<string, string>;
    businessDays: number;
    reminder: { enabled: boolean; businessDaysBefore: number };
    calendar: { region: string; types: string[]; timeZone: string };
    assignBackToAnalyst: boolean;
  }[];
  schedules: {
    timeZone: string;
    scheduler: boolean;
    runs: { mode: SweepMode; cron: string; nextRun?: string }[];
    maxWritesPerRun: number;
  };
  /** the doctor's last checklist, when it ran */
  doctor?: {
    checkedAt: string;
    ok: boolean;
    summary: string;
    /** the doctor's own checks (src/doctor/checks.ts), as the `doctor` command lists them */
    checks: {
      name: string;
      ok: boolean;
      severity: 'error' | 'warning';
      detail: string;
      fix: string;
    }[];
  };
}

/** The error a bad request gets (unknown project, unreadable date, page out of range). */
export class AdminInputError extends Error {
  override readonly name = 'AdminInputError';
}

/** What the admin's HTTP side reads; the service builds one (src/admin/admin-data.ts). */
export interface AdminData {
  forecast(page: number): Promise<ForecastSection>;
  pending(page: number): Promise<PendingSection>;
  runs(): RunsSection;
  calendar(): CalendarSection;
  /** throws AdminInputError for an unknown project or an unreadable date */
  deadline(project: string, from: string): DeadlineAnswer;
  config(): ConfigSection;
}
