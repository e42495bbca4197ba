import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import {
  adf,
  ANALYST,
  BOT,
  CUSTOMER,
  RECEPTION,
  startSandbox,
  type Json,
  type TestSandbox,
} from './helpers.ts';

const ANALYST_ID = '712020:5b0c2d4e-1a2b-4c3d-8e9f-0a1b2c3d4e02';
const CUSTOMER_ID = 'qm:5b0c2d4e-1a2b-4c3d-8e9f-0a1b2c3d4e03:6c1d3e5f-2b3c-4d5e-9f0a-1b2c3d4e5f03';

describe('issues', () => {
  let t: TestSandbox;
  beforeAll(async () => {
    t = await startSandbox();
  });
  afterAll(() => t.close());

  const create = (fields: Record<string, unknown>, as = CUSTOMER) =>
    t.api('POST', '/rest/api/3/issue', {
      as,
      body: {
        fields: {
          project: { key: 'SUP' },
          issuetype: { name: 'Chamado' },
          summary: 'Impressora não imprime',
          ...fields,
        },
      },
    });

  it('are created with 201 {id, key, self}, reported by the caller, in the initial status', async () => {
    const response = await create({ description: adf('Desde ontem.') });
    expect(response.status).toBe(201);
    expect(response.body).toEqual({
      id: expect.stringMatching(/^\d+$/),
      key: expect.stringMatching(/^SUP-\d+$/),
      self: `${t.url}/rest/api/3/issue/${response.body.id}`,
    });
    const issue = await t.api('GET', `/rest/api/3/issue/${response.body.key}`);
    expect(issue.status).toBe(200);
    expect(issue.body.fields).toMatchObject({
      summary: 'Impressora não imprime',
      status: { id: '10001', name: 'Aberto', statusCategory: { key: 'new' } },
      issuetype: { id: '10010', name: 'Chamado' },
      project: { id: '10000', key: 'SUP' },
      reporter: { accountId: CUSTOMER_ID, accountType: 'customer' },
      creator: { accountId: CUSTOMER_ID },
      assignee: null,
      resolution: null,
      priority: { id: '3', name: 'Média' },
      created: '2026-02-13T17:00:00.000-0300',
      updated: '2026-02-13T17:00:00.000-0300',
      description: adf('Desde ontem.'),
      comment: { comments: [], total: 0, startAt: 0 },
    });
    expect(issue.body.fields.reporter).not.toHaveProperty('emailAddress');
  });

  it('take a reporter and an assignee by account id', async () => {
    const response = await create(
      { reporter: { accountId: CUSTOMER_ID }, assignee: { accountId: ANALYST_ID } },
      BOT,
    );
    const issue = await t.api(
      'GET',
      `/rest/api/3/issue/${response.body.key}?fields=reporter,assignee,creator`,
    );
    expect(issue.body.fields.reporter.accountId).toBe(CUSTOMER_ID);
    expect(issue.body.fields.assignee.accountId).toBe(ANALYST_ID);
    expect(issue.body.fields.creator.displayName).toBe('Bot de Suporte');
  });

  it("refuse a create without project or summary with Jira's errors by field", async () => {
    const response = await t.api('POST', '/rest/api/3/issue', {
      body: { fields: { issuetype: { name: 'Chamado' }, description: 'texto simples' } },
    });
    expect(response.status).toBe(400);
    expect(response.body).toEqual({
      errorMessages: [],
      errors: {
        project: 'Specify a valid project ID or key',
        summary: 'You must specify a summary of the issue.',
        description: expect.stringMatching(/Atlassian Document/),
      },
    });
  });

  it("answer 404 with Jira's message for an unknown key, and are found by id or lower-case key", async () => {
    const missing = await t.api('GET', '/rest/api/3/issue/SUP-999');
    expect(missing.status).toBe(404);
    expect(missing.body).toEqual({
      errorMessages: ['Issue does not exist or you do not have permission to see it.'],
      errors: {},
    });
    const created = await create({});
    expect((await t.api('GET', `/rest/api/3/issue/${created.body.id}`)).body.key).toBe(
      created.body.key,
    );
    expect((await t.api('GET', `/rest/api/3/issue/${created.body.key.toLowerCase()}`)).status).toBe(
      200,
    );
  });

  it('return the fields asked for: a list, *navigable, exclusions', async () => {
    const { key } = (await create({})).body;
    const only = await t.api('GET', `/rest/api/3/issue/${key}?fields=summary,status`);
    expect(Object.keys(only.body.fields)).toEqual(['status', 'summary']);
    const navigable = await t.api('GET', `/rest/api/3/issue/${key}?fields=*navigable`);
    expect(navigable.body.fields).not.toHaveProperty('comment');
    expect(navigable.body.fields).toHaveProperty('reporter');
    const excluded = await t.api('GET', `/rest/api/3/issue/${key}?fields=-comment,-description`);
    expect(excluded.body.fields).not.toHaveProperty('comment');
    expect(excluded.body.fields).not.toHaveProperty('description');
    expect(excluded.body.fields).toHaveProperty('summary');
  });

  it('are assigned with PUT /assignee (204), which writes an assignee changelog entry', async () => {
    const { key } = (await create({})).body;
    const response = await t.api('PUT', `/rest/api/3/issue/${key}/assignee`, {
      body: { accountId: ANALYST_ID },
    });
    expect(response.status).toBe(204);
    const changelog = await t.api('GET', `/rest/api/3/issue/${key}/changelog`);
    expect(changelog.body.values.at(-1).items).toEqual([
      {
        field: 'assignee',
        fieldtype: 'jira',
        fieldId: 'assignee',
        from: null,
        fromString: null,
        to: ANALYST_ID,
        toString: 'Ana Analista',
      },
    ]);
    const unknown = await t.api('PUT', `/rest/api/3/issue/${key}/assignee`, {
      body: { accountId: 'nobody' },
    });
    expect(unknown.status).toBe(400);
  });

  it('are edited with PUT (204); a field that cannot be set is a 400', async () => {
    const { key } = (await create({})).body;
    const edited = await t.api('PUT', `/rest/api/3/issue/${key}`, {
      body: { fields: { summary: 'Novo resumo', labels: ['impressora'] } },
    });
    expect(edited.status).toBe(204);
    const issue = await t.api('GET', `/rest/api/3/issue/${key}?fields=summary,labels`);
    expect(issue.body.fields).toEqual({ labels: ['impressora'], summary: 'Novo resumo' });
    const refused = await t.api('PUT', `/rest/api/3/issue/${key}`, {
      body: { fields: { status: { id: '10005' } } },
    });
    expect(refused.status).toBe(400);
    expect(refused.body.errors.status).toMatch(/cannot be set/);
  });

  it('list the statuses of a project (GET /project/{key}/statuses)', async () => {
    const response = await t.api('GET', '/rest/api/3/project/SUP/statuses');
    expect(response.status).toBe(200);
    expect(response.body).toHaveLength(1);
    expect(response.body[0]).toMatchObject({ id: '10010', name: 'Chamado', subtask: false });
    expect(response.body[0].statuses.map((s: Json) => [s.id, s.name])).toEqual([
      ['10001', 'Aberto'],
      ['10002', 'Em Atendimento'],
      ['10003', 'Pendente Informação do cliente'],
      ['10004', 'Tarefa Resolvida – Aguardando Validação do cliente'],
      ['10005', 'Fechado'],
    ]);
    expect((await t.api('GET', '/rest/api/3/project/NOPE/statuses')).status).toBe(404);
  });

  it('carry a caller-chosen set of issue properties', async () => {
    const { key } = (await create({})).body;
    t.sandbox.store.setProperty(key, 'support.reminder', { cycle: 1 });
    t.sandbox.store.setProperty(key, 'other', true);
    const some = await t.api(
      'GET',
      `/rest/api/3/issue/${key}?fields=summary&properties=support.reminder`,
    );
    expect(some.body.properties).toEqual({ 'support.reminder': { cycle: 1 } });
    const all = await t.api('GET', `/rest/api/3/issue/${key}?fields=summary&properties=*all`);
    expect(all.body.properties).toEqual({ 'support.reminder': { cycle: 1 }, other: true });
  });

  it('know who is calling: /myself describes the authenticated user', async () => {
    const response = await t.api('GET', '/rest/api/3/myself', { as: RECEPTION });
    expect(response.body).toMatchObject({
      accountId: '712020:5b0c2d4e-1a2b-4c3d-8e9f-0a1b2c3d4e04',
      emailAddress: RECEPTION,
      displayName: 'Recepção Clínica 2',
      accountType: 'atlassian',
      active: true,
    });
  });
});

