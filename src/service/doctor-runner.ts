import type { Logger } from 'pino';
import type { ProjectsFile } from '../config/index.ts';
import {
  failingErrors,
  runDoctor,
  summaryLine,
  type DoctorJira,
  type DoctorReport,
} from '../doctor/index.ts';
import { errorMessage } from '../jira/index.ts';
import type { ServiceMetrics } from './metrics.ts';
import type { WebhookDefinition } from './webhook-registration.ts';

export const DOCTOR_INTERVAL_MS = 60 * 60_000;

/** What /readyz says of the last doctor run: from memory, never a Jira call per probe. */
export interface DoctorSummary {
  ok: boolean;
  summary: string;
  failing: string[];
  warnings: string[];
  checkedAt: string;
}

export interface DoctorRunnerOptions {
  jira: DoctorJira;
  config: ProjectsFile;
  definition: WebhookDefinition;
  baseUrl: string;
  siteUrl?: string;
  /** read at each run: serve knows its URL only once it listens */
  publicUrl: () => string | undefined;
  hasSecret: boolean;
  log: Logger;
  metrics: ServiceMetrics;
  intervalMs?: number;
  now?: () => number;
}

export interface DoctorRunner {
  /** one run now; never throws (a run that cannot finish is logged and leaves the last summary) */
  run(): Promise<DoctorReport | undefined>;
  last(): DoctorSummary | undefined;
  /** the last run's full checklist, with when it ran (the admin page's Configuração) */
  lastReport(): { report: DoctorReport; checkedAt: string } | undefined;
  /** runs every intervalMs from now on (the first run is the caller's) */
  start(): void;
  stop(): void;
}

/** `serve`'s doctor: the same checks as the command, at start and every hour. */
export function createDoctorRunner(options: DoctorRunnerOptions): DoctorRunner {
  const now = options.now ?? Date.now;
  let last: DoctorSummary | undefined;
  let lastReport: { report: DoctorReport; checkedAt: string } | undefined;
  let timer: NodeJS.Timeout | undefined;
  const run = async (): Promise<DoctorReport | undefined> => {
    try {
      const report = await runDoctor({
        jira: options.jira,
        config: options.config,
        definition: options.definition,
        baseUrl: options.baseUrl,
        ...(options.siteUrl ? { siteUrl: options.siteUrl } : {}),
        publicUrl: options.publicUrl(),
        hasSecret: options.hasSecret,
        now,
      });
      last = summaryOf(report, now());
      lastReport = { report, checkedAt: last.checkedAt };
      record(options, report);
      return report;
    } catch (error) {
      options.log.error({ err: error }, `doctor could not run: ${errorMessage(error)}`);
      return undefined;
    }
  };
  return {
    run,
    last: () => last,
    lastReport: () => lastReport,
    start() {
      if (timer) return;
      timer = setInterval(() => void run(), options.intervalMs ?? DOCTOR_INTERVAL_MS);
      timer.unref();
    },
    stop() {
      clearInterval(timer);
      timer = undefined;
    },
  };
}

function summaryOf(report: DoctorReport, at: number): DoctorSummary {
  return {
    ok: report.ok,
    summary: summaryLine(report),
    failing: failingErrors(report).map((c) => c.name),
    warnings: report.checks.filter((c) => !c.ok && c.severity === 'warning').map((c) => c.name),
    checkedAt: new Date(at).toISOString(),
  };
}

/** One log line per failing check, with its fix; the gauge counts them by severity. */
function record(options: DoctorRunnerOptions, report: DoctorReport): void {
  const failing = report.checks.filter((c) => !c.ok);
  for (const severity of ['error', 'warning'] as const) {
    options.metrics.doctorFailingChecks.set(
      { severity },
      failing.filter((c) => c.severity === severity).length,
    );
  }
  for (const check of failing) {
    const line = { check: check.name, detail: check.detail, fix: check.fix };
    if (check.severity === 'error') options.log.error(line, `doctor: ${check.name} fails`);
    else options.log.warn(line, `doctor: ${check.name}`);
  }
  options.log.info(summaryLine(report));
}
