import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals';
import nock from 'nock';
import { RateLimitError } from 'jira.js';
import { useNock } from '../setup/no-network.ts';
import { DEFAULT_RETRY, retryDelay } from '../../src/jira/retry-policy.ts';
import { CallCounter, createJiraTransport, JiraGateway, Pacer } from '../../src/jira/index.ts';
import { rawIssue, setup, SITE, TOKEN, until } from './support.ts';

// The transport's promises (retries, pacing, errors, concurrency), through the gateway's calls.

useNock();

beforeEach(() => {
  nock.cleanAll();
});

afterEach(() => {
  jest.useRealTimers();
  expect(nock.pendingMocks()).toEqual([]);
});

describe('retries', () => {
  it('waits at least Retry-After on a 429, measured on a fake clock', async () => {
    // Only the timers the retry waits on are fake; the HTTP stack keeps its own clock.
    jest.useFakeTimers({
      doNotFake: ['nextTick', 'setImmediate', 'queueMicrotask', 'Date', 'performance', 'hrtime'],
    });
    const { gateway, counter } = setup({ sleep: undefined, random: () => 0 });
    nock(SITE)
      .get('/rest/api/3/issue/SUP-1')
      .query(true)
      .reply(429, { errorMessages: ['Rate limit exceeded.'] }, { 'Retry-After': '3' })
      .get('/rest/api/3/issue/SUP-1')
      .query(true)
      .reply(200, rawIssue('SUP-1'));

    let settled = false;
    const pending = gateway.getIssue('SUP-1').finally(() => (settled = true));
    // The HTTP exchange is real I/O: let the 429 arrive before moving the clock.
    await until(() => counter.retries === 1);
    await jest.advanceTimersByTimeAsync(2_999);
    expect(counter.total).toBe(1);
    expect(settled).toBe(false);
    await jest.advanceTimersByTimeAsync(1);
    await until(() => settled);
    const issue = await pending;
    expect(issue.key).toBe('SUP-1');
    expect(counter.total).toBe(2);
    expect(counter.retries).toBe(1);
  });

  it('honours Retry-After on a 503 as well', async () => {
    const { gateway, waits } = setup();
    nock(SITE)
      .get('/rest/api/3/myself')
      .reply(503, 'busy', { 'Retry-After': '7' })
      .get('/rest/api/3/myself')
      .reply(200, { accountId: 'bot-1', displayName: 'Bot', accountType: 'atlassian' });
    await expect(gateway.myself()).resolves.toMatchObject({ accountId: 'bot-1' });
    // Retry-After, plus a spread of random 0.5 times the base delay of 500 ms.
    expect(waits).toEqual([7_000 + 250]);
  });

  it('backs off exponentially on 5xx and gives up after the cap of attempts', async () => {
    const { gateway, waits, counter } = setup({ retry: { maxAttempts: 4, baseDelayMs: 100 } });
    nock(SITE)
      .get('/rest/api/3/issue/SUP-1')
      .query(true)
      .times(4)
      .reply(500, { errorMessages: ['Internal'] });
    await expect(gateway.getIssue('SUP-1')).rejects.toMatchObject({
      name: 'ServerError',
      status: 500,
    });
    expect(counter.total).toBe(4);
    // random 0.5 puts each wait at three quarters of its backoff: 100, 200, 400.
    expect(waits).toEqual([75, 150, 300]);
  });

  it('retries a network failure of a read', async () => {
    const { gateway, counter } = setup();
    nock(SITE)
      .get('/rest/api/3/myself')
      .replyWithError(Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }))
      .get('/rest/api/3/myself')
      .reply(200, { accountId: 'bot-1' });
    await expect(gateway.myself()).resolves.toMatchObject({ accountId: 'bot-1' });
    expect(counter.total).toBe(2);
  });

  it('does not resend a comment after an ambiguous 500 (it may have been created)', async () => {
    const { gateway, counter } = setup();
    nock(SITE)
      .post('/rest/api/3/issue/SUP-1/comment')
      .reply(500, { errorMessages: ['oops'] });
    await expect(gateway.addComment('SUP-1', 'Olá')).rejects.toMatchObject({ status: 500 });
    expect(counter.total).toBe(1);
  });

  it('resends a comment after a 429: Jira did not process it', async () => {
    const { gateway, counter } = setup();
    nock(SITE)
      .post('/rest/api/3/issue/SUP-1/comment')
      .reply(429, {}, { 'Retry-After': '1' })
      .post('/rest/api/3/issue/SUP-1/comment')
      .reply(201, {
        id: '100',
        created: '2026-02-13T17:00:00.000-0300',
        author: { accountId: 'bot-1' },
      });
    await expect(gateway.addComment('SUP-1', 'Olá')).resolves.toMatchObject({ id: '100' });
    expect(counter.total).toBe(2);
  });

  it('spreads the retries of calls throttled together, never earlier than Retry-After', () => {
    const throttled = { error: new RateLimitError('429', 'Too Many', {}, { retryAfterMs: 1_000 }) };
    const waits = [0, 0.3, 0.9].map((random) =>
      retryDelay({ ...throttled, attempt: 1, idempotent: true }, DEFAULT_RETRY, random),
    );
    expect(new Set(waits).size).toBe(3);
    for (const wait of waits) expect(wait).toBeGreaterThanOrEqual(1_000);
  });

  it('paces the client after a 429 of the site limit, not after one of the per-issue limit', async () => {
    const pacer = new Pacer({ sleep: async () => undefined });
    const { gateway } = setup({ pacer });
    nock(SITE)
      .post('/rest/api/3/issue/SUP-1/comment')
      .reply(429, {}, { 'Retry-After': '1', 'RateLimit-Reason': 'jira-per-issue-on-write' })
      .post('/rest/api/3/issue/SUP-1/comment')
      .reply(201, { id: '100', created: '2026-02-13T17:00:00.000-0300' });
    await gateway.addComment('SUP-1', 'Olá');
    expect(pacer.requestsPerSecond).toBe(Number.POSITIVE_INFINITY);

    nock(SITE)
      .get('/rest/api/3/myself')
      .reply(429, {}, { 'Retry-After': '1', 'RateLimit-Reason': 'jira-burst-based' })
      .get('/rest/api/3/myself')
      .reply(200, { accountId: 'bot-1' });
    await gateway.myself();
    expect(pacer.requestsPerSecond).toBeLessThan(Number.POSITIVE_INFINITY);
  });

  it.each([401, 403, 404, 400])('never retries a %i', async (status) => {
    const { gateway, counter, waits } = setup();
    nock(SITE)
      .get('/rest/api/3/myself')
      .reply(status, { errorMessages: ['no'] });
    await expect(gateway.myself()).rejects.toMatchObject({ status });
    expect(counter.total).toBe(1);
    expect(waits).toEqual([]);
  });

  it('gives up at once when Retry-After is longer than it is willing to wait', async () => {
    const { gateway, counter } = setup({ retry: { maxRetryAfterMs: 10_000 } });
    nock(SITE).get('/rest/api/3/myself').reply(429, {}, { 'Retry-After': '3600' });
    await expect(gateway.myself()).rejects.toMatchObject({
      name: 'RateLimitError',
      retryAfterMs: 3_600_000,
    });
    expect(counter.total).toBe(1);
  });
});

