import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { parsePeriod } from '../../src/sandbox/jira-time.ts';
import { compileJql, createSandbox, parseJql } from '../../src/sandbox/index.ts';
import { queryFingerprint, searchPage } from '../../src/sandbox/search.ts';
import { ANALYST, CUSTOMER, jql, startSandbox, T0, type TestSandbox } from './helpers.ts';
import { seedWithOpsProject } from '../support/seeds.ts';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

function world() {
  const sandbox = createSandbox({ seed: seedWithOpsProject(), demoIssues: false, now: T0 });
  const { store } = sandbox;
  const t0 = store.now();
  const at = (offset: number) => ({ by: ANALYST, at: t0 + offset });
  store.createIssue({ summary: 'um', reporter: CUSTOMER }, at(-3 * DAY)); // SUP-1, Aberto
  store.createIssue({ summary: 'dois', reporter: CUSTOMER }, at(-2 * DAY)); // SUP-2
  store.moveToStatus('SUP-2', 'Em Atendimento', at(-2 * DAY + HOUR));
  store.moveToStatus('SUP-2', 'Pendente Informação do cliente', at(-HOUR / 2));
  store.createIssue({ summary: 'três', reporter: CUSTOMER }, at(-DAY)); // SUP-3
  store.moveToStatus('SUP-3', 'Em Atendimento', at(-23 * HOUR));
  store.moveToStatus('SUP-3', 'Tarefa Resolvida – Aguardando Validação do cliente', at(-2 * HOUR));
  store.createIssue({ project: 'OPS', summary: 'ops', reporter: CUSTOMER }, at(-HOUR)); // OPS-1
  store.createIssue({ summary: 'quatro', reporter: CUSTOMER }, at(0)); // SUP-4, Aberto
  store.searchLag.settle(); // the predicates are tested here, not the index's lag
  return store;
}

