import { Counter, Gauge, Histogram, collectDefaultMetrics, Registry } from 'prom-client';
import type { TransportObserver } from '../jira/index.ts';
import type { SweepMode, SweepReport } from '../jobs/index.ts';

/**
 * The service's Prometheus metrics, on a registry of its own (tests build many services in one
 * process). Label values are bounded: event names, outcomes, rule names, Jira operation names and
 * HTTP statuses; never issue keys.
 */
export class ServiceMetrics {
  readonly registry = new Registry();
  readonly deliveries: Counter<'event' | 'outcome'>;
  readonly actions: Counter<'rule' | 'outcome'>;
  readonly jiraCalls: Counter<'operation' | 'status'>;
  readonly jiraRetries: Counter<'operation'>;
  readonly sweepDuration: Histogram<'mode'>;
  readonly sweepLastSuccess: Gauge<'mode'>;
  readonly sweepFailedIssues: Gauge<'mode'>;
  readonly sweepFailedProjects: Gauge<'mode'>;
  readonly dedupeCacheSize: Gauge;
  readonly jiraPace: Gauge;
  readonly adminJiraCalls = new Counter({
    name: 'jsm_admin_jira_calls_total',
    help: "Jira calls the admin page's data builds spent (one dry-run sweep per build; cached views spend none)",
    registers: [this.registry],
  });
  readonly adminViewJiraCalls = new Histogram({
    name: 'jsm_admin_view_jira_calls',
    help: 'Jira calls each view of the admin page cost (0 when its data came from the cache)',
    buckets: [0, 1, 5, 20, 100, 500, 2000],
    registers: [this.registry],
  });
  readonly adminBuilds = new Counter({
    name: 'jsm_admin_data_builds_total',
    help: "Builds of the admin page's dry-run snapshot (views within ADMIN_CACHE_SECONDS reuse one)",
    registers: [this.registry],
  });
  readonly jiraChecks = new Counter({
    name: 'jsm_jira_checks_total',
    help: 'The background checks of Jira behind /readyz (one myself each), by result (ok, failed)',
    labelNames: ['result'] as const,
    registers: [this.registry],
  });
  readonly jiraCheckDuration = new Gauge({
    name: 'jsm_jira_check_duration_seconds',
    help: 'How long the last background check of Jira took',
    registers: [this.registry],
  });
  readonly jiraCheckLastSuccess = new Gauge({
    name: 'jsm_jira_check_last_success_timestamp_seconds',
    help: 'When the background check of Jira last succeeded (Unix time)',
    registers: [this.registry],
  });
  readonly doctorFailingChecks = new Gauge({
    name: 'jsm_doctor_failing_checks',
    help: "Checks failing in the doctor's last run, by severity (error, warning)",
    labelNames: ['severity'] as const,
    registers: [this.registry],
  });

  constructor(
    options: {
      dedupeSize?: () => number;
      /** requests per second the transport allows itself; Infinity when not paced */
      jiraPace?: () => number;
      defaultMetrics?: boolean;
    } = {},
  ) {
    const registers = [this.registry];
    if (options.defaultMetrics !== false) collectDefaultMetrics({ register: this.registry });
    this.deliveries = new Counter({
      name: 'jsm_webhook_deliveries_total',
      help: 'Webhook deliveries received, by event and outcome (acted, no-action, ignored, duplicate, rejected, ...)',
      labelNames: ['event', 'outcome'],
      registers,
    });
    this.actions = new Counter({
      name: 'jsm_actions_total',
      help: 'Decisions taken, by rule and outcome',
      labelNames: ['rule', 'outcome'],
      registers,
    });
    this.jiraCalls = new Counter({
      name: 'jsm_jira_calls_total',
      help: 'Jira REST calls made, by operation and HTTP status (0 when no answer came back)',
      labelNames: ['operation', 'status'],
      registers,
    });
    this.jiraRetries = new Counter({
      name: 'jsm_jira_retries_total',
      help: 'Jira calls retried after throttling, a 5xx or a network failure',
      labelNames: ['operation'],
      registers,
    });
    this.sweepDuration = new Histogram({
      name: 'jsm_sweep_duration_seconds',
      help: 'Duration of sweep runs',
      labelNames: ['mode'],
      buckets: [0.1, 0.5, 1, 5, 15, 60, 300, 900, 3600],
      registers,
    });
    this.sweepLastSuccess = modeGauge(
      'jsm_sweep_last_success_timestamp_seconds',
      'When a sweep last finished without stopping early or failing an issue or a project (Unix time)',
      registers,
    );
    // Gauges of the last run, not counters: a run's failures are read as they are ("the nightly
    // sweep failed 3 issues"), alerting needs no window matched to the schedule, and a run that
    // fails nothing any more shows 0.
    this.sweepFailedIssues = modeGauge(
      'jsm_sweep_failed_issues',
      'Issues the last sweep run failed (Jira refused or failed them), by mode',
      registers,
    );
    this.sweepFailedProjects = modeGauge(
      'jsm_sweep_failed_projects',
      'Configured projects the last sweep run could not sweep (unknown to Jira or out of reach), by mode',
      registers,
    );
    const dedupeSize = options.dedupeSize;
    this.dedupeCacheSize = new Gauge({
      name: 'jsm_webhook_dedupe_cache_entries',
      help: 'Delivery identifiers remembered for deduplication',
      registers,
      collect() {
        if (dedupeSize) this.set(dedupeSize());
      },
    });
    const jiraPace = options.jiraPace;
    this.jiraPace = new Gauge({
      name: 'jsm_jira_pace_requests_per_second',
      help: 'Requests per second the service allows itself since Jira last answered 429 (+Inf: not paced)',
      registers,
      collect() {
        if (jiraPace) this.set(jiraPace());
      },
    });
  }

  /** One background check of Jira (/readyz's), as it ended at `nowMs`. */
  jiraChecked(check: { ok: boolean; durationMs: number }, nowMs: number): void {
    this.jiraChecks.inc({ result: check.ok ? 'ok' : 'failed' });
    this.jiraCheckDuration.set(check.durationMs / 1000);
    if (check.ok) this.jiraCheckLastSuccess.set(nowMs / 1000);
  }

  /** A sweep run's figures, once it has its report. `nowMs`: when it finished. */
  sweepFinished(mode: SweepMode, report: SweepReport, seconds: number, nowMs: number): void {
    const failedProjects = report.failedProjects?.length ?? 0;
    this.sweepDuration.observe({ mode }, seconds);
    this.sweepFailedIssues.set({ mode }, report.counts.failed);
    this.sweepFailedProjects.set({ mode }, failedProjects);
    if (!report.stoppedEarly && report.counts.failed === 0 && failedProjects === 0)
      this.sweepLastSuccess.set({ mode }, nowMs / 1000);
  }

  /** Feeds Jira call and retry counts from the gateway's transport. */
  jiraObserver(): TransportObserver {
    return {
      onCall: (call) =>
        this.jiraCalls.inc({ operation: call.operation, status: String(call.status) }),
      onRetry: (retry) => this.jiraRetries.inc({ operation: retry.operation }),
    };
  }
}

function modeGauge(name: string, help: string, registers: Registry[]): Gauge<'mode'> {
  return new Gauge({ name, help, labelNames: ['mode'], registers });
}
