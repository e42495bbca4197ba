import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ANALYST, CUSTOMER, jql, startSandbox, type Json, type TestSandbox } from './helpers.ts';

const SEARCH = '/rest/api/3/search/jql';

describe('the enhanced search (GET|POST /rest/api/3/search/jql)', () => {
  let t: TestSandbox;
  beforeAll(async () => {
    t = await startSandbox();
    for (let n = 1; n <= 130; n++) {
      t.sandbox.store.createIssue(
        { summary: `Chamado ${n}`, reporter: CUSTOMER },
        { by: CUSTOMER, at: t.sandbox.clock.now() + n * 1000, silent: true },
      );
    }
    t.sandbox.store.searchLag.settle(); // these tests are about paging, not the index's lag
  });
  afterAll(() => t.close());

  const search = (query: string, params = '') =>
    t.api('GET', `${SEARCH}?jql=${jql(query)}${params}`);
  const keysOf = (body: Json) => body.issues.map((issue: Json) => issue.key);

  it('returns only issue ids by default, like Jira (fields defaults to id)', async () => {
    const response = await search('key = SUP-1');
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ issues: [{ id: '10000' }], isLast: true });
  });

  it('returns the key and exactly the fields asked for', async () => {
    const response = await search('key = SUP-1', '&fields=summary,status');
    const [issue] = response.body.issues;
    expect(issue).toMatchObject({ id: '10000', key: 'SUP-1' });
    expect(Object.keys(issue.fields).sort()).toEqual(['status', 'summary']);
    expect(issue.fields.status).toMatchObject({ id: '10001', name: 'Aberto' });
  });

  it('pages with nextPageToken, never with a total, until isLast', async () => {
    const seen: string[] = [];
    let token: string | undefined;
    let pages = 0;
    do {
      const response = await search(
        'project = SUP ORDER BY key ASC',
        `&fields=summary&maxResults=50${token ? `&nextPageToken=${encodeURIComponent(token)}` : ''}`,
      );
      expect(response.status).toBe(200);
      expect(response.body).not.toHaveProperty('total');
      seen.push(...keysOf(response.body));
      token = response.body.nextPageToken;
      expect(response.body.isLast).toBe(token === undefined);
      pages++;
    } while (token);
    expect(pages).toBe(3);
    expect(seen).toEqual(Array.from({ length: 130 }, (_, i) => `SUP-${i + 1}`));
  });

  it('accepts up to 50 issue ids to reconcile, as Jira does, and refuses more', async () => {
    const ids = (count: number) => Array.from({ length: count }, (_, i) => 10_000 + i);
    const body = (count: number) => ({
      jql: 'key in (SUP-1, SUP-2)',
      fields: ['status'],
      reconcileIssues: ids(count),
    });
    const fine = await t.api('POST', SEARCH, { body: body(50) });
    expect(fine.status).toBe(200);
    expect(keysOf(fine.body).sort()).toEqual(['SUP-1', 'SUP-2']);

    const tooMany = await t.api('POST', SEARCH, { body: body(51) });
    expect(tooMany.status).toBe(400);
    expect(tooMany.body.errorMessages.join(' ')).toMatch(/at most 50/);

    const notIds = await t.api('POST', SEARCH, {
      body: { ...body(0), reconcileIssues: ['SUP-1'] },
    });
    expect(notIds.status).toBe(400);
    const viaGet = await search('key = SUP-1', `&reconcileIssues=${ids(51).join(',')}`);
    expect(viaGet.status).toBe(400);
  });

  it('orders by key descending when the query has no ORDER BY', async () => {
    const response = await search('project = SUP', '&fields=summary&maxResults=3');
    expect(keysOf(response.body)).toEqual(['SUP-130', 'SUP-129', 'SUP-128']);
  });

  it('does not skip issues that leave the query between pages (the token is the last key)', async () => {
    const first = await search('status = Aberto ORDER BY key ASC', '&fields=summary&maxResults=10');
    expect(keysOf(first.body).at(-1)).toBe('SUP-10');
    t.sandbox.store.transition('SUP-3', 'Iniciar atendimento', { by: ANALYST, silent: true });
    const second = await search(
      'status = Aberto ORDER BY key ASC',
      `&fields=summary&maxResults=10&nextPageToken=${encodeURIComponent(first.body.nextPageToken)}`,
    );
    expect(keysOf(second.body)[0]).toBe('SUP-11');
    t.sandbox.store.transition('SUP-3', 'Cancelar', { by: ANALYST, silent: true });
  });

  it('pages other orders by position', async () => {
    const first = await search(
      'project = SUP ORDER BY created DESC',
      '&fields=summary&maxResults=2',
    );
    expect(keysOf(first.body)).toEqual(['SUP-130', 'SUP-129']);
    const second = await search(
      'project = SUP ORDER BY created DESC',
      `&fields=summary&maxResults=2&nextPageToken=${encodeURIComponent(first.body.nextPageToken)}`,
    );
    expect(keysOf(second.body)).toEqual(['SUP-128', 'SUP-127']);
  });

  it('caps a page at 100 issues with fields, 5000 with ids only, and serves 50 by default', async () => {
    expect(
      (await search('project = SUP', '&fields=summary&maxResults=500')).body.issues,
    ).toHaveLength(100);
    expect((await search('project = SUP', '&maxResults=500')).body.issues).toHaveLength(130);
    expect((await search('project = SUP', '&fields=key&maxResults=500')).body.issues).toHaveLength(
      130,
    );
    expect((await search('project = SUP')).body.issues).toHaveLength(50);
  });

  it('refuses a page token that belongs to another query', async () => {
    const first = await search('project = SUP ORDER BY key ASC', '&maxResults=5');
    const response = await search(
      'status = Aberto ORDER BY key ASC',
      `&nextPageToken=${encodeURIComponent(first.body.nextPageToken)}`,
    );
    expect(response.status).toBe(400);
    expect(response.body.errorMessages[0]).toMatch(/next page token is invalid/);
    expect((await search('project = SUP', '&nextPageToken=garbage')).status).toBe(400);
  });

  it('takes the same parameters in a POST body', async () => {
    const response = await t.api('POST', SEARCH, {
      body: {
        jql: 'project = SUP ORDER BY key ASC',
        maxResults: 2,
        fields: ['summary'],
        expand: 'changelog',
      },
    });
    expect(response.status).toBe(200);
    expect(keysOf(response.body)).toEqual(['SUP-1', 'SUP-2']);
    expect(response.body.issues[0].changelog).toMatchObject({
      startAt: 0,
      total: 0,
      histories: [],
    });
    expect(typeof response.body.nextPageToken).toBe('string');
  });

  it('answers 410 Gone on the removed /rest/api/3/search', async () => {
    for (const method of ['GET', 'POST']) {
      const response = await t.api(method, `/rest/api/3/search?jql=${jql('project = SUP')}`, {
        ...(method === 'POST' ? { body: { jql: 'project = SUP' } } : {}),
      });
      expect(response.status).toBe(410);
      expect(response.body.errorMessages[0]).toMatch(
        /migrate to the \/rest\/api\/3\/search\/jql API/,
      );
    }
  });
});

