import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import nock from 'nock';
import { useNock } from '../setup/no-network.ts';
import { keysNamedIn } from '../../src/jira/issue-reads.ts';
import { history, rawIssue, setup, SITE } from './support.ts';

// The fresh read before acting (rereadIssues) when Jira refuses a batch because an issue vanished,
// answers in short pages, or cuts the changelog without saying so in `total`.

useNock();

beforeEach(() => {
  nock.cleanAll();
});

afterEach(() => {
  expect(nock.pendingMocks()).toEqual([]);
});

const batch = (...keys: string[]) => keys.map((key) => ({ key, id: key.slice(4) }));

/** What Jira answers when `key in (...)` names an issue that no longer exists. */
function gone(key: string) {
  return {
    errorMessages: [`An issue with key '${key}' does not exist for field 'key'.`],
    errors: {},
  };
}

/** A POST /search/jql mock that records each body, answering with `answer(keys asked)`. */
function searches(bodies: Array<Record<string, unknown>>) {
  return (body: Record<string, unknown>) => {
    bodies.push(body);
    return true;
  };
}

function askedKeys(body: Record<string, unknown> | undefined): string[] {
  const jql = String(body?.jql);
  return jql.slice(jql.indexOf('(') + 1, -1).split(', ');
}

describe('a batch Jira refuses because an issue is gone', () => {
  it('is searched again without the key Jira names, and the gone issue is missing: two calls', async () => {
    const { gateway, counter } = setup();
    const bodies: Array<Record<string, unknown>> = [];
    nock(SITE)
      .post('/rest/api/3/search/jql', searches(bodies))
      .reply(400, gone('SUP-2'))
      .post('/rest/api/3/search/jql', searches(bodies))
      .reply(200, () => ({ issues: askedKeys(bodies.at(-1)).map((k) => rawIssue(k)) }));

    const fresh = await gateway.rereadIssues(batch('SUP-1', 'SUP-2', 'SUP-12'));

    expect([...fresh.keys()]).toEqual(['SUP-1', 'SUP-12']);
    expect(bodies[1]).toMatchObject({
      jql: 'key in (SUP-1, SUP-12)',
      reconcileIssues: [1, 12],
      maxResults: 2,
    });
    expect(counter.byOperation).toEqual({ search: 2 });
  });

  it('asks nothing more when Jira names every key of the batch', async () => {
    const { gateway, counter } = setup();
    nock(SITE).post('/rest/api/3/search/jql').reply(400, gone('SUP-3'));

    const fresh = await gateway.rereadIssues(batch('SUP-3'));

    expect(fresh.size).toBe(0);
    expect(counter.byOperation).toEqual({ search: 1 });
  });

  it('reads each key on its own when Jira names none (a 404 is the gone one), properties included', async () => {
    const { gateway, counter } = setup();
    nock(SITE)
      .post('/rest/api/3/search/jql')
      .reply(400, { errorMessages: ['Não foi possível executar a consulta.'], errors: {} })
      .get('/rest/api/3/issue/SUP-1')
      .query((q) => String(q.properties).includes('jira-support.validation'))
      .reply(200, {
        ...rawIssue('SUP-1'),
        properties: { 'jira-support.validation': { cycle: '7' } },
      })
      .get('/rest/api/3/issue/SUP-2')
      .query(true)
      .reply(404, {
        errorMessages: ['Issue does not exist or you do not have permission to see it.'],
      });

    const fresh = await gateway.rereadIssues(batch('SUP-1', 'SUP-2'), {
      properties: ['jira-support.validation'],
    });

    expect([...fresh.keys()]).toEqual(['SUP-1']);
    expect(fresh.get('SUP-1')!.properties).toEqual({ 'jira-support.validation': { cycle: '7' } });
    expect(counter.byOperation).toEqual({ search: 1, getIssue: 2 });
  });

  it('reads each remaining key when the search without the named one is refused again', async () => {
    const { gateway, counter } = setup();
    nock(SITE)
      .post('/rest/api/3/search/jql')
      .reply(400, gone('SUP-1'))
      .post(
        '/rest/api/3/search/jql',
        (body: { jql: string }) => body.jql === 'key in (SUP-2, SUP-3)',
      )
      .reply(400, { errorMessages: ['something else'] })
      .get('/rest/api/3/issue/SUP-2')
      .query(true)
      .reply(403, { errorMessages: ['You do not have the permission to see the specified issue.'] })
      .get('/rest/api/3/issue/SUP-3')
      .query(true)
      .reply(200, rawIssue('SUP-3'));

    const fresh = await gateway.rereadIssues(batch('SUP-1', 'SUP-2', 'SUP-3'));

    expect([...fresh.keys()]).toEqual(['SUP-3']);
    expect(counter.byOperation).toEqual({ search: 2, getIssue: 2 });
  });

  it('is refused for another reason when every issue is still there: that refusal is the error', async () => {
    const { gateway } = setup();
    nock(SITE)
      .post('/rest/api/3/search/jql')
      .reply(400, { errorMessages: ["Field 'x' does not exist."] })
      .get('/rest/api/3/issue/SUP-1')
      .query(true)
      .reply(200, rawIssue('SUP-1'));

    await expect(gateway.rereadIssues(batch('SUP-1'))).rejects.toMatchObject({
      status: 400,
      message: "POST /rest/api/3/search/jql failed: 400 Bad Request (Field 'x' does not exist.)",
    });
  });

  it('passes on what is not a refusal of the search (a 500 stays transient)', async () => {
    const { gateway } = setup({ retry: { maxAttempts: 1 } });
    nock(SITE).post('/rest/api/3/search/jql').reply(500, {});
    await expect(gateway.rereadIssues(batch('SUP-1'))).rejects.toMatchObject({ status: 500 });
  });
});