describe('errors', () => {
  it('never carry the credentials', async () => {
    const { gateway } = setup();
    nock(SITE)
      .get('/rest/api/3/myself')
      .reply(401, { errorMessages: ['Client must be authenticated'] });
    const error = await gateway.myself().catch((e: unknown) => e as Error);
    const basic = Buffer.from(`bot@example.com:${TOKEN}`).toString('base64');
    const everything = `${String(error)} ${(error as Error).stack} ${JSON.stringify(error)}`;
    expect(everything).not.toContain(TOKEN);
    expect(everything).not.toContain(basic);
    expect((error as Error).message).toMatch(
      /GET \/rest\/api\/3\/myself failed: 401.*Client must be authenticated/,
    );
  });

  it.each(['JSON', 'text'])(
    'blank credentials a %s error answer quotes back, in its message and its body',
    async (kind) => {
      const basic = Buffer.from(`bot@example.com:${TOKEN}`).toString('base64');
      const quoted = `Authorization: Basic ${basic}; token ${TOKEN}; ${encodeURIComponent(TOKEN)}`;
      const { gateway } = setup();
      const answer =
        kind === 'JSON'
          ? { errorMessages: [quoted], errors: { [TOKEN]: `Basic ${basic.replace(/=+$/, '')}` } }
          : quoted;
      nock(SITE).get('/rest/api/3/myself').reply(400, answer);
      const error = (await gateway.myself().catch((e: unknown) => e)) as Error & { body: unknown };
      const everything = `${error.message} ${error.stack} ${JSON.stringify(error.body)}`;
      expect(error.message).toContain('failed: 400 Bad Request (Authorization: Basic [redacted]');
      for (const form of [TOKEN, basic, basic.replace(/=+$/, ''), encodeURIComponent(TOKEN)])
        expect(everything).not.toContain(form);
    },
  );
});

