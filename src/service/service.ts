import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Express } from 'express';
import type { AdminData } from '../admin/admin-model.ts';
import type { AdminDataHandle } from '../admin/admin-data.ts';
import type { Logger } from 'pino';
import { JiraActionRunner } from '../actions/index.ts';
import type { Env, ProjectsFile } from '../config/index.ts';
import type { SecretScrubber } from '../domain/index.ts';
import type { RetryOptions } from '../jira/index.ts';
import { startScheduler, type Scheduler, type SweepMode, type SweepReport } from '../jobs/index.ts';
import { createDeliveryProcessor } from '../processing/delivery-processor.ts';
import { IssueLock } from '../processing/issue-lock.ts';
import { createWebhookRouter, type WebhookRouter } from '../webhooks/index.ts';
import {
  createDoctorRunner,
  type DoctorRunner,
  type DoctorRunnerOptions,
} from './doctor-runner.ts';
import { buildGateway, type BuiltGateway } from './gateway-factory.ts';
import type { JiraConnection } from './jira-connection.ts';
import type { JiraHeartbeat } from './jira-heartbeat.ts';
import { jiraHeartbeat } from './service-readiness.ts';
import { ServiceMetrics } from './metrics.ts';
import { scrubberOf } from './secrets.ts';
import { serviceAdminData } from './service-admin.ts';
import { createServiceApp } from './service-app.ts';
import { createSweepRunner, type SweepRunOptions } from './sweep-runner.ts';

export interface ServiceOptions {
  env: Env;
  config: ProjectsFile;
  connection: JiraConnection;
  log: Logger;
  /** the webhook secrets to accept (the env's, or the one generated for the embedded sandbox) */
  webhookSecrets: string[];
  /** run the node-cron schedules in this process (off when a CronJob runs the sweep) */
  scheduler: boolean;
  /** the gateway the bootstrap built; without it the service builds its own */
  jira?: BuiltGateway;
  /** the Jira retry policy (tests shorten it; only when the service builds its gateway) */
  jiraRetry?: Partial<RetryOptions>;
  /** blanks secrets from HTTP answers and Jira's errors; default: built from env and connection */
  scrubber?: SecretScrubber;
  /** how recent a successful `myself` must be for /readyz; default READINESS_MAX_AGE_SECONDS */
  readinessMaxAgeMs?: number;
  /** run the doctor's checks (serve: at start and every hour); /readyz carries its summary */
  doctor?: Pick<DoctorRunnerOptions, 'definition' | 'publicUrl' | 'hasSecret' | 'intervalMs'>;
  /** the admin page's token (ADMIN_TOKEN, or the one made up for the embedded default) */
  adminToken?: string;
  now?: () => number;
}

export interface Service {
  app: Express;
  metrics: ServiceMetrics;
  jira: BuiltGateway;
  webhooks: WebhookRouter;
  /** the doctor's runner, when the options asked for one */
  doctor?: DoctorRunner;
  /** the admin page's data (the HTTP side serves it under /admin) */
  admin: AdminData;
  /** the background check of Jira /readyz answers from (started by listen) */
  jiraCheck: JiraHeartbeat;
  /** one sweep now, with a fresh write budget; the scheduler calls this */
  sweep(mode: SweepMode, options?: SweepRunOptions): Promise<SweepReport>;
  listen(port: number, host?: string): Promise<{ url: string; server: Server }>;
  /** start the node-cron schedules (when the options allow them) */
  startScheduler(): void;
  /** stop taking deliveries, finish those in flight and the sweep's current issue */
  shutdown(): Promise<void>;
}

/**
 * The composition root: gateway, processor, receiver, health, metrics and the scheduler. Entry
 * points (the serve command, tests) build one and start it; nothing here reads process.env.
 */
export function createService(options: ServiceOptions): Service {
  const { env, config, log } = options;
  const now = options.now ?? Date.now;
  const scrubber = options.scrubber ?? scrubberOf(env, options.webhookSecrets, options.connection);
  const metrics = new ServiceMetrics({
    dedupeSize: () => webhooks.receiver.dedupe.size,
    jiraPace: () => jira.pacer.requestsPerSecond,
  });
  const jira = serviceGateway(options, metrics, now, scrubber);
  const state = { stopping: false };
  const admin = serviceAdminData(options, {
    jira,
    metrics,
    doctor: () => doctor,
    stopping: () => state.stopping,
    now,
  });
  // Deliveries and the in-process sweep take the same per-issue lock: never two writers at once.
  const lock = new IssueLock();
  const webhooks = createWebhookRouter({
    secrets: options.webhookSecrets,
    ...(env.WEBHOOK_SHARED_TOKEN
      ? { sharedToken: { header: env.WEBHOOK_TOKEN_HEADER, token: env.WEBHOOK_SHARED_TOKEN } }
      : {}),
    maxBodyBytes: env.WEBHOOK_MAX_BODY_BYTES,
    ...(env.WEBHOOK_MAX_PENDING_BYTES === undefined
      ? {}
      : { maxPendingBodyBytes: env.WEBHOOK_MAX_PENDING_BYTES }),
    bodyTimeoutMs: env.WEBHOOK_BODY_TIMEOUT_MS,
    timeBudgetMs: env.WEBHOOK_TIME_BUDGET_MS,
    processor: createDeliveryProcessor({
      gateway: jira.gateway,
      config,
      runner: new JiraActionRunner(jira.gateway),
      botAccountId: jira.botAccountId,
      lock,
      onDecision: (decision, outcome) => metrics.actions.inc({ rule: decision.rule, outcome }),
    }),
    logger: log,
    onOutcome: (event, outcome, { status, issue, reason }) => {
      metrics.deliveries.inc({ event: event ?? 'unknown', outcome });
      admin.recordDelivery({ event, outcome, status, issue, reason });
    },
  });
  const sweeps = measuredSweeps(options, jira, metrics, state, now, lock, admin);
  const heartbeat = jiraHeartbeat(options, jira, metrics, now);
  const doctor = serviceDoctor(options, jira, metrics, now);
  const app = createServiceApp({
    webhooks,
    metrics,
    log,
    scrubber,
    projects: Object.keys(config.projects),
    stopping: () => state.stopping,
    jira: () => heartbeat.readiness(),
    doctor: () => doctor?.last(),
    admin: {
      data: admin,
      token: options.adminToken,
      onView: (jiraCalls) => metrics.adminViewJiraCalls.observe(jiraCalls),
      // Behind a TLS-terminating proxy the request is plain http: the public URL tells.
      secureCookies: env.PUBLIC_URL?.startsWith('https:') ? true : 'auto',
    },
  });
  return {
    app,
    metrics,
    jira,
    webhooks,
    ...(doctor ? { doctor } : {}),
    admin,
    jiraCheck: heartbeat,
    sweep: sweeps.sweep,
    ...lifecycle(options, app, webhooks, sweeps, doctor, heartbeat),
  };
}

