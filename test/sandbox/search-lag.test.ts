import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { SandboxClock } from '../../src/sandbox/clock.ts';
import { readFileSync } from 'node:fs';
import { DEFAULT_SEED_FILE, loadSeedFile, parseSeed } from '../../src/sandbox/index.ts';
import { IssueIndex } from '../../src/sandbox/issue-index.ts';
import type { Issue } from '../../src/sandbox/model.ts';
import { SearchLag } from '../../src/sandbox/search-lag.ts';
import { ANALYST, CUSTOMER, jql, startSandbox, type Json, type TestSandbox } from './helpers.ts';

const SEARCH = '/rest/api/3/search/jql';
const keysOf = (body: Json): string[] => body.issues.map((issue: Json) => issue.key);

describe('the search index lags behind writes (site.searchLagMs)', () => {
  it('is 2 s by default, in the default seed and in a seed that does not say', () => {
    expect(loadSeedFile().site.searchLagMs).toBe(2000);
    const text = readFileSync(DEFAULT_SEED_FILE, 'utf8').replace(/^ {2}searchLagMs: .*$/m, '');
    expect(text).not.toContain('searchLagMs');
    expect(parseSeed(text, 'seed without a lag').site.searchLagMs).toBe(2000);
  });

  let t: TestSandbox;
  beforeAll(async () => {
    t = await startSandbox();
  });
  afterAll(() => t.close());

  const search = (query: string, params = '') =>
    t.api('GET', `${SEARCH}?jql=${jql(query)}&fields=key,status${params}`);
  const newIndexedIssue = () => {
    const issue = t.sandbox.store.createIssue(
      { summary: 'Chamado', reporter: CUSTOMER },
      { by: CUSTOMER, silent: true },
    );
    t.sandbox.store.searchLag.settle();
    return issue;
  };

  it('does not show a new issue to JQL until it is indexed; GET issue shows it at once', async () => {
    const issue = t.sandbox.store.createIssue(
      { summary: 'Novo', reporter: CUSTOMER },
      { by: CUSTOMER, silent: true },
    );
    expect(keysOf((await search('project = SUP')).body)).not.toContain(issue.key);
    expect((await t.api('GET', `/rest/api/3/issue/${issue.key}`)).status).toBe(200);
    expect((await t.api('GET', '/_sandbox/search')).body).toMatchObject({ lagMs: 2000 });
    expect((await t.api('GET', '/_sandbox/search')).body.behind).toBeGreaterThan(0);
    const settled = await t.api('POST', '/_sandbox/search/settle');
    expect(settled.body.settled).toBeGreaterThan(0);
    expect(keysOf((await search('project = SUP')).body)).toContain(issue.key);
    expect((await t.api('GET', '/_sandbox/search')).body.behind).toBe(0);
  });

  it('answers a search with the issue as it was, and reconcileIssues with it as it is', async () => {
    const issue = newIndexedIssue();
    const moved = await t.api('POST', `/rest/api/3/issue/${issue.key}/transitions`, {
      as: ANALYST,
      body: { transition: { id: '11' } },
    });
    expect(moved.status).toBe(204);
    const stale = await search(`key = ${issue.key}`);
    expect(stale.body.issues[0].fields.status.name).toBe('Aberto');
    expect(keysOf((await search('status = "Em Atendimento"')).body)).not.toContain(issue.key);
    expect(keysOf((await search('status = Aberto')).body)).toContain(issue.key);

    const reconciled = await search('status = "Em Atendimento"', `&reconcileIssues=${issue.id}`);
    expect(keysOf(reconciled.body)).toContain(issue.key);
    const named = await search(`key = ${issue.key}`, `&reconcileIssues=${issue.id}`);
    expect(named.body.issues[0].fields.status.name).toBe('Em Atendimento');
    expect(
      keysOf((await search('status = Aberto', `&reconcileIssues=${issue.id}`)).body),
    ).not.toContain(issue.key);

    const current = await t.api('GET', `/rest/api/3/issue/${issue.key}?fields=status`);
    expect(current.body.fields.status.name).toBe('Em Atendimento');
  });

  it('hides a new comment from `updated` searches until indexed', async () => {
    const issue = newIndexedIssue();
    t.sandbox.clock.advance(60_000);
    const since = '"2026-02-13 17:01"';
    expect(keysOf((await search(`updated >= ${since}`)).body)).not.toContain(issue.key);
    const commented = await t.api('POST', `/rest/api/3/issue/${issue.key}/comment`, {
      as: CUSTOMER,
      body: { body: { type: 'doc', version: 1, content: [] } },
    });
    expect(commented.status).toBe(201);
    expect(keysOf((await search(`updated >= ${since}`)).body)).not.toContain(issue.key);
    expect(
      keysOf((await search(`updated >= ${since}`, `&reconcileIssues=${issue.id}`)).body),
    ).toContain(issue.key);
  });

  it('catches up when the sandbox clock moves past the write', async () => {
    const issue = newIndexedIssue();
    t.sandbox.store.moveToStatus(issue.key, 'Em Atendimento', { by: ANALYST, silent: true });
    expect(keysOf((await search('status = "Em Atendimento"')).body)).not.toContain(issue.key);
    t.sandbox.clock.advance(2000);
    expect(keysOf((await search('status = "Em Atendimento"')).body)).toContain(issue.key);
  });

  it('indexes at once a write arranged further in the past than the lag', async () => {
    const issue = newIndexedIssue();
    t.sandbox.store.moveToStatus(issue.key, 'Em Atendimento', {
      by: ANALYST,
      at: t.sandbox.clock.now() - 3000,
      silent: true,
    });
    expect(keysOf((await search('status = "Em Atendimento"')).body)).toContain(issue.key);
  });
});