describe('the JQL subset', () => {
  const store = world();
  const keys = (query: string) =>
    searchPage(
      store,
      store.searchLag.view(store.index, (id) => store.issue(id), new Set()),
      compileJql(parseJql(query), store),
      queryFingerprint(query),
      { maxResults: 100 },
    ).issues.map((issue) => issue.key);

  it.each([
    ['project = SUP', ['SUP-4', 'SUP-3', 'SUP-2', 'SUP-1']],
    ['project = sup ORDER BY key ASC', ['SUP-1', 'SUP-2', 'SUP-3', 'SUP-4']],
    ['PROJECT = "SUP" order by KEY asc', ['SUP-1', 'SUP-2', 'SUP-3', 'SUP-4']],
    ['project in (SUP, OPS) ORDER BY key ASC', ['OPS-1', 'SUP-1', 'SUP-2', 'SUP-3', 'SUP-4']],
    ['project != SUP', ['OPS-1']],
    ['project not in (SUP)', ['OPS-1']],
    ['project = Suporte', ['SUP-4', 'SUP-3', 'SUP-2', 'SUP-1']],
  ])('selects by project: %s', (query, expected) => {
    expect(keys(query)).toEqual(expected);
  });

  it.each([
    ['status = "Pendente Informação do cliente"', ['SUP-2']],
    ["status = 'pendente informação do cliente'", ['SUP-2']],
    ['status = 10003', ['SUP-2']],
    [
      'project = SUP AND status = "Tarefa Resolvida – Aguardando Validação do cliente" ORDER BY key ASC',
      ['SUP-3'],
    ],
    ['status in (Aberto, "Em Atendimento") ORDER BY key ASC', ['OPS-1', 'SUP-1', 'SUP-4']],
    ['status not in (Aberto)', ['SUP-3', 'SUP-2']],
    ['status != Aberto and project = SUP', ['SUP-3', 'SUP-2']],
  ])('selects by status name (any case) or id: %s', (query, expected) => {
    expect(keys(query)).toEqual(expected);
  });

  it.each([
    ['key = SUP-2', ['SUP-2']],
    ['issuekey in (SUP-1, sup-3) ORDER BY key ASC', ['SUP-1', 'SUP-3']],
    ['key != SUP-1 AND project = SUP', ['SUP-4', 'SUP-3', 'SUP-2']],
    ['id = 10001', ['SUP-2']],
  ])('selects by key or id: %s', (query, expected) => {
    expect(keys(query)).toEqual(expected);
  });

  it.each([
    [
      'project in (SUP) AND status in ("Pendente Informação do cliente") AND updated >= -60m',
      ['SUP-2'],
    ],
    ['updated >= -60m', ['SUP-4', 'SUP-2', 'OPS-1']],
    ['updated > -1h', ['SUP-4', 'SUP-2']],
    ['updated >= "2026-02-13 16:00"', ['SUP-4', 'SUP-2', 'OPS-1']],
    ['updated < "2026/02/13"', ['SUP-1']],
    ['created <= -2d ORDER BY key ASC', ['SUP-1', 'SUP-2']],
    ['created > "2026-02-12 17:00" AND created <= "2026-02-13 17:00"', ['SUP-4', 'OPS-1']],
    ['updated = "2026-02-13 17:00"', ['SUP-4']],
  ])(
    'compares dates, absolute (São Paulo time) or relative to the clock: %s',
    (query, expected) => {
      expect(keys(query)).toEqual(expected);
    },
  );

  it.each([
    [
      '(status = Aberto OR status = 10003) AND project = SUP ORDER BY created DESC',
      ['SUP-4', 'SUP-2', 'SUP-1'],
    ],
    ['NOT status = Aberto AND project = SUP', ['SUP-3', 'SUP-2']],
    ['project = OPS OR key = SUP-1 ORDER BY key', ['OPS-1', 'SUP-1']],
    ['project = SUP ORDER BY updated DESC', ['SUP-4', 'SUP-2', 'SUP-3', 'SUP-1']],
    ['project = SUP ORDER BY created ASC, key DESC', ['SUP-1', 'SUP-2', 'SUP-3', 'SUP-4']],
    ['project = SUP && status = Aberto || key = OPS-1', ['SUP-4', 'SUP-1', 'OPS-1']],
  ])('combines with AND, OR, NOT, parentheses and ORDER BY: %s', (query, expected) => {
    expect(keys(query)).toEqual(expected);
  });

  it('reads periods the way Jira writes them', () => {
    expect(parsePeriod('-15m')).toBe(-15 * 60_000);
    expect(parsePeriod('-1h')).toBe(-HOUR);
    expect(parsePeriod('-2d')).toBe(-2 * DAY);
    expect(parsePeriod('-1w 2d')).toBe(-9 * DAY);
    expect(parsePeriod('4h')).toBe(4 * HOUR);
    expect(parsePeriod('yesterday')).toBeUndefined();
  });

  it.each([
    ['summary ~ "x"', /does not support the field 'summary'/],
    ['assignee = currentUser()', /does not support the field 'assignee'/],
    ['key in linkedIssues(SUP-1)', /does not support JQL functions such as 'linkedIssues\(\)'/],
    ['foo = bar', /Field 'foo' does not exist or you do not have permission to view it/],
    ['project =', /Expecting a value at the end of the query/],
    ['project = SUP AND', /Expecting a field name at the end of the query/],
    ['project SUP', /Expecting operator but got 'SUP'/],
    ['(project = SUP', /Expecting '\)'/],
    ['project = "SUP', /quoted string starting at line 1, character 11 is not closed/],
    ['project = SUP ORDER BY priority', /cannot order by 'priority'/],
    ['status > Aberto', /operator '>' is not supported by the 'status' field/],
    ['status is EMPTY', /does not support the operator 'is'/],
    ['project = SUP project = SUP', /Expecting either 'OR' or 'AND'/],
    [
      'status = "Tarefa Resolvida - Aguardando Validação do cliente"',
      /The value 'Tarefa Resolvida - Aguardando Validação do cliente' does not exist for the field 'status'/,
    ],
    ['project = NOPE', /The value 'NOPE' does not exist for the field 'project'/],
    ['key = SUP-999', /An issue with key 'SUP-999' does not exist for field 'key'/],
    ['key = nonsense', /The issue key 'nonsense' for field 'key' is invalid/],
    ['updated >= yesterday', /Date value 'yesterday' for field 'updated' is invalid/],
    ['updated >= "2026-02-30"', /Date value '2026-02-30' for field 'updated' is invalid/],
  ])('rejects what it does not support, never answering something else: %s', (query, message) => {
    expect(() => compileJql(parseJql(query), store)).toThrow(message);
  });
});

describe('JQL errors over HTTP', () => {
  let t: TestSandbox;
  beforeAll(async () => {
    t = await startSandbox();
  });
  afterAll(() => t.close());

  it("answer 400 with Jira's error shape", async () => {
    const response = await t.api(
      'GET',
      `/rest/api/3/search/jql?jql=${jql('summary ~ "impressora"')}`,
    );
    expect(response.status).toBe(400);
    expect(response.body).toEqual({
      errorMessages: [expect.stringMatching(/^Error in the JQL Query: .*'summary'/)],
      errors: {},
    });
  });

  it('refuse an unbounded query, as the enhanced search does', async () => {
    for (const query of ['', 'ORDER BY key DESC']) {
      const response = await t.api('GET', `/rest/api/3/search/jql?jql=${jql(query)}`);
      expect(response.status).toBe(400);
      expect(response.body.errorMessages[0]).toMatch(/Unbounded JQL queries are not allowed/);
    }
  });
});
