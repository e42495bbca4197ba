import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express, { type Express } from 'express';
import { pinoHttp } from 'pino-http';
import type { Logger } from 'pino';
import { DryRunRecorder, JiraActionRunner } from '../actions/index.ts';
import type { Env, ProjectsFile } from '../config/index.ts';
import { errorMessage, type RetryOptions } from '../jira/index.ts';
import { runSweep, startScheduler, type Scheduler, type SweepReport } from '../jobs/index.ts';
import { createDeliveryProcessor } from '../processing/delivery-processor.ts';
import { createWebhookRouter, type WebhookRouter } from '../webhooks/index.ts';
import { buildGateway, type BuiltGateway } from './gateway-factory.ts';
import type { JiraConnection } from './jira-connection.ts';
import { ServiceMetrics } from './metrics.ts';
import type { SweepMode } from '../jobs/index.ts';

export interface ServiceOptions {
  env: Env;
  config: ProjectsFile;
  connection: JiraConnection;
  log: Logger;
  /** the webhook secrets to accept (the env's, or the one generated for the embedded sandbox) */
  webhookSecrets: string[];
  /** run the node-cron schedules in this process (off when a CronJob runs the sweep) */
  scheduler: boolean;
  /** the Jira retry policy (tests shorten it) */
  jiraRetry?: Partial<RetryOptions>;
  /** how recent a successful `myself` must be for /readyz; default 60 s */
  readinessMaxAgeMs?: number;
  now?: () => number;
}

export interface Service {
  app: Express;
  metrics: ServiceMetrics;
  jira: BuiltGateway;
  webhooks: WebhookRouter;
  /** one sweep now, with a fresh write budget; the scheduler calls this */
  sweep(mode: SweepMode, options?: { dryRun?: boolean; nowMs?: number }): Promise<SweepReport>;
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
  const metrics = new ServiceMetrics({
    dedupeSize: () => webhooks.receiver.dedupe.size,
    jiraPace: () => jira.pacer.requestsPerSecond,
  });
  const jira = buildGateway(options.connection, {
    maxConcurrency: env.JIRA_MAX_CONCURRENCY,
    log,
    observer: metrics.jiraObserver(),
    ...(options.jiraRetry ? { retry: options.jiraRetry } : {}),
  });
  const { gateway } = jira;

  let lastJiraOk = 0;
  let botAccountId: Promise<string> | undefined;
  const bot = (): Promise<string> => {
    botAccountId ??= gateway.myself().then(
      (me) => {
        lastJiraOk = now();
        return me.accountId;
      },
      (error: unknown) => {
        botAccountId = undefined; // ask again next time
        throw error;
      },
    );
    return botAccountId;
  };

  const processor = createDeliveryProcessor({
    gateway,
    config,
    runner: new JiraActionRunner(gateway),
    botAccountId: bot,
    onDecision: (decision, outcome) => metrics.actions.inc({ rule: decision.rule, outcome }),
  });
  const webhooks = createWebhookRouter({
    secrets: options.webhookSecrets,
    ...(env.WEBHOOK_SHARED_TOKEN
      ? { sharedToken: { header: env.WEBHOOK_TOKEN_HEADER, token: env.WEBHOOK_SHARED_TOKEN } }
      : {}),
    maxBodyBytes: env.WEBHOOK_MAX_BODY_BYTES,
    timeBudgetMs: env.WEBHOOK_TIME_BUDGET_MS,
    processor,
    logger: log,
    onOutcome: (event, outcome) => metrics.deliveries.inc({ event: event ?? 'unknown', outcome }),
  });

  let stopping = false;
  let sweepInFlight: Promise<unknown> | undefined;
  const sweep: Service['sweep'] = async (mode, sweepOptions = {}) => {
    const started = performance.now();
    const run = (async () => {
      const runner = sweepOptions.dryRun ? new DryRunRecorder() : new JiraActionRunner(gateway);
      return runSweep({
        gateway,
        calls: jira.calls,
        config,
        runner,
        botAccountId: await bot(),
        nowMs: sweepOptions.nowMs ?? now(),
        log: log.child({ sweep: mode }),
        mode,
        shouldStop: () => stopping,
        concurrency: env.JIRA_MAX_CONCURRENCY,
      });
    })();
    sweepInFlight = run;
    try {
      const report = await run;
      metrics.sweepDuration.observe({ mode }, (performance.now() - started) / 1000);
      if (!report.stoppedEarly && report.counts.failed === 0)
        metrics.sweepLastSuccess.set({ mode }, now() / 1000);
      return report;
    } finally {
      if (sweepInFlight === run) sweepInFlight = undefined;
    }
  };

  const app = express();
  app.disable('x-powered-by');
  app.use((_req, res, next) => {
    if (stopping) res.set('Connection', 'close');
    next();
  });
  // The receiver logs one line per delivery itself, so its route comes before pino-http (which
  // would build a request logger for every delivery only to skip it).
  app.use(webhooks);
  app.use(
    pinoHttp({
      logger: log,
      // Probes would drown everything else.
      autoLogging: {
        ignore: (req) => /^\/(healthz|readyz|metrics)/.test(req.url ?? ''),
      },
      quietReqLogger: true,
    }),
  );
  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  app.get('/readyz', async (_req, res) => {
    const maxAge = options.readinessMaxAgeMs ?? 60_000;
    if (stopping) {
      res.status(503).json({ status: 'stopping' });
      return;
    }
    if (now() - lastJiraOk > maxAge) {
      try {
        await gateway.myself();
        lastJiraOk = now();
      } catch (error) {
        res.status(503).json({
          status: 'not ready',
          config: 'loaded',
          jira: `unreachable: ${errorMessage(error)}`,
        });
        return;
      }
    }
    res.json({
      status: 'ready',
      config: 'loaded',
      jira: 'ok',
      projects: Object.keys(config.projects),
    });
  });
  app.get('/metrics', async (_req, res) => {
    res.set('Content-Type', metrics.registry.contentType).send(await metrics.registry.metrics());
  });

  let scheduler: Scheduler | undefined;
  let server: Server | undefined;

  return {
    app,
    metrics,
    jira,
    webhooks,
    sweep,
    async listen(port, host = '0.0.0.0') {
      server = await new Promise<Server>((resolve, reject) => {
        const s = app.listen(port, host, (error?: Error) => (error ? reject(error) : resolve(s)));
      });
      // Longer than the idle timeout of load balancers and clients in front of it (typically
      // 60 s), so that they never reuse a connection the service is closing.
      server.keepAliveTimeout = 65_000;
      const address = server.address() as AddressInfo;
      return { url: `http://${host === '0.0.0.0' ? '127.0.0.1' : host}:${address.port}`, server };
    },
    startScheduler() {
      if (!options.scheduler || scheduler) return;
      scheduler = startScheduler({
        schedules: config.schedules,
        log,
        run: async (mode) => {
          await sweep(mode);
        },
      });
    },
    async shutdown() {
      stopping = true;
      await scheduler?.stop();
      const closed = server
        ? new Promise<void>((resolve) => server!.close(() => resolve()))
        : Promise.resolve();
      server?.closeIdleConnections();
      await Promise.all([webhooks.receiver.drain(), sweepInFlight?.catch(() => undefined)]);
      server?.closeAllConnections();
      await closed;
    },
  };
}
