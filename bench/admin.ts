/**
 * The admin page with 10,000 issues in validation (issue 15: "within 2 s after the first load,
 * paging through the list"). The sandbox runs in a child (bench/sandbox-server.ts: the sweep
 * bench's seed, none due, behind the same rate limit and latency); the service (createService
 * with an admin token) runs here and serves /admin on 127.0.0.1.
 *
 * firstLoadMs: the first view of /admin, which makes the dry run (the search pages, the calls the
 * rules ask for). Warm views: pages 1, 2, 50, 100 and 200 of the forecast, as HTML and as JSON,
 * within the cache's lifetime; `warmMaxMs` is the slowest of them, the target ≤ 2000 ms, and they
 * must spend no Jira call.
 */
import { fileURLToPath } from 'node:url';
import { pino } from 'pino';
import { loadEnv, loadProjectsFile } from '../src/config/index.ts';
import { jiraConnection } from '../src/service/jira-connection.ts';
import { createService } from '../src/service/service.ts';
import { startChild } from './child.ts';
import { BENCH_SECRET } from './payloads.ts';

export interface AdminBenchOptions {
  issues?: number;
  requestsPerSecond?: number;
  latencyMs?: number;
  log?: (line: string) => void;
}

export interface AdminView {
  path: string;
  ms: number;
  status: number;
  jiraCalls: number;
}

export interface AdminBenchResult {
  issues: number;
  firstLoadMs: number;
  firstLoadJiraCalls: number;
  warm: AdminView[];
  warmMaxMs: number;
  warmJiraCalls: number;
  targets: { warmMaxMs: number };
  pass: { warmMaxMs: boolean; warmWithoutCalls: boolean };
  settings: { requestsPerSecond: number; latencyMs: number; now: string };
}

const TOKEN = 'bench-admin-token-0123456789';
const WARM_PAGES = [1, 2, 50, 100, 200];

export async function benchAdmin(options: AdminBenchOptions = {}): Promise<AdminBenchResult> {
  const log = options.log ?? (() => {});
  const issues = options.issues ?? 10_000;
  const requestsPerSecond = options.requestsPerSecond ?? 200;
  const latencyMs = options.latencyMs ?? 10;
  // A Tuesday at 10:00 in São Paulo: no issue of the seed is due or has its reminder due.
  const now = '2026-03-10T10:00:00-03:00';
  const nowMs = Date.parse(now);
  log(`admin: seeding ${issues.toLocaleString('en')} issues in validation`);
  const sandbox = await startChild<{ url: string }>(
    './sandbox-server.ts',
    [issues, 0, requestsPerSecond, 20, latencyMs, now].map(String),
  );
  try {
    const config = loadProjectsFile(
      fileURLToPath(new URL('../config/projects.yaml', import.meta.url)),
    );
    const env = loadEnv({
      JIRA_BASE_URL: sandbox.ready.url,
      JIRA_EMAIL: 'bot@pixeon.example',
      JIRA_API_TOKEN: 'sandbox',
      WEBHOOK_SECRETS: BENCH_SECRET,
      ADMIN_TOKEN: TOKEN,
      LOG_LEVEL: 'silent',
      SCHEDULER_ENABLED: 'false',
    });
    const service = createService({
      env,
      config,
      connection: jiraConnection(env),
      log: pino({ level: 'silent' }),
      webhookSecrets: env.WEBHOOK_SECRETS,
      scheduler: false,
      adminToken: TOKEN,
      now: () => nowMs,
    });
    const { url } = await service.listen(0, '127.0.0.1');
    try {
      const view = async (path: string): Promise<AdminView> => {
        const before = service.jira.calls.total;
        const started = performance.now();
        const response = await fetch(`${url}${path}`, {
          headers: { authorization: `Bearer ${TOKEN}` },
        });
        await response.arrayBuffer();
        const ms = Math.round(performance.now() - started);
        return { path, ms, status: response.status, jiraCalls: service.jira.calls.total - before };
      };
      const first = await view('/admin');
      log(`admin: first view ${first.ms} ms, ${first.jiraCalls} Jira calls (${first.status})`);
      const warm: AdminView[] = [];
      for (const page of WARM_PAGES) {
        warm.push(await view(`/admin?page=${page}`));
        warm.push(await view(`/admin/api/forecast?page=${page}`));
      }
      const warmMaxMs = Math.max(...warm.map((v) => v.ms));
      const warmJiraCalls = warm.reduce((sum, v) => sum + v.jiraCalls, 0);
      log(`admin: warm views, slowest ${warmMaxMs} ms, ${warmJiraCalls} Jira calls`);
      return {
        issues,
        firstLoadMs: first.ms,
        firstLoadJiraCalls: first.jiraCalls,
        warm,
        warmMaxMs,
        warmJiraCalls,
        targets: { warmMaxMs: 2000 },
        pass: {
          warmMaxMs: warmMaxMs <= 2000 && warm.every((v) => v.status === 200),
          warmWithoutCalls: warmJiraCalls === 0,
        },
        settings: { requestsPerSecond, latencyMs, now },
      };
    } finally {
      await service.shutdown();
    }
  } finally {
    await sandbox.stop();
  }
}