describe('the sandbox clock', () => {
  let t: TestSandbox;
  beforeAll(async () => {
    t = await startSandbox();
  });
  afterAll(() => t.close());

  it('stamps history, comments, created and updated with the time set through /_sandbox/clock', async () => {
    const set = await t.api('POST', '/_sandbox/clock', {
      as: null,
      body: { now: '2026-02-10T09:30:00-03:00' },
    });
    expect(set.body).toEqual({
      now: '2026-02-10T09:30:00.000-0300',
      iso: '2026-02-10T12:30:00.000Z',
      fixed: true,
    });
    const { key } = (
      await t.api('POST', '/rest/api/3/issue', {
        body: { fields: { project: { key: 'SUP' }, issuetype: { id: '10010' }, summary: 'x' } },
      })
    ).body;
    await t.api('POST', '/_sandbox/clock', { as: null, body: { now: '2026-02-11T14:00:00Z' } });
    await t.api('POST', `/rest/api/3/issue/${key}/transitions`, {
      as: ANALYST,
      body: { transition: { id: '11' } },
    });
    await t.api('POST', `/rest/api/3/issue/${key}/comment`, {
      as: ANALYST,
      body: { body: adf('oi') },
    });

    const issue = await t.api('GET', `/rest/api/3/issue/${key}?expand=changelog`);
    expect(issue.body.fields.created).toBe('2026-02-10T09:30:00.000-0300');
    expect(issue.body.fields.updated).toBe('2026-02-11T11:00:00.000-0300');
    expect(issue.body.changelog.histories[0].created).toBe('2026-02-11T11:00:00.000-0300');
    expect(issue.body.fields.comment.comments[0].created).toBe('2026-02-11T11:00:00.000-0300');
  });

  it('goes back to the real clock with {"now": null} and refuses what is not a date-time', async () => {
    const real = await t.api('POST', '/_sandbox/clock', { as: null, body: { now: null } });
    expect(real.body.fixed).toBe(false);
    expect(t.sandbox.clock.isFixed()).toBe(false);
    const bad = await t.api('POST', '/_sandbox/clock', { as: null, body: { now: 'amanhã' } });
    expect(bad.status).toBe(400);
  });
});

describe('the programmatic store API', () => {
  let t: TestSandbox;
  beforeAll(async () => {
    t = await startSandbox();
  });
  afterAll(() => t.close());

  it('bulk-seeds issues with workflow histories, deterministically for a seed', async () => {
    const { store } = t.sandbox;
    const range = store.seedIssues(500, { seed: 42, longHistoryShare: 0.05 });
    expect(range).toEqual({ first: 'SUP-1', last: 'SUP-500' });
    const histories = [...store.allIssues()].map((issue) => issue.histories.length);
    expect(Math.max(...histories)).toBeGreaterThan(40);
    const again = (await startSandbox()).sandbox;
    again.store.seedIssues(500, { seed: 42, longHistoryShare: 0.05 });
    expect([...again.store.allIssues()].map((i) => i.statusId)).toEqual(
      [...store.allIssues()].map((i) => i.statusId),
    );
    await again.close();
    const search = await t.api(
      'GET',
      `/rest/api/3/search/jql?jql=${encodeURIComponent('project = SUP AND status = 10004')}&maxResults=1000`,
    );
    const inValidation = [...store.allIssues()].filter((i) => i.statusId === '10004').length;
    expect(search.body.issues).toHaveLength(inValidation);
  });
});