describe('changelogs', () => {
  let t: TestSandbox;
  beforeAll(async () => {
    t = await startSandbox();
    const { store } = t.sandbox;
    store.createIssue({ summary: 'longa', reporter: CUSTOMER }, { by: CUSTOMER, silent: true });
    // 105 status changes: back and forth between Em Atendimento and Pendente.
    store.transition('SUP-1', 'Iniciar atendimento', { by: ANALYST, silent: true });
    for (let n = 1; n < 105; n++) {
      store.transition('SUP-1', n % 2 ? 'Solicitar informação' : 'Retomar atendimento', {
        by: ANALYST,
        at: store.now() + n * 60_000,
        silent: true,
      });
    }
    store.searchLag.settle();
  });
  afterAll(() => t.close());

  it('a search with expand=changelog holds the 40 most recent histories, newest first, and the total', async () => {
    const response = await t.api(
      'GET',
      `${SEARCH}?jql=${jql('key = SUP-1')}&fields=status&expand=changelog`,
    );
    const { changelog } = response.body.issues[0];
    expect(changelog.total).toBe(105);
    expect(changelog.histories).toHaveLength(40);
    expect(changelog.maxResults).toBe(40);
    const ids = changelog.histories.map((h: Json) => Number(h.id));
    expect(ids[0]).toBe(10104);
    expect(ids.at(-1)).toBe(10065);
  });

  it('GET /issue with expand=changelog holds the 100 most recent histories', async () => {
    const response = await t.api('GET', '/rest/api/3/issue/SUP-1?fields=status&expand=changelog');
    expect(response.body.changelog.total).toBe(105);
    expect(response.body.changelog.histories).toHaveLength(100);
    expect(response.body.changelog.histories[0].id).toBe('10104');
  });

  it('the changelog endpoint pages every history, oldest first', async () => {
    const first = await t.api('GET', '/rest/api/3/issue/SUP-1/changelog');
    expect(first.body).toMatchObject({ startAt: 0, maxResults: 100, total: 105, isLast: false });
    expect(first.body.values).toHaveLength(100);
    expect(first.body.values[0]).toMatchObject({
      id: '10000',
      author: { displayName: 'Ana Analista' },
      items: [
        {
          field: 'status',
          fieldtype: 'jira',
          fieldId: 'status',
          from: '10001',
          fromString: 'Aberto',
          to: '10002',
          toString: 'Em Atendimento',
        },
      ],
    });
    expect(first.body.nextPage).toMatch(
      /\/rest\/api\/3\/issue\/SUP-1\/changelog\?startAt=100&maxResults=100$/,
    );
    const second = await t.api(
      'GET',
      '/rest/api/3/issue/SUP-1/changelog?startAt=100&maxResults=10',
    );
    expect(second.body).toMatchObject({ startAt: 100, maxResults: 10, total: 105, isLast: true });
    expect(second.body.values.map((h: Json) => h.id)).toEqual([
      '10100',
      '10101',
      '10102',
      '10103',
      '10104',
    ]);
    expect(second.body).not.toHaveProperty('nextPage');
  });
});

