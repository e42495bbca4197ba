import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals';
import nock from 'nock';
import { useNock } from '../setup/no-network.ts';
import { RateLimitError } from 'jira.js';
import { DEFAULT_RETRY, retryDelay } from '../../src/jira/retry-policy.ts';
import {
  CallCounter,
  createJiraTransport,
  JiraGateway,
  Pacer,
  TransitionUnavailableError,
  type TransportOptions,
} from '../../src/jira/index.ts';

const SITE = 'https://example.atlassian.net';
const TOKEN = 'secret-api-token-123';

interface Setup {
  gateway: JiraGateway;
  counter: CallCounter;
  waits: number[];
}

function setup(overrides: Partial<TransportOptions> = {}, now = () => Date.now()): Setup {
  const counter = new CallCounter();
  const waits: number[] = [];
  const transport = createJiraTransport({
    baseUrl: SITE,
    email: 'bot@example.com',
    apiToken: TOKEN,
    observer: counter,
    random: () => 0.5,
    sleep: async (ms) => {
      waits.push(ms);
    },
    ...overrides,
  });
  return { gateway: new JiraGateway(transport, { now }), counter, waits };
}

function rawIssue(
  key: string,
  statusId = '10003',
  statusName = 'Tarefa Resolvida – Aguardando Validação do cliente',
) {
  return {
    id: key.replace(/\D/g, ''),
    key,
    fields: {
      summary: `Issue ${key}`,
      status: { id: statusId, name: statusName },
      issuetype: { id: '10001', name: 'Chamado' },
      project: { id: '10000', key: 'SUP' },
      reporter: { accountId: 'clinic-1', accountType: 'customer', displayName: 'Clínica' },
      created: '2026-02-10T09:00:00.000-0300',
      updated: '2026-02-13T17:00:00.000-0300',
    },
  };
}

function history(id: number, atIso: string, from: [string, string], to: [string, string]) {
  return {
    id: String(id),
    created: atIso,
    author: { accountId: 'analyst-1', displayName: 'Analista', accountType: 'atlassian' },
    items: [
      {
        field: 'status',
        fieldtype: 'jira',
        fieldId: 'status',
        from: from[0],
        fromString: from[1],
        to: to[0],
        toString: to[1],
      },
    ],
  };
}

/** An issue as the caller saw it: in "Pendente Informação do cliente". */
function pendingIssue(key: string) {
  return {
    id: '1',
    key,
    projectKey: 'SUP',
    issueTypeId: '10001',
    status: { id: '10002', name: 'Pendente Informação do cliente' },
  };
}

/** Waits on real I/O (setImmediate is never faked here) until a condition holds. */
async function until(condition: () => boolean): Promise<void> {
  for (let i = 0; i < 10_000 && !condition(); i++) await new Promise((r) => setImmediate(r));
  if (!condition()) throw new Error('condition never held');
}

useNock();

beforeEach(() => {
  nock.cleanAll();
});

afterEach(() => {
  jest.useRealTimers();
  expect(nock.pendingMocks()).toEqual([]);
});

