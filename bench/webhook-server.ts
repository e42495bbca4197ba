/**
 * Child process of bench/webhook.ts: one HTTP server on 127.0.0.1, on its own core.
 *
 * - `bare`: express 5, one route answering 204 (the ceiling any express receiver can reach).
 * - `bare-raw`: the same, reading the body first the way the receiver's router does
 *   (src/webhooks/read-body.ts with its default limits and a budget).
 * - `service`: the whole service app from `createService` (pino-http, the webhook router, metrics),
 *   as `npm start` serves it, with a silent logger and a Jira URL nothing ever calls.
 * - `receiver`: `createWebhookApp` alone (the router without the service around it).
 *
 * Requests: `cpu-start` / `cpu-stop` (CPU share of this process between them), `outcomes` (what the
 * receiver answered, by outcome), `memory`.
 */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { pino } from 'pino';
import { fileURLToPath } from 'node:url';
import { loadEnv, loadProjectsFile } from '../src/config/index.ts';
import { jiraConnection } from '../src/service/jira-connection.ts';
import { createService } from '../src/service/service.ts';
import { createDeliveryProcessor } from '../src/processing/delivery-processor.ts';
import { JiraActionRunner } from '../src/actions/index.ts';
import { buildGateway } from '../src/service/gateway-factory.ts';
import { BodyBudget } from '../src/webhooks/body-budget.ts';
import { readBody } from '../src/webhooks/read-body.ts';
import {
  createWebhookApp,
  DEFAULT_BODY_TIMEOUT_MS,
  DEFAULT_MAX_BODY_BYTES,
  DEFAULT_MAX_PENDING_BODY_BYTES,
  WEBHOOK_PATH,
} from '../src/webhooks/index.ts';
import { cpuMeter, serveParent } from './child.ts';
import { BENCH_SECRET } from './payloads.ts';

const mode = process.argv[2];
const silent = pino({ level: 'silent' });
// Nothing listens here: the deliveries of the benchmark never reach Jira (unconfigured project).
const NO_JIRA = 'http://127.0.0.1:9';
const PROJECTS_FILE = fileURLToPath(new URL('../config/projects.yaml', import.meta.url));
const outcomes: Record<string, number> = {};

function build(): { app: express.Express; close?: () => Promise<void> } {
  switch (mode) {
    case 'bare': {
      const app = express();
      app.disable('x-powered-by');
      app.post(WEBHOOK_PATH, (_req, res) => {
        res.status(204).end();
      });
      return { app };
    }
    case 'bare-raw': {
      // The bare app, reading the body the way the receiver's router does.
      const app = express();
      app.disable('x-powered-by');
      const budget = new BodyBudget(DEFAULT_MAX_PENDING_BODY_BYTES);
      app.post(WEBHOOK_PATH, async (req, res) => {
        await readBody(req, {
          maxBytes: DEFAULT_MAX_BODY_BYTES,
          timeoutMs: DEFAULT_BODY_TIMEOUT_MS,
          budget,
        });
        res.status(204).end();
      });
      return { app };
    }
    case 'service': {
      const env = loadEnv({
        JIRA_BASE_URL: NO_JIRA,
        JIRA_EMAIL: 'bot@pixeon.example',
        JIRA_API_TOKEN: 'unused',
        WEBHOOK_SECRETS: BENCH_SECRET,
        LOG_LEVEL: 'silent',
        SCHEDULER_ENABLED: 'false',
      });
      const service = createService({
        env,
        config: loadProjectsFile(PROJECTS_FILE),
        connection: jiraConnection(env),
        log: silent,
        webhookSecrets: env.WEBHOOK_SECRETS,
        scheduler: false,
      });
      // The service counts outcomes in its Prometheus counter; read them from there.
      countOutcomes = async () => {
        const metric = await service.metrics.deliveries.get();
        const counted: Record<string, number> = {};
        for (const value of metric.values) {
          const outcome = String(value.labels.outcome);
          counted[outcome] = (counted[outcome] ?? 0) + value.value;
        }
        return counted;
      };
      return { app: service.app, close: () => service.shutdown() };
    }
    case 'receiver': {
      const config = loadProjectsFile(PROJECTS_FILE);
      const { gateway } = buildGateway(
        {
          baseUrl: NO_JIRA,
          siteUrl: NO_JIRA,
          email: 'bot@pixeon.example',
          apiToken: 'unused',
          sandbox: false,
        },
        { maxConcurrency: 8, log: silent },
      );
      const app = createWebhookApp({
        secrets: [BENCH_SECRET],
        processor: createDeliveryProcessor({
          gateway,
          config,
          runner: new JiraActionRunner(gateway),
          botAccountId: async () => 'bot',
        }),
        logger: silent,
        onOutcome: (_event, outcome) => {
          outcomes[outcome] = (outcomes[outcome] ?? 0) + 1;
        },
      });
      return { app };
    }
    default:
      throw new Error(`unknown mode ${mode}: bare, bare-raw, service or receiver`);
  }
}

let countOutcomes = async (): Promise<Record<string, number>> => ({ ...outcomes });
const { app, close } = build();
const server = await new Promise<Server>((resolve, reject) => {
  const s = app.listen(0, '127.0.0.1', (error?: Error) => (error ? reject(error) : resolve(s)));
});
const cpu = cpuMeter();

serveParent(
  { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, mode },
  async (cmd) => {
    switch (cmd) {
      case 'cpu-start':
        cpu.mark();
        return {};
      case 'cpu-stop':
        return cpu.read();
      case 'outcomes':
        return { outcomes: await countOutcomes() };
      case 'memory':
        return { rssMb: process.memoryUsage().rss / 2 ** 20 };
      default:
        throw new Error(`unknown request ${cmd}`);
    }
  },
  async () => {
    await close?.();
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  },
);