function serviceDoctor(
  options: ServiceOptions,
  jira: BuiltGateway,
  metrics: ServiceMetrics,
  now: () => number,
): DoctorRunner | undefined {
  if (!options.doctor) return undefined;
  return createDoctorRunner({
    ...options.doctor,
    jira: jira.gateway,
    config: options.config,
    baseUrl: options.connection.baseUrl,
    siteUrl: options.connection.siteUrl,
    log: options.log,
    metrics,
    now,
  });
}

function serviceGateway(
  options: ServiceOptions,
  metrics: ServiceMetrics,
  now: () => number,
  scrubber: SecretScrubber,
) {
  if (options.jira) {
    options.jira.observe(metrics.jiraObserver());
    return options.jira;
  }
  return buildGateway(options.connection, {
    maxConcurrency: options.env.JIRA_MAX_CONCURRENCY,
    log: options.log,
    observer: metrics.jiraObserver(),
    now,
    scrubber,
    ...(options.jiraRetry ? { retry: options.jiraRetry } : {}),
  });
}

/** The shared sweep runner, timed into the metrics, stopping with the service. */
function measuredSweeps(
  options: ServiceOptions,
  jira: BuiltGateway,
  metrics: ServiceMetrics,
  state: { stopping: boolean },
  now: () => number,
  guard: IssueLock,
  admin: Pick<AdminDataHandle, 'recordSweep'>,
) {
  const run = createSweepRunner({
    guard,
    jira,
    config: options.config,
    log: options.log,
    concurrency: options.env.JIRA_MAX_CONCURRENCY,
    botAccountId: jira.botAccountId,
    now,
  });
  let inFlight: Promise<unknown> | undefined;
  const sweep: Service['sweep'] = async (mode, sweepOptions = {}) => {
    const started = performance.now();
    const callerStop = sweepOptions.shouldStop;
    const running = run(mode, {
      ...sweepOptions,
      shouldStop: () => state.stopping || callerStop?.() === true,
    });
    inFlight = running;
    try {
      const report = await running;
      metrics.sweepFinished(mode, report, (performance.now() - started) / 1000, now());
      admin.recordSweep(report);
      return report;
    } finally {
      if (inFlight === running) inFlight = undefined;
    }
  };
  return { sweep, state, inFlight: () => inFlight };
}

function lifecycle(
  options: ServiceOptions,
  app: Express,
  webhooks: WebhookRouter,
  sweeps: ReturnType<typeof measuredSweeps>,
  doctor: DoctorRunner | undefined,
  heartbeat: JiraHeartbeat,
): Pick<Service, 'listen' | 'startScheduler' | 'shutdown'> {
  let scheduler: Scheduler | undefined;
  let server: Server | undefined;
  return {
    async listen(port, host = '0.0.0.0') {
      server = await new Promise<Server>((resolve, reject) => {
        const s = app.listen(port, host, (error?: Error) => (error ? reject(error) : resolve(s)));
      });
      // Longer than the idle timeout of load balancers and clients in front of it (typically
      // 60 s), so that they never reuse a connection the service is closing.
      server.keepAliveTimeout = 65_000;
      heartbeat.start();
      const address = server.address() as AddressInfo;
      return { url: `http://${host === '0.0.0.0' ? '127.0.0.1' : host}:${address.port}`, server };
    },
    startScheduler() {
      if (!options.scheduler || scheduler) return;
      scheduler = startScheduler({
        schedules: options.config.schedules,
        log: options.log,
        run: async (mode) => {
          await sweeps.sweep(mode);
        },
      });
    },
    async shutdown() {
      sweeps.state.stopping = true;
      doctor?.stop();
      heartbeat.stop();
      await scheduler?.stop();
      const closed = server
        ? new Promise<void>((resolve) => server!.close(() => resolve()))
        : Promise.resolve();
      server?.closeIdleConnections();
      await Promise.all([webhooks.receiver.drain(), sweeps.inFlight()?.catch(() => undefined)]);
      server?.closeAllConnections();
      await closed;
    },
  };
}
