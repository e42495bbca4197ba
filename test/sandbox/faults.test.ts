import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { CUSTOMER, startSandbox, type TestSandbox } from './helpers.ts';

describe('faults', () => {
  let t: TestSandbox;
  beforeAll(async () => {
    t = await startSandbox();
  });
  afterAll(() => t.close());
  beforeEach(() => {
    t.sandbox.faults.set({});
  });

  const myself = () => t.api('GET', '/rest/api/3/myself');
  const setFaults = (body: unknown) => t.api('POST', '/_sandbox/faults', { as: null, body });

  it("answer 429 with Retry-After and Jira's rate-limit headers past the burst", async () => {
    expect((await setFaults({ rateLimit: { requestsPerSecond: 0.01, burst: 2 } })).status).toBe(
      200,
    );
    expect((await myself()).status).toBe(200);
    expect((await myself()).status).toBe(200);
    const limited = await myself();
    expect(limited.status).toBe(429);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    expect(limited.headers['x-ratelimit-limit']).toBe('2');
    expect(limited.headers['x-ratelimit-remaining']).toBe('0');
    expect(limited.body).toEqual({ errorMessages: ['Rate limit exceeded.'], errors: {} });
    // The controls are never rate limited.
    expect((await t.api('GET', '/_sandbox/stats', { as: null })).status).toBe(200);
  });

  it('answer the configured share of 5xx, the same requests for the same seed', async () => {
    const run = async () => {
      await setFaults({ errorRate: 0.3, seed: 7 });
      const statuses: number[] = [];
      for (let i = 0; i < 40; i++) statuses.push((await myself()).status);
      return statuses;
    };
    const first = await run();
    const second = await run();
    expect(second).toEqual(first);
    const failures = first.filter((status) => status >= 500).length;
    expect(failures).toBeGreaterThan(4);
    expect(failures).toBeLessThan(24);
    expect(first).toContain(500);
    expect(first).toContain(503);
    expect(first.filter((status) => status !== 200 && status < 500)).toEqual([]);
  });

  it('fail every call at an error rate of 1, each 503 with Retry-After', async () => {
    t.sandbox.faults.set({ errorRate: 1, seed: 3 });
    const before = t.sandbox.faults.counts.serverErrors;
    const responses = await Promise.all([
      myself(),
      myself(),
      myself(),
      myself(),
      myself(),
      myself(),
    ]);
    // All six fail, as 500 or 503 (half each by design), and the sandbox counted six.
    expect(responses.filter((r) => r.status === 500 || r.status === 503)).toHaveLength(6);
    expect(t.sandbox.faults.counts.serverErrors - before).toBe(6);
    const unavailable = responses.filter((r) => r.status === 503);
    expect(unavailable.length).toBeGreaterThan(0);
    for (const response of unavailable) expect(response.headers['retry-after']).toBe('1');
  });

  it('drop connections without an answer', async () => {
    const before = t.sandbox.faults.counts.dropped;
    await setFaults({ dropRate: 1 });
    await expect(myself()).rejects.toThrow(/socket hang up|ECONNRESET/);
    await setFaults({});
    expect((await myself()).status).toBe(200);
    expect(t.sandbox.faults.counts.dropped - before).toBe(1);
  });

  it('accept latency and report the settings in force', async () => {
    const set = await setFaults({ latencyMs: 5, jitterMs: 5 });
    expect(set.body).toMatchObject({ latencyMs: 5, jitterMs: 5, errorRate: 0, rateLimit: null });
    expect((await myself()).status).toBe(200);
    expect((await t.api('GET', '/_sandbox/faults', { as: null })).body.latencyMs).toBe(5);
  });

  it('refuse the requests about one issue for good, by method, and nothing else', async () => {
    const [one, two] = [1, 2].map(() =>
      t.sandbox.store.createIssue({ summary: 'Chamado', reporter: CUSTOMER }, { silent: true }),
    );
    await setFaults({ refusals: [{ issue: one!.key, methods: ['POST'], status: 403 }] });
    const before = t.sandbox.faults.counts.refused;
    const comment = await t.api('POST', `/rest/api/3/issue/${one!.key}/comment`, {
      body: { body: { type: 'doc', version: 1, content: [] } },
    });
    expect(comment.status).toBe(403);
    expect(comment.body).toEqual({
      errorMessages: ['You do not have the permission to perform this action on this issue.'],
      errors: {},
    });
    expect((await t.api('GET', `/rest/api/3/issue/${one!.key}`)).status).toBe(200);
    expect((await t.api('GET', `/rest/api/3/issue/${two!.key}/comment`)).status).toBe(200);
    expect(t.sandbox.faults.counts.refused - before).toBe(1);
    await setFaults({ refusals: [{ issue: two!.id, status: 404 }] });
    expect((await t.api('GET', `/rest/api/3/issue/${two!.id}`)).status).toBe(404);
    expect((await t.api('GET', `/rest/api/3/issue/${two!.key}`)).status).toBe(200);
  });

  it('refuse settings that make no sense', async () => {
    const response = await setFaults({ errorRate: 2 });
    expect(response.status).toBe(400);
    expect(response.body.errorMessages[0]).toMatch(/errorRate/);
    expect((await setFaults({ teapot: true })).status).toBe(400);
    expect((await setFaults({ refusals: [{ issue: 'SUP-1', status: 418 }] })).status).toBe(400);
  });

  it('can be set when the sandbox is created', async () => {
    const faulty = await startSandbox({ faults: { errorRate: 1 } });
    expect((await faulty.api('GET', '/rest/api/3/myself')).status).toBeGreaterThanOrEqual(500);
    faulty.sandbox.faults.set({});
    expect((await faulty.api('GET', '/rest/api/3/myself')).status).toBe(200);
    await faulty.close();
  });
});

describe('call statistics', () => {
  let t: TestSandbox;
  beforeAll(async () => {
    t = await startSandbox({ demoIssues: true });
  });
  afterAll(() => t.close());

  it("count calls by Jira's operation id, faulted ones included, until cleared", async () => {
    expect((await t.api('DELETE', '/_sandbox/stats', { as: null })).status).toBe(204);
    await t.api('GET', '/rest/api/3/myself');
    await t.api('GET', '/rest/api/3/issue/SUP-1');
    await t.api('GET', '/rest/api/3/issue/SUP-2');
    t.sandbox.faults.set({ errorRate: 1 });
    await t.api('GET', '/rest/api/3/issue/SUP-1/transitions');
    t.sandbox.faults.set({});
    await t.api('GET', '/_sandbox/clock', { as: null });
    const stats = await t.api('GET', '/_sandbox/stats', { as: null });
    expect(stats.body).toEqual({
      total: 4,
      byOperation: { getCurrentUser: 1, getIssue: 2, getTransitions: 1 },
      faults: { rateLimited: 0, serverErrors: 1, dropped: 0, refused: 0 },
    });
    expect(t.sandbox.stats.calls('getIssue')).toBe(2);
  });
});
