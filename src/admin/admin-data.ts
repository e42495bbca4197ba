/**
 * The admin page's data (issue 15), composed: the forecast and pending lists from one dry-run
 * full sweep (cached), the run history and deliveries from memory, the calendar and config from
 * the loaded config. The sweep itself is a port: src/admin does not know the service layer.
 */
import type { ProjectsFile } from '../config/index.ts';
import type { SweepReport } from '../jobs/index.ts';
import type { AdminData, ForecastSection, PendingSection, RunsSection } from './admin-model.ts';
import { deadlineAnswer, projectCalendarViews } from './calendar-view.ts';
import { configSection, type ConfigFacts } from './config-view.ts';
import { DeliveryLog } from './deliveries.ts';
import { RunHistory } from './run-history.ts';
import { SnapshotCache } from './snapshot-cache.ts';
import { buildSnapshot, pageOf, type AdminSnapshot, type SeenInProject } from './snapshot.ts';

/**
 * A dry-run full sweep (the `sweep --dry-run` rules) that calls `onIssue` with every issue it
 * finishes. It must write nothing, take no per-issue lock, and not count as one of the service's runs.
 */
export type DryRunSweep = (
  onIssue: (seen: SeenInProject) => void,
  nowMs: number,
) => Promise<SweepReport>;

export interface AdminDataOptions extends Omit<ConfigFacts, 'config'> {
  config: ProjectsFile;
  dryRun: DryRunSweep;
  /** where people open issues (JIRA_SITE_URL) */
  siteUrl: string;
  /** ADMIN_CACHE_SECONDS */
  cacheSeconds: number;
  now?: () => number;
  /** after each snapshot build, with the Jira calls it spent (the service's metrics) */
  onBuild?: (jiraCalls: number) => void;
}

export interface AdminDataHandle extends AdminData {
  /** a real sweep the service ran: history, and the cached snapshot is stale */
  recordSweep(report: SweepReport): void;
  /** what the webhook receiver answered */
  recordDelivery: DeliveryLog['record'];
}

export function createAdminData(options: AdminDataOptions): AdminDataHandle {
  const now = options.now ?? Date.now;
  const startedAt = new Date(now()).toISOString();
  const history = new RunHistory();
  const deliveries = new DeliveryLog(now);
  const cache = new SnapshotCache<AdminSnapshot>({
    ttlMs: options.cacheSeconds * 1000,
    now,
    build: async () => {
      const nowMs = now();
      const seen: SeenInProject[] = [];
      const report = await options.dryRun((issue) => seen.push(issue), nowMs);
      const snapshot = buildSnapshot({
        config: options.config,
        siteUrl: options.siteUrl,
        nowMs,
        seen,
        report,
      });
      options.onBuild?.(snapshot.jiraCalls);
      return snapshot;
    },
  });
  const source = (value: AdminSnapshot, cached: boolean) => ({
    generatedAt: value.generatedAt,
    cached,
    jiraCalls: value.jiraCalls,
    ...(value.stoppedEarly ? { stoppedEarly: value.stoppedEarly } : {}),
  });
  return {
    async forecast(page): Promise<ForecastSection> {
      const { value, cached } = await cache.get();
      return {
        ...source(value, cached),
        ...pageOf(value.forecast, page),
        charts: value.charts,
        due: value.due,
        failedProjects: value.failedProjects,
      };
    },
    async pending(page): Promise<PendingSection> {
      const { value, cached } = await cache.get();
      return {
        ...source(value, cached),
        ...pageOf(value.pending, page),
        replyWaiting: value.replyWaiting,
      };
    },
    runs(): RunsSection {
      const lastFull = history.lastFull();
      return {
        generatedAt: new Date(now()).toISOString(),
        serviceStartedAt: startedAt,
        ...(lastFull ? { lastFull } : {}),
        catchUps: history.lastCatchUps(),
        deliveries: deliveries.summary(),
      };
    },
    calendar: () => ({
      generatedAt: new Date(now()).toISOString(),
      projects: projectCalendarViews(options.config, now()),
    }),
    deadline: (project, from) => deadlineAnswer(options.config, project, from),
    config: () => configSection(options, now()),
    recordSweep(report) {
      if (report.dryRun) return;
      history.record(report);
      cache.invalidate();
    },
    recordDelivery: (delivery) => deliveries.record(delivery),
  };
}