describe('pages with the changelog expanded', () => {
  let t: TestSandbox;
  beforeAll(async () => {
    t = await startSandbox();
    const { store } = t.sandbox;
    // 30 issues with 41 histories each: Jira holds fewer of them per page than maxResults.
    for (let n = 1; n <= 30; n++) {
      const { key } = store.createIssue(
        { summary: `Longa ${n}`, reporter: CUSTOMER },
        { silent: true },
      );
      store.transition(key, 'Iniciar atendimento', { by: ANALYST, silent: true });
      for (let step = 1; step <= 40; step++) {
        store.transition(key, step % 2 ? 'Solicitar informação' : 'Retomar atendimento', {
          by: ANALYST,
          silent: true,
        });
      }
    }
    store.searchLag.settle();
  });
  afterAll(() => t.close());

  it('hold fewer issues than maxResults and still carry a nextPageToken', async () => {
    const query = `${SEARCH}?jql=${jql('project = SUP ORDER BY key ASC')}&fields=key&expand=changelog&maxResults=100`;
    const seen: string[] = [];
    const sizes: number[] = [];
    let token: string | undefined;
    do {
      const page = await t.api('GET', `${query}${token ? `&nextPageToken=${token}` : ''}`);
      sizes.push(page.body.issues.length);
      seen.push(...page.body.issues.map((issue: Json) => issue.key));
      token = page.body.nextPageToken;
      expect(page.body.isLast).toBe(token === undefined);
    } while (token);
    expect(sizes[0]).toBeLessThan(30);
    expect(sizes.length).toBeGreaterThan(1);
    expect(seen).toEqual(Array.from({ length: 30 }, (_, n) => `SUP-${n + 1}`));
  });

  it('hold maxResults issues when only their ids are asked for', async () => {
    const page = await t.api(
      'GET',
      `${SEARCH}?jql=${jql('project = SUP')}&fields=key&maxResults=100`,
    );
    expect(page.body.issues).toHaveLength(30);
    expect(page.body.isLast).toBe(true);
  });
});
