/**
 * Pure decisions: the admin page's dry-run snapshot (forecast, pending, charts) from what one
 * dry-run full sweep looked at. Sorted once per build; the views page over it.
 */
import { formatIsoDate, type BusinessCalendar, type DayNumber } from '../calendar/index.ts';
import { projectCalendar, type ProjectsFile } from '../config/index.ts';
import type { SeenIssue, SweepReport } from '../jobs/index.ts';
import {
  AdminInputError,
  type ForecastChart,
  type ForecastRow,
  type Paging,
  type PendingRow,
} from './admin-model.ts';
import { statusMatches } from '../domain/index.ts';
import { dayKinds } from './calendar-view.ts';
import { forecastRow, pendingRow, type RowContext, type Sortable } from './issue-rows.ts';

export const PAGE_SIZE = 50;
/** The chart runs from today to this business day (today counted when it is one). */
export const CHART_BUSINESS_DAYS = 10;

export type SeenInProject = SeenIssue & { project: string };

export interface AdminSnapshot {
  generatedAt: string;
  jiraCalls: number;
  forecast: ForecastRow[];
  pending: PendingRow[];
  charts: ForecastChart[];
  due: number;
  replyWaiting: number;
  failedProjects: { project: string; reason: string }[];
  stoppedEarly?: string;
}

export interface SnapshotInput {
  config: ProjectsFile;
  siteUrl: string;
  nowMs: number;
  seen: readonly SeenInProject[];
  report: Pick<SweepReport, 'jiraCalls' | 'failedProjects' | 'stoppedEarly'>;
}

export function buildSnapshot(input: SnapshotInput): AdminSnapshot {
  const { config, nowMs } = input;
  const contexts = new Map<string, RowContext>();
  const contextOf = (key: string): RowContext | undefined => {
    let ctx = contexts.get(key);
    const project = config.projects[key];
    if (!ctx && project) {
      const calendar = projectCalendar(project);
      ctx = {
        siteUrl: input.siteUrl,
        project,
        calendar,
        nowMs,
        today: calendar.zone.localDay(nowMs),
      };
      contexts.set(key, ctx);
    }
    return ctx;
  };
  const forecast: Sortable<ForecastRow>[] = [];
  const pending: Sortable<PendingRow>[] = [];
  for (const seen of input.seen) {
    const ctx = contextOf(seen.project);
    if (!ctx || leftItsStatus(seen, config)) continue;
    if (seen.kind === 'validation') forecast.push(forecastRow(seen, seen.project, ctx));
    else if (seen.kind === 'pending') pending.push(pendingRow(seen, seen.project, ctx));
  }
  const forecastRows = sorted(forecast);
  const pendingRows = sorted(pending);
  return {
    generatedAt: new Date(nowMs).toISOString(),
    jiraCalls: input.report.jiraCalls.total,
    forecast: forecastRows,
    pending: pendingRows,
    charts: Object.keys(config.projects).map((key) =>
      chartOf(key, contextOf(key)!.calendar, nowMs, forecast),
    ),
    due: forecast.filter((f) => f.sortMs !== undefined && f.sortMs <= nowMs).length,
    replyWaiting: pendingRows.filter((r) => r.replyWaiting).length,
    failedProjects: [...(input.report.failedProjects ?? [])],
    ...(input.report.stoppedEarly ? { stoppedEarly: input.report.stoppedEarly } : {}),
  };
}

/** SUP-2 before SUP-10. */
const KEY_ORDER = new Intl.Collator('en', { numeric: true });

/** Earliest first, those without an instant last; ties by issue key. */
function sorted<Row extends { issue: string }>(rows: Sortable<Row>[]): Row[] {
  return rows
    .sort((a, b) => {
      const x = a.sortMs ?? Infinity;
      const y = b.sortMs ?? Infinity;
      return x !== y ? x - y : KEY_ORDER.compare(a.row.issue, b.row.issue);
    })
    .map((r) => r.row);
}

/**
 * Every calendar day from today to the 10th business day; an issue counts on the local date of
 * its closing moment, an issue already due on today.
 */
export function chartOf(
  project: string,
  calendar: BusinessCalendar,
  nowMs: number,
  rows: readonly Sortable<ForecastRow>[],
): ForecastChart {
  const today = calendar.zone.localDay(nowMs);
  const todayCounts = calendar.isBusinessDay(today) ? 1 : 0;
  const last = calendar.addBusinessDays(today, CHART_BUSINESS_DAYS - todayCounts);
  const closes = new Map<DayNumber, number>();
  for (const { row, sortMs } of rows) {
    if (row.project !== project || sortMs === undefined) continue;
    const day = Math.max(today, calendar.zone.localDay(sortMs));
    if (day <= last) closes.set(day, (closes.get(day) ?? 0) + 1);
  }
  const kinds = dayKinds(calendar);
  const days = [];
  for (let day = today; day <= last; day++) {
    const date = formatIsoDate(day);
    const dayOff = kinds.dayOff(day, date);
    days.push({ date, closes: closes.get(day) ?? 0, ...(dayOff ? { dayOff } : {}) });
  }
  return { project, days };
}

/** One page of a sorted list; a page out of range is a bad request. */
export function pageOf<Row>(rows: readonly Row[], page: number, pageSize = PAGE_SIZE) {
  const pages = Math.max(1, Math.ceil(rows.length / pageSize));
  if (!Number.isInteger(page) || page < 1 || page > pages) {
    throw new AdminInputError(`a página ${page} não existe (1 a ${pages})`);
  }
  const paging: Paging = { page, pageSize, total: rows.length, pages };
  return { paging, rows: rows.slice((page - 1) * pageSize, page * pageSize) };
}

/**
 * Found by a search that lags behind Jira's writes, but no longer in the status when read again
 * (closed a moment ago, say): not a row of the list.
 */
function leftItsStatus(seen: SeenInProject, config: ProjectsFile): boolean {
  const project = config.projects[seen.project];
  if (!project || (seen.kind !== 'validation' && seen.kind !== 'pending')) return false;
  return !statusMatches(project.statuses[seen.kind], seen.issue.status);
}