describe('search', () => {
  it('follows nextPageToken until the last page and asks for the fields it needs', async () => {
    const { gateway, counter } = setup();
    nock(SITE)
      .get('/rest/api/3/search/jql')
      .query(
        (q) => q.jql === 'project = SUP' && !q.nextPageToken && String(q.fields).includes('status'),
      )
      .reply(200, {
        issues: [rawIssue('SUP-1'), rawIssue('SUP-2')],
        nextPageToken: 'page-2',
        isLast: false,
      })
      .get('/rest/api/3/search/jql')
      .query((q) => q.nextPageToken === 'page-2')
      .reply(200, { issues: [rawIssue('SUP-3')], isLast: true });

    const keys: string[][] = [];
    for await (const page of gateway.searchIssues('project = SUP'))
      keys.push(page.map((i) => i.key));

    expect(keys).toEqual([['SUP-1', 'SUP-2'], ['SUP-3']]);
    expect(counter.byOperation).toEqual({ search: 2 });
  });

  it('reads a batch again in reconciled searches of at most 50 issues, by key', async () => {
    const { gateway, counter } = setup();
    const keys = Array.from({ length: 60 }, (_, i) => `SUP-${i + 1}`);
    const bodies: Array<Record<string, unknown>> = [];
    nock(SITE)
      .post('/rest/api/3/search/jql', (body: Record<string, unknown>) => {
        bodies.push(body);
        return true;
      })
      .twice()
      .reply(200, () => {
        const { jql } = bodies.at(-1) as { jql: string };
        // SUP-7 was deleted meanwhile: Jira leaves it out.
        const asked = jql.slice(jql.indexOf('(') + 1, -1).split(', ');
        return { issues: asked.filter((k) => k !== 'SUP-7').map((k) => rawIssue(k)) };
      });

    const fresh = await gateway.rereadIssues(
      keys.map((key) => ({ key, id: key.slice(4) })),
      { changelog: true, properties: ['jira-support.validation'] },
    );

    expect(counter.byOperation).toEqual({ search: 2 });
    expect(bodies.map((b) => (b.reconcileIssues as number[]).length)).toEqual([50, 10]);
    expect(bodies[1]).toMatchObject({
      jql: `key in (${keys.slice(50).join(', ')})`,
      reconcileIssues: keys.slice(50).map((k) => Number(k.slice(4))),
      expand: 'changelog',
      properties: ['jira-support.validation'],
      maxResults: 10,
    });
    expect(fresh.size).toBe(59);
    expect(fresh.has('SUP-7')).toBe(false);
    expect(fresh.get('SUP-60')?.status.id).toBe('10003');
  });

  it('maps issues to the service model with instants in milliseconds', async () => {
    const { gateway } = setup();
    nock(SITE)
      .get('/rest/api/3/search/jql')
      .query(true)
      .reply(200, { issues: [rawIssue('SUP-7')] });
    const [page] = await Array.fromAsync(gateway.searchIssues('project = SUP'));
    expect(page![0]).toEqual({
      id: '7',
      key: 'SUP-7',
      projectKey: 'SUP',
      issueTypeId: '10001',
      status: { id: '10003', name: 'Tarefa Resolvida – Aguardando Validação do cliente' },
      summary: 'Issue SUP-7',
      reporter: { accountId: 'clinic-1', accountType: 'customer', displayName: 'Clínica' },
      createdMs: Date.parse('2026-02-10T12:00:00Z'),
      updatedMs: Date.parse('2026-02-13T20:00:00Z'),
    });
  });
});

describe('status history', () => {
  it('uses the expanded changelog when it is complete', async () => {
    const { gateway, counter } = setup();
    nock(SITE)
      .get('/rest/api/3/search/jql')
      .query((q) => q.expand === 'changelog')
      .reply(200, {
        issues: [
          {
            ...rawIssue('SUP-1'),
            changelog: {
              startAt: 0,
              maxResults: 40,
              total: 2,
              histories: [
                history(
                  2,
                  '2026-02-13T17:00:00.000-0300',
                  ['3', 'Em Atendimento'],
                  ['10003', 'Tarefa Resolvida'],
                ),
                history(
                  1,
                  '2026-02-11T10:00:00.000-0300',
                  ['1', 'Aberto'],
                  ['3', 'Em Atendimento'],
                ),
              ],
            },
          },
        ],
      });
    const [page] = await Array.fromAsync(
      gateway.searchIssues('project = SUP', { changelog: true }),
    );
    expect(page![0]!.statusChanges!.map((c) => c.to.id)).toEqual(['3', '10003']);
    expect(page![0]!.statusChanges![1]).toMatchObject({
      atMs: Date.parse('2026-02-13T20:00:00Z'),
      author: { accountId: 'analyst-1' },
      from: { id: '3', name: 'Em Atendimento' },
    });
    expect(counter.total).toBe(1);
  });

  it('reads the paged changelog endpoint when the expanded changelog was cut at 40 histories', async () => {
    const { gateway, counter } = setup();
    const all = Array.from({ length: 45 }, (_, i) =>
      history(
        i + 1,
        new Date(Date.parse('2026-01-01T12:00:00Z') + i * 3_600_000).toISOString(),
        i % 2 === 0 ? ['3', 'Em Atendimento'] : ['10002', 'Pendente'],
        i % 2 === 0 ? ['10002', 'Pendente'] : ['3', 'Em Atendimento'],
      ),
    );
    nock(SITE)
      .get('/rest/api/3/search/jql')
      .query(true)
      .reply(200, {
        issues: [
          {
            ...rawIssue('SUP-9'),
            changelog: { startAt: 0, maxResults: 40, total: 45, histories: all.slice(5) },
          },
        ],
      })
      .get('/rest/api/3/issue/SUP-9/changelog')
      .query({ startAt: '0', maxResults: '100' })
      .reply(200, {
        startAt: 0,
        maxResults: 30,
        total: 45,
        isLast: false,
        values: all.slice(0, 30),
      })
      .get('/rest/api/3/issue/SUP-9/changelog')
      .query({ startAt: '30', maxResults: '100' })
      .reply(200, { startAt: 30, maxResults: 30, total: 45, isLast: true, values: all.slice(30) });

    const [page] = await Array.fromAsync(
      gateway.searchIssues('project = SUP', { changelog: true }),
    );
    const changes = page![0]!.statusChanges!;
    expect(changes).toHaveLength(45);
    expect(changes[0]!.historyId).toBe('1');
    expect(changes[44]!.historyId).toBe('45');
    expect(counter.byOperation).toEqual({ search: 1, getChangelog: 2 });
  });
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
});