describe('SearchLag, in real time', () => {
  const clock = new SandboxClock();
  clock.set(Date.parse('2026-02-13T20:00:00Z'));
  let real = 0;
  const issue = (statusId: string): Issue =>
    ({
      id: '1',
      key: 'SUP-1',
      number: 1,
      projectId: 'p',
      statusId,
      labels: [],
      histories: [],
      comments: [],
      properties: new Map(),
    }) as unknown as Issue;

  it('indexes each write lagMs after it was made, one version after the other', () => {
    const lag = new SearchLag(2000, clock, () => real);
    const live = issue('a');
    const index = new IssueIndex();
    index.add(live);
    const statusSeen = () =>
      ['a', 'b', 'c'].filter(
        (s) => lag.view(index, () => live, new Set()).group('p', s).length === 1,
      );
    const move = (to: string) => {
      lag.changing(live);
      index.remove(live);
      live.statusId = to;
      index.add(live);
      lag.changed(live, clock.now());
    };
    move('b');
    real += 1000;
    move('c');
    expect(statusSeen()).toEqual(['a']);
    real += 1000;
    expect(statusSeen()).toEqual(['b']);
    expect(lag.view(index, () => live, new Set()).version(live)?.statusId).toBe('b');
    real += 1000;
    expect(statusSeen()).toEqual(['c']);
    expect(lag.behind).toBe(0);
    expect(lag.view(index, () => live, new Set()).version(live)).toBe(live);
  });

  it('keeps a deleted issue in search until the deletion is indexed', () => {
    const lag = new SearchLag(2000, clock, () => real);
    const live = issue('a');
    const index = new IssueIndex();
    index.add(live);
    lag.changing(live);
    index.remove(live);
    lag.changed(live, clock.now(), true);
    expect(
      lag
        .view(index, () => undefined, new Set())
        .group('p', 'a')
        .map((i) => i.key),
    ).toEqual(['SUP-1']);
    real += 2000;
    expect(lag.view(index, () => undefined, new Set()).group('p', 'a')).toEqual([]);
  });

  it('refuses a change recorded without the copy before it', () => {
    const lag = new SearchLag(2000, clock, () => real);
    expect(() => lag.changed(issue('a'), clock.now())).toThrow(/without changing/);
  });

  it('does nothing with a lag of 0', () => {
    const lag = new SearchLag(0, clock, () => real);
    const live = issue('a');
    lag.created(live, clock.now());
    expect(lag.behind).toBe(0);
  });
});