describe('the pages of a fresh read', () => {
  it('follow nextPageToken when a page holds fewer issues than asked for', async () => {
    const { gateway, counter } = setup();
    const bodies: Array<Record<string, unknown>> = [];
    nock(SITE)
      .post('/rest/api/3/search/jql', searches(bodies))
      .reply(200, { issues: [rawIssue('SUP-1')], nextPageToken: 'next' })
      .post('/rest/api/3/search/jql', searches(bodies))
      .reply(200, { issues: [rawIssue('SUP-2'), rawIssue('SUP-3')], nextPageToken: 'more' });

    const fresh = await gateway.rereadIssues(batch('SUP-1', 'SUP-2', 'SUP-3'));

    expect([...fresh.keys()]).toEqual(['SUP-1', 'SUP-2', 'SUP-3']);
    expect(bodies[0]!.nextPageToken).toBeUndefined();
    expect(bodies[1]).toMatchObject({ nextPageToken: 'next', jql: 'key in (SUP-1, SUP-2, SUP-3)' });
    // Every issue asked for came back: the token of the last page is not followed.
    expect(counter.byOperation).toEqual({ search: 2 });
  });
});

describe('a changelog cut without saying so', () => {
  const histories = (n: number) =>
    Array.from({ length: n }, (_, i) =>
      history(
        i + 1,
        new Date(Date.parse('2026-01-01T12:00:00Z') + i * 3_600_000).toISOString(),
        i % 2 === 0 ? ['3', 'Em Atendimento'] : ['10002', 'Pendente'],
        i % 2 === 0 ? ['10002', 'Pendente'] : ['3', 'Em Atendimento'],
      ),
    );

  it('is read from the changelog endpoint when a search page holds 40 histories, whatever `total` says', async () => {
    const { gateway, counter } = setup();
    const all = histories(41);
    nock(SITE)
      .post('/rest/api/3/search/jql')
      .reply(200, {
        issues: [
          {
            ...rawIssue('SUP-9'),
            changelog: { startAt: 0, maxResults: 40, total: 40, histories: all.slice(1) },
          },
        ],
      })
      .get('/rest/api/3/issue/SUP-9/changelog')
      .query(true)
      .reply(200, { startAt: 0, maxResults: 100, total: 41, isLast: true, values: all });

    const fresh = await gateway.rereadIssues(batch('SUP-9'), { changelog: true });

    expect(fresh.get('SUP-9')!.statusChanges).toHaveLength(41);
    expect(counter.byOperation).toEqual({ search: 1, getChangelog: 1 });
  });

  it('is trusted under 40 histories in a search, and under 100 in an issue read', async () => {
    const { gateway, counter } = setup();
    nock(SITE)
      .post('/rest/api/3/search/jql')
      .reply(200, {
        issues: [{ ...rawIssue('SUP-9'), changelog: { histories: histories(39) } }],
      })
      .get('/rest/api/3/issue/SUP-8')
      .query(true)
      .reply(200, { ...rawIssue('SUP-8'), changelog: { total: 60, histories: histories(60) } });

    const fresh = await gateway.rereadIssues(batch('SUP-9'), { changelog: true });
    const read = await gateway.getIssue('SUP-8', { changelog: true });

    expect(fresh.get('SUP-9')!.statusChanges).toHaveLength(39);
    expect(read.statusChanges).toHaveLength(60);
    expect(counter.byOperation).toEqual({ search: 1, getIssue: 1 });
  });
});

describe('keysNamedIn', () => {
  it('finds the keys of the batch an error names, whole', () => {
    const keys = batch('SUP-1', 'SUP-10', 'SUP-100', 'OPS-1');
    const named = keysNamedIn(
      "An issue with key 'SUP-10' does not exist for field 'key'. La clé « OPS-1 » n'existe pas.",
      keys,
    );
    expect([...named]).toEqual(['SUP-10', 'OPS-1']);
    expect(keysNamedIn('XSUP-1 and SUP-1000', keys).size).toBe(0);
  });
});