describe('transitions', () => {
  const pending = { ...rawIssue('SUP-12', '10002', 'Pendente Informação do cliente') };
  const transitions = {
    transitions: [
      {
        id: '21',
        name: 'Retomar atendimento',
        isAvailable: true,
        to: { id: '3', name: 'Em Atendimento' },
      },
      {
        id: '31',
        name: 'Resolver',
        isAvailable: true,
        to: { id: '10003', name: 'Tarefa Resolvida – Aguardando Validação do cliente' },
      },
    ],
  };

  it('finds the transition leading to the target status and performs it', async () => {
    const { gateway } = setup();
    nock(SITE)
      .get('/rest/api/3/issue/SUP-12')
      .query(true)
      .reply(200, pending)
      .get('/rest/api/3/issue/SUP-12/transitions')
      .reply(200, transitions)
      .post('/rest/api/3/issue/SUP-12/transitions', { transition: { id: '21' } })
      .reply(204);
    const issue = await gateway.getIssue('SUP-12');
    await expect(gateway.transitionTo(issue, { name: 'em atendimento' })).resolves.toMatchObject({
      id: '21',
    });
  });

  it('looks the transitions up once per project, issue type and status', async () => {
    const { gateway, counter } = setup();
    nock(SITE)
      .get('/rest/api/3/issue/SUP-12/transitions')
      .reply(200, transitions)
      .post('/rest/api/3/issue/SUP-12/transitions')
      .reply(204)
      .post('/rest/api/3/issue/SUP-13/transitions')
      .reply(204);
    await gateway.transitionTo(pendingIssue('SUP-12'), { id: '3' });
    await gateway.transitionTo(pendingIssue('SUP-13'), { id: '3' });
    expect(counter.byOperation).toEqual({ getTransitions: 1, doTransition: 2 });
  });

  it('makes one look-up for issues in the same state moved side by side', async () => {
    const { gateway, counter } = setup();
    nock(SITE)
      .get('/rest/api/3/issue/SUP-12/transitions')
      .delay(20)
      .reply(200, transitions)
      .post(/\/rest\/api\/3\/issue\/SUP-1\d\/transitions/)
      .times(4)
      .reply(204);
    await Promise.all(
      ['SUP-12', 'SUP-13', 'SUP-14', 'SUP-15'].map((key) =>
        gateway.transitionTo(pendingIssue(key), { id: '3' }),
      ),
    );
    expect(counter.byOperation).toEqual({ getTransitions: 1, doTransition: 4 });
  });

  it('says which transition is missing and from where', async () => {
    const { gateway } = setup();
    nock(SITE).get('/rest/api/3/issue/SUP-12/transitions').reply(200, transitions);
    const issue = {
      id: '12',
      key: 'SUP-12',
      projectKey: 'SUP',
      issueTypeId: '10001',
      status: { id: '10002', name: 'Pendente Informação do cliente' },
    };
    await expect(gateway.transitionTo(issue, { name: 'Fechado' })).rejects.toThrow(
      'SUP-12: transition to "Fechado" is not available from "Pendente Informação do cliente" (available: "Retomar atendimento", "Resolver")',
    );
  });

  const pendingSnapshot = {
    id: '12',
    key: 'SUP-12',
    projectKey: 'SUP',
    issueTypeId: '10001',
    status: { id: '10002', name: 'Pendente Informação do cliente' },
  };
  const invalid = {
    errorMessages: ["Transition id '21' is not valid for this issue."],
    errors: {},
  };

  it('turns a 400 on the transition into a clear error after reading the issue and one fresh look-up', async () => {
    const { gateway, counter } = setup();
    nock(SITE)
      .get('/rest/api/3/issue/SUP-12/transitions')
      .twice()
      .reply(200, transitions)
      .post('/rest/api/3/issue/SUP-12/transitions')
      .twice()
      .reply(400, invalid)
      .get('/rest/api/3/issue/SUP-12')
      .query(true)
      .twice()
      .reply(200, pending);
    const error = await gateway.transitionTo(pendingSnapshot, { id: '3' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TransitionUnavailableError);
    expect((error as Error).message).toMatch(
      /^SUP-12: transition to status id 3 is not available from "Pendente/,
    );
    expect(counter.byOperation).toEqual({ getTransitions: 2, doTransition: 2, getIssue: 2 });
  });

  it('abandons the move when the issue moved meanwhile, instead of reaching the target another way', async () => {
    const { gateway, counter } = setup();
    const elsewhere = rawIssue('SUP-12', '3', 'Em Atendimento');
    nock(SITE)
      .get('/rest/api/3/issue/SUP-12/transitions')
      .reply(200, transitions)
      .post('/rest/api/3/issue/SUP-12/transitions')
      .reply(400, invalid)
      .get('/rest/api/3/issue/SUP-12')
      .query(true)
      .reply(200, elsewhere);
    const error = await gateway
      .transitionTo(pendingSnapshot, { id: '10003' })
      .catch((e: unknown) => e);
    expect((error as Error).message).toBe(
      'SUP-12: transition to status id 10003 is not available from "Em Atendimento" (it moved meanwhile)',
    );
    expect(counter.byOperation).toEqual({ getTransitions: 1, doTransition: 1, getIssue: 1 });
  });

  it('counts a refused move as done when the issue is already at the target', async () => {
    const { gateway } = setup();
    nock(SITE)
      .get('/rest/api/3/issue/SUP-12/transitions')
      .reply(200, transitions)
      .post('/rest/api/3/issue/SUP-12/transitions')
      .reply(400, invalid)
      .get('/rest/api/3/issue/SUP-12')
      .query(true)
      .reply(200, rawIssue('SUP-12', '3', 'Em Atendimento'));
    await expect(gateway.transitionTo(pendingSnapshot, { id: '3' })).resolves.toMatchObject({
      id: '21',
    });
  });

  it('looks again before giving up when a cached list lacks the target', async () => {
    const { gateway } = setup();
    nock(SITE)
      .get('/rest/api/3/issue/SUP-12/transitions')
      .reply(200, { transitions: [] })
      .get('/rest/api/3/issue/SUP-13/transitions')
      .reply(200, transitions)
      .post('/rest/api/3/issue/SUP-13/transitions')
      .reply(204);
    await expect(gateway.transitionTo(pendingSnapshot, { id: '3' })).rejects.toThrow(
      TransitionUnavailableError,
    );
    await expect(
      gateway.transitionTo({ ...pendingSnapshot, key: 'SUP-13' }, { id: '3' }),
    ).resolves.toMatchObject({ id: '21' });
  });
});

describe('comments', () => {
  it('reads newest first and stops at the first comment older than the moment', async () => {
    const counter = new CallCounter();
    const comment = (id: string, iso: string, extra: object = {}) => ({
      id,
      created: iso,
      author: { accountId: 'clinic-1', accountType: 'customer' },
      ...extra,
    });
    nock(SITE)
      .get('/rest/api/3/issue/SUP-1/comment')
      .query({ startAt: '0', maxResults: '2', orderBy: '-created', expand: 'properties' })
      .reply(200, {
        startAt: 0,
        maxResults: 2,
        total: 5,
        comments: [
          comment('5', '2026-02-20T10:00:00.000-0300', { jsdPublic: false }),
          comment('4', '2026-02-19T10:00:00.000-0300', {
            properties: [{ key: 'jira-support', value: { kind: 'reminder' } }],
          }),
        ],
      })
      .get('/rest/api/3/issue/SUP-1/comment')
      .query({ startAt: '2', maxResults: '2', orderBy: '-created', expand: 'properties' })
      .reply(200, {
        startAt: 2,
        maxResults: 2,
        total: 5,
        comments: [
          comment('3', '2026-02-18T10:00:00.000-0300'),
          comment('2', '2026-02-10T10:00:00.000-0300'),
        ],
      });
    const transport = createJiraTransport({
      baseUrl: SITE,
      email: 'e',
      apiToken: 't',
      observer: counter,
    });
    const small = new JiraGateway(transport, { pageSize: 2 });
    const found = await small.commentsSince('SUP-1', Date.parse('2026-02-13T20:00:00Z'));
    expect(found.map((c) => c.id)).toEqual(['3', '4', '5']);
    expect(found.map((c) => c.isPublic)).toEqual([true, true, false]);
    expect(found[1]!.properties).toEqual({ 'jira-support': { kind: 'reminder' } });
    expect(counter.byOperation).toEqual({ getComments: 2 });
  });

  it('posts ADF, and marks internal notes with the JSM property', async () => {
    const { gateway } = setup();
    nock(SITE)
      .post('/rest/api/3/issue/SUP-1/comment', (body) => {
        expect(body).toEqual({
          body: {
            type: 'doc',
            version: 1,
            content: [
              { type: 'paragraph', content: [{ type: 'text', text: 'Primeiro.' }] },
              { type: 'paragraph', content: [{ type: 'text', text: 'Segundo.' }] },
            ],
          },
          properties: [
            { key: 'jira-support', value: { cycle: 'abc' } },
            { key: 'sd.public.comment', value: { internal: true } },
          ],
        });
        return true;
      })
      .reply(201, { id: '7', created: '2026-02-13T17:00:00.000-0300', jsdPublic: false });
    const created = await gateway.addComment('SUP-1', 'Primeiro.\n\nSegundo.', {
      internal: true,
      properties: { 'jira-support': { cycle: 'abc' } },
    });
    expect(created).toMatchObject({ id: '7', isPublic: false });
  });
});

describe('issue properties', () => {
  it('writes the value as the JSON body of the property', async () => {
    const { gateway, counter } = setup();
    nock(SITE)
      .put('/rest/api/3/issue/SUP-1/properties/jira-support.reminder', { cycle: 'c1' })
      .reply(201);
    await gateway.setIssueProperty('SUP-1', 'jira-support.reminder', { cycle: 'c1' });
    expect(counter.byOperation).toEqual({ setIssueProperty: 1 });
  });
});

describe('group membership', () => {
  it('is cached for its TTL', async () => {
    let now = 1_000_000;
    const { gateway, counter } = setup({}, () => now);
    nock(SITE)
      .get('/rest/api/3/user/groups')
      .query({ accountId: 'analyst-1' })
      .twice()
      .reply(200, [{ name: 'suporte', groupId: 'g1' }]);
    await expect(gateway.userGroups('analyst-1')).resolves.toEqual(['suporte']);
    now += 60_000;
    await expect(gateway.userGroups('analyst-1')).resolves.toEqual(['suporte']);
    expect(counter.total).toBe(1);
    now += 10 * 60_000;
    await gateway.userGroups('analyst-1');
    expect(counter.total).toBe(2);
  });
});

describe('group membership asked for side by side', () => {
  it('is looked up once', async () => {
    const { gateway, counter } = setup();
    nock(SITE)
      .get('/rest/api/3/user/groups')
      .query({ accountId: 'analyst-1' })
      .delay(20)
      .reply(200, [{ name: 'suporte', groupId: 'g1' }]);
    const groups = await Promise.all([1, 2, 3].map(() => gateway.userGroups('analyst-1')));
    expect(groups).toEqual([['suporte'], ['suporte'], ['suporte']]);
    expect(counter.total).toBe(1);
  });
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
