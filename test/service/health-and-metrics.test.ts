import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from '@jest/globals';
import request from 'supertest';
import { arrangeIssue, CUSTOMER, STATUS } from '../e2e/world.ts';
import { startWorld, type World } from '../support/world.ts';

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
    world = await startWorld({
      service: {
        jiraUrl: `http://127.0.0.1:${await closedPort()}`,
        jiraRetry: { maxAttempts: 1 },
        register: false,
      },
    });
    await request(world.service.app).get('/healthz').expect(200, { status: 'ok' });
    await world.service.jiraCheck.check();
    const ready = await request(world.service.app).get('/readyz').expect(503);
    expect(ready.body).toMatchObject({
      status: 'not ready',
      config: 'loaded',
      jiraCheck: { lastCheck: { ok: false } },
    });
    expect(ready.body.jira).toMatch(/^unreachable: .*ECONNREFUSED/);
    expect(ready.body.jiraCheck.lastCheck.error).toMatch(/ECONNREFUSED/);
  });

  it('is ready once Jira answers', async () => {
    world = await startWorld();
    await world.service.jiraCheck.check();
    const ready = await request(world.service.app).get('/readyz').expect(200);
    expect(ready.body).toEqual({
      status: 'ready',
      config: 'loaded',
      jira: 'ok',
      jiraCheck: {
        lastCheck: { at: expect.any(String), durationMs: expect.any(Number), ok: true },
        lastSuccessAt: expect.any(String),
      },
      projects: ['SUP'],
    });
  });
});

/** The metric lines of the exposition, without comments, histogram buckets or process metrics. */
function samples(text: string): string[] {
  return text.split('\n').filter((line) => line.startsWith('jsm_') && !line.includes('_bucket{'));
}

/** Lets the readiness check's first call end, and makes no more: the test counts every call. */
async function quietHeartbeat(w: World): Promise<void> {
  w.service.jiraCheck.stop();
  await w.service.jiraCheck.idle();
}

describe('metrics', () => {
  it('count deliveries, actions, Jira calls, sweeps and the dedupe cache, with bounded labels', async () => {
    world = await startWorld();
    await quietHeartbeat(world);
    const key = arrangeIssue(world.sandbox, [
      { status: STATUS.analysts, at: '2026-03-02T09:00:00-03:00' },
      { status: STATUS.pending, at: '2026-03-02T10:00:00-03:00' },
    ]);
    world.sandbox.store.addComment(key, { body: 'Segue' }, { by: CUSTOMER });
    await world.sandbox.webhooks.idle();
    await world.service.webhooks.receiver.drain();
    const beforeSweep = Date.now() / 1000;
    await world.service.sweep('full', { nowMs: Date.parse('2026-03-04T02:00:00-03:00') });
    const afterSweep = Date.now() / 1000;

    const response = await request(world.service.app).get('/metrics').expect(200);
    expect(response.headers['content-type']).toMatch(/^text\/plain/);
    const text = response.text;
    const lines = samples(text);
    const value = (name: string) => {
      const line = lines.find((l) => l.startsWith(`${name} `));
      return line === undefined ? undefined : Number(line.slice(name.length + 1));
    };
    // One customer reply: one comment_created acted on; two issue updates screened out (Jira's
    // "issue commented" update, and the service's own move to the analysts).
    expect(lines.filter((l) => l.startsWith('jsm_webhook_deliveries_total'))).toEqual([
      'jsm_webhook_deliveries_total{event="jira:issue_updated",outcome="screened-out"} 2',
      'jsm_webhook_deliveries_total{event="comment_created",outcome="acted"} 1',
    ]);
    expect(lines.filter((l) => l.startsWith('jsm_actions_total'))).toEqual([
      'jsm_actions_total{rule="customer-reply",outcome="acted"} 1',
    ]);
    // Start-up (register the webhook), the reply (who am I, the issue, the author's groups, the
    // move) and the sweep (the project's statuses, one search per queue, both empty by then).
    expect(lines.filter((l) => l.startsWith('jsm_jira_calls_total')).sort()).toEqual(
      [
        'jsm_jira_calls_total{operation="listWebhooks",status="200"} 1',
        'jsm_jira_calls_total{operation="registerWebhook",status="201"} 1',
        // The bot account's, and the first background check of readiness's.
        'jsm_jira_calls_total{operation="myself",status="200"} 2',
        'jsm_jira_calls_total{operation="getIssue",status="200"} 1',
        'jsm_jira_calls_total{operation="getUserGroups",status="200"} 1',
        'jsm_jira_calls_total{operation="getTransitions",status="200"} 1',
        'jsm_jira_calls_total{operation="doTransition",status="204"} 1',
        'jsm_jira_calls_total{operation="getProjectStatuses",status="200"} 1',
        'jsm_jira_calls_total{operation="search",status="200"} 2',
      ].sort(),
    );
    // Declared, but nothing was retried.
    expect(text).toContain('# TYPE jsm_jira_retries_total counter');
    expect(lines.filter((l) => l.startsWith('jsm_jira_retries_total'))).toEqual([]);
    expect(value('jsm_sweep_duration_seconds_count{mode="full"}')).toBe(1);
    const lastSuccess = value('jsm_sweep_last_success_timestamp_seconds{mode="full"}')!;
    expect(lastSuccess).toBeGreaterThanOrEqual(Math.floor(beforeSweep));
    expect(lastSuccess).toBeLessThanOrEqual(Math.ceil(afterSweep));
    expect(value('jsm_webhook_dedupe_cache_entries')).toBe(1);
    expect(text).toContain('process_cpu_user_seconds_total');
    // Issue keys never become label values.
    expect(text).not.toContain(key);
  });

  it('make throttling visible: 429 answers are counted by status, the retries, and the pace the service keeps since', async () => {
    world = await startWorld();
    await quietHeartbeat(world);
    const metrics = async () => (await request(world!.service.app).get('/metrics')).text;
    expect(await metrics()).toContain('jsm_jira_pace_requests_per_second +Inf');

    // One request a second, a burst of one: the second call, at once, is answered 429 and its
    // retry (after Retry-After) succeeds.
    world.sandbox.faults.set({ rateLimit: { requestsPerSecond: 1, burst: 1 }, seed: 3 });
    await world.service.jira.gateway.myself();
    await world.service.jira.gateway.myself();
    world.sandbox.faults.set({});
    const lines = samples(await metrics());
    expect(
      lines.filter((l) => /^jsm_jira_(calls|retries)_total\{operation="myself"/.test(l)),
    ).toEqual([
      // The readiness check's first, then the two of the test (one of them retried).
      'jsm_jira_calls_total{operation="myself",status="200"} 3',
      'jsm_jira_calls_total{operation="myself",status="429"} 1',
      'jsm_jira_retries_total{operation="myself"} 1',
    ]);
    expect(lines).toContainEqual(
      expect.stringMatching(/^jsm_jira_pace_requests_per_second \d+(\.\d+)?$/),
    );
    expect(world.log.find('Jira throttled the service')).toHaveLength(1);
  });
});
