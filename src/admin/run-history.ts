/**
 * 3. Última execução, from memory: the last full sweep and the last catch-ups the service ran
 * since it started. Bounded: one full run, CATCH_UPS_KEPT catch-ups, ISSUES_PER_RUN issues each.
 */
import type { SweepReport } from '../jobs/index.ts';
import type { RunRecord } from './admin-model.ts';

export const CATCH_UPS_KEPT = 10;
/** A night that closes thousands lists its first ones; the count of the rest is kept. */
export const ISSUES_PER_RUN = 500;

export function runRecordOf(report: SweepReport, issuesKept = ISSUES_PER_RUN): RunRecord {
  const issues = report.plan.slice(0, issuesKept).map((p) => ({
    issue: p.issue,
    outcome: p.outcome,
    reason: p.reason,
    actions: [...p.actions],
  }));
  const omitted = report.plan.length - issues.length;
  return {
    mode: report.mode,
    startedAt: report.startedAt,
    durationMs: report.durationMs,
    counts: { ...report.counts },
    issues,
    ...(omitted > 0 ? { issuesOmitted: omitted } : {}),
    jiraCalls: {
      total: report.jiraCalls.total,
      retries: report.jiraCalls.retries,
      byOperation: { ...report.jiraCalls.byOperation },
    },
    writes: report.writes,
    ...(report.stoppedEarly ? { stoppedEarly: report.stoppedEarly } : {}),
    failedProjects: [...(report.failedProjects ?? [])],
  };
}

export class RunHistory {
  private full: RunRecord | undefined;
  private readonly catchUps: RunRecord[] = [];

  /** A real run's report; dry runs are not the service's runs and are left out. */
  record(report: SweepReport): void {
    if (report.dryRun) return;
    const record = runRecordOf(report);
    if (report.mode === 'full') this.full = record;
    else {
      this.catchUps.unshift(record);
      this.catchUps.length = Math.min(this.catchUps.length, CATCH_UPS_KEPT);
    }
  }

  lastFull(): RunRecord | undefined {
    return this.full;
  }

  /** newest first */
  lastCatchUps(): RunRecord[] {
    return [...this.catchUps];
  }
}
