import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from '@jest/globals';
import pino from 'pino';
import request from 'supertest';
import { loadEnv } from '../../src/config/index.ts';
import { jiraConnection } from '../../src/service/jira-connection.ts';
import { createService } from '../../src/service/service.ts';
import { arrangeIssue, CONFIG, CUSTOMER, startWorld, STATUS, type World } from '../e2e/world.ts';

let world: World | undefined;

/** A loopback port nothing listens on: bound, then released. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  await new Promise((r) => server.close(r));
  return port;
}

afterEach(async () => {
  await world?.close();
  world = undefined;
});

describe('health', () => {
  it('is alive, but not ready, when Jira cannot be reached', async () => {
    const env = loadEnv({
      JIRA_BASE_URL: `http://127.0.0.1:${await closedPort()}`,
      JIRA_EMAIL: 'bot@example.com',
      JIRA_API_TOKEN: 'token',
      WEBHOOK_SECRETS: 'secret',
      SCHEDULER_ENABLED: 'false',
    });
    const service = createService({
      env,
      config: CONFIG,
      connection: jiraConnection(env),
      log: pino({ level: 'silent' }),
      webhookSecrets: env.WEBHOOK_SECRETS,
      scheduler: false,
      jiraRetry: { maxAttempts: 1 },
    });
    await request(service.app).get('/healthz').expect(200, { status: 'ok' });
    const ready = await request(service.app).get('/readyz').expect(503);
    expect(ready.body).toMatchObject({ status: 'not ready', config: 'loaded' });
    expect(ready.body.jira).toMatch(/^unreachable: .*ECONNREFUSED/);
  });

  it('is ready once Jira answers', async () => {
    world = await startWorld();
    const ready = await request(world.service.app).get('/readyz').expect(200);
    expect(ready.body).toEqual({
      status: 'ready',
      config: 'loaded',
      jira: 'ok',
      projects: ['SUP'],
    });
  });
});

describe('metrics', () => {
  it('count deliveries, actions, Jira calls, sweeps and the dedupe cache, with bounded labels', async () => {
    world = await startWorld();
    const key = arrangeIssue(world.sandbox, [
      { status: STATUS.analysts, at: '2026-03-02T09:00:00-03:00' },
      { status: STATUS.pending, at: '2026-03-02T10:00:00-03:00' },
    ]);
    world.sandbox.store.addComment(key, { body: 'Segue' }, { by: CUSTOMER });
    await world.sandbox.webhooks.idle();
    await world.service.webhooks.receiver.drain();
    await world.service.sweep('full', { nowMs: Date.parse('2026-03-04T02:00:00-03:00') });

    const response = await request(world.service.app).get('/metrics').expect(200);
    expect(response.headers['content-type']).toMatch(/^text\/plain/);
    const text = response.text;
    expect(text).toContain(
      'jsm_webhook_deliveries_total{event="comment_created",outcome="acted"} 1',
    );
    expect(text).toMatch(
      /jsm_webhook_deliveries_total\{event="jira:issue_updated",outcome="screened-out"\} \d+/,
    );
    expect(text).toContain('jsm_actions_total{rule="customer-reply",outcome="acted"} 1');
    expect(text).toMatch(/jsm_jira_calls_total\{operation="getIssue",status="200"\} \d+/);
    expect(text).toMatch(/jsm_jira_calls_total\{operation="doTransition",status="204"\} 1/);
    expect(text).toMatch(/jsm_jira_calls_total\{operation="search",status="200"\} \d+/);
    expect(text).toContain('# TYPE jsm_jira_retries_total counter');
    expect(text).toMatch(/jsm_sweep_duration_seconds_count\{mode="full"\} 1/);
    expect(text).toMatch(/jsm_sweep_last_success_timestamp_seconds\{mode="full"\} \d+/);
    expect(text).toMatch(/jsm_webhook_dedupe_cache_entries [1-9]\d*/);
    expect(text).toContain('process_cpu_user_seconds_total');
    // Issue keys never become label values.
    expect(text).not.toContain(key);
  });

  it('make throttling visible: 429 answers are counted by status, the retries, and the pace the service keeps since', async () => {
    world = await startWorld();
    const metrics = async () => (await request(world!.service.app).get('/metrics')).text;
    expect(await metrics()).toContain('jsm_jira_pace_requests_per_second +Inf');

    world.sandbox.faults.set({ rateLimit: { requestsPerSecond: 1, burst: 1 }, seed: 3 });
    await world.service.jira.gateway.myself();
    await world.service.jira.gateway.myself().catch(() => undefined);
    world.sandbox.faults.set({});
    const text = await metrics();
    expect(text).toMatch(/jsm_jira_calls_total\{operation="myself",status="429"\} [1-9]/);
    expect(text).toMatch(/jsm_jira_retries_total\{operation="myself"\} [1-9]/);
    expect(text).toMatch(/jsm_jira_pace_requests_per_second \d+(\.\d+)?\n/);
    expect(world.logs.some((line) => line.includes('Jira throttled the service'))).toBe(true);
  });
});