/**
 * A Jira stand-in on loopback answering every GET /issue/{key} after `delayMs`; `onFlight` hears
 * +1 when a request arrives and -1 when it is answered.
 */
async function withIssueServer(
  delayMs: number,
  onFlight: ((delta: 1 | -1) => void) | undefined,
  use: (baseUrl: string) => Promise<void>,
): Promise<void> {
  const server = createServer((req, res) => {
    onFlight?.(1);
    setTimeout(() => {
      onFlight?.(-1);
      const key = req.url!.split('?')[0]!.split('/').pop()!;
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(rawIssue(key)));
    }, delayMs);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  try {
    await use(`http://127.0.0.1:${port}`);
  } finally {
    await new Promise((r) => server.close(r));
  }
}

describe('concurrency', () => {
  it('keeps at most the configured number of requests in flight', async () => {
    let inFlight = 0;
    let most = 0;
    // A real server on loopback: the overlap of requests is what is measured.
    await withIssueServer(
      10,
      (delta) => {
        inFlight += delta;
        most = Math.max(most, inFlight);
      },
      async (baseUrl) => {
        const transport = createJiraTransport({
          baseUrl,
          email: 'e',
          apiToken: 't',
          maxConcurrency: 3,
        });
        const gateway = new JiraGateway(transport);
        const keys = Array.from({ length: 12 }, (_, i) => `SUP-${i + 1}`);
        const issues = await Promise.all(keys.map((k) => gateway.getIssue(k)));
        expect(issues.map((i) => i.key)).toEqual(keys);
        expect(most).toBe(3);
      },
    );
  });

  it('counts each caller its own calls, even when they queue behind one another', async () => {
    await withIssueServer(5, undefined, async (baseUrl) => {
      const counter = new CallCounter();
      const transport = createJiraTransport({
        baseUrl,
        email: 'e',
        apiToken: 't',
        maxConcurrency: 2,
        observer: counter,
      });
      const gateway = new JiraGateway(transport);
      // Five callers making 1 to 5 reads each, all at once, through two slots.
      const measured = await Promise.all(
        [1, 2, 3, 4, 5].map((n) =>
          counter.measure(async () => {
            for (let i = 0; i < n; i++) await gateway.getIssue(`SUP-${n}${i}`);
            return n;
          }),
        ),
      );
      expect(measured.map((m) => m.calls)).toEqual(measured.map((m) => m.value));
      expect(counter.total).toBe(15);
    });
  });
});
