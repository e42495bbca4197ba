import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { NotFoundError } from 'jira.js';
import nock from 'nock';
import { useNock } from '../setup/no-network.ts';
import {
  CallCounter,
  createJiraTransport,
  JiraGateway,
  TransitionBlockedError,
} from '../../src/jira/index.ts';
import { history, pendingIssue, PENDING_TRANSITIONS, rawIssue, setup, SITE } from './support.ts';

// The facade over a real transport and nock: what each operation asks Jira, and what it returns.
// The rules behind moves, the directory and the mapping have their own tests on plain objects.

useNock();

beforeEach(() => {
  nock.cleanAll();
});

afterEach(() => {
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

  it("deletes a comment; Jira's 404 (deleted by someone else) reaches the caller as NotFoundError", async () => {
    const { gateway, counter } = setup();
    nock(SITE)
      .delete('/rest/api/3/issue/SUP-1/comment/10042')
      .reply(204)
      .delete('/rest/api/3/issue/SUP-1/comment/10042')
      .reply(404, { errorMessages: ['Can not find a comment for the id: 10042.'], errors: {} });
    await gateway.deleteComment('SUP-1', '10042');
    await expect(gateway.deleteComment('SUP-1', '10042')).rejects.toBeInstanceOf(NotFoundError);
    expect(counter.byOperation).toEqual({ deleteComment: 2 });
  });
});

describe('one comment and its author, for a webhook without accountType', () => {
  it('reads the comment with its properties, judging it as the sweep does', async () => {
    const { gateway, counter } = setup();
    nock(SITE)
      .get('/rest/api/3/issue/SUP-1/comment/10100')
      .query({ expand: 'properties' })
      .reply(200, {
        id: '10100',
        author: { accountId: 'clinic-private', displayName: 'Recepção' },
        created: '2026-02-13T17:00:00.000-0300',
        jsdPublic: true,
        visibility: { type: 'role', value: 'Service Desk Team', identifier: null },
        properties: [],
      });
    await expect(gateway.getComment('SUP-1', '10100')).resolves.toEqual({
      id: '10100',
      author: { accountId: 'clinic-private', displayName: 'Recepção' },
      createdMs: Date.parse('2026-02-13T20:00:00.000Z'),
      isPublic: false,
      visibility: { type: 'role', value: 'Service Desk Team' },
      properties: {},
    });
    expect(counter.byOperation).toEqual({ getComment: 1 });
  });

  it("reads the author's user record each time, and answers undefined for an unknown account", async () => {
    const { gateway, counter } = setup();
    nock(SITE)
      .get('/rest/api/3/user')
      .query({ accountId: 'clinic-private' })
      .twice()
      .reply(200, { accountId: 'clinic-private', accountType: 'customer', active: true })
      .get('/rest/api/3/user')
      .query({ accountId: 'gone' })
      .reply(404, {
        errorMessages: ['Specified user does not exist or you do not have required permissions'],
        errors: {},
      });
    const user = { accountId: 'clinic-private', accountType: 'customer' };
    await expect(gateway.getUser('clinic-private')).resolves.toEqual(user);
    await expect(gateway.getUser('clinic-private')).resolves.toEqual(user);
    await expect(gateway.getUser('gone')).resolves.toBeUndefined();
    expect(counter.byOperation).toEqual({ getUser: 3 });
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

describe('transitions', () => {
  const pending = rawIssue('SUP-12', '10002', 'Pendente Informação do cliente');

  it('finds the transition leading to the target status and performs it', async () => {
    const { gateway } = setup();
    nock(SITE)
      .get('/rest/api/3/issue/SUP-12')
      .query(true)
      .reply(200, pending)
      .get('/rest/api/3/issue/SUP-12/transitions')
      .query({ expand: 'transitions.fields' })
      .reply(200, { transitions: PENDING_TRANSITIONS })
      .post('/rest/api/3/issue/SUP-12/transitions', { transition: { id: '21' } })
      .reply(204);
    const issue = await gateway.getIssue('SUP-12');
    await expect(gateway.transitionTo(issue, { name: 'em atendimento' })).resolves.toMatchObject({
      id: '21',
    });
  });

  it('reads the issue again after a 400 and counts the move as done when it is at the target', async () => {
    const { gateway, counter } = setup();
    nock(SITE)
      .get('/rest/api/3/issue/SUP-12/transitions')
      .query({ expand: 'transitions.fields' })
      .reply(200, { transitions: PENDING_TRANSITIONS })
      .post('/rest/api/3/issue/SUP-12/transitions')
      .reply(400, { errorMessages: ["Transition id '21' is not valid for this issue."] })
      .get('/rest/api/3/issue/SUP-12')
      .query(true)
      .reply(200, rawIssue('SUP-12', '3', 'Em Atendimento'));
    await expect(gateway.transitionTo(pendingIssue('SUP-12'), { id: '3' })).resolves.toMatchObject({
      id: '21',
    });
    expect(counter.byOperation).toEqual({ getTransitions: 1, doTransition: 1, getIssue: 1 });
  });
});

describe('transitions as configured, on a screen that requires a Resolution', () => {
  // The vendor's site: a global "Cancelar" into "Fechado" listed before "Fechar", whose screen
  // requires the resolution (FieldMetadata as `expand=transitions.fields` lists it).
  const validation = rawIssue('SUP-2');
  const closed = { id: '6', name: 'Fechado' };
  const resolution = {
    key: 'resolution',
    name: 'Resolution',
    required: true,
    operations: ['set'],
    schema: { type: 'resolution', system: 'resolution' },
    allowedValues: [
      { id: '10000', name: 'Resolvido' },
      { id: '10001', name: 'Cancelado' },
    ],
  };
  const listed = {
    transitions: [
      {
        id: '71',
        name: 'Cancelar',
        isGlobal: true,
        isAvailable: true,
        hasScreen: false,
        fields: {},
        to: closed,
      },
      {
        id: '61',
        name: 'Fechar',
        isGlobal: false,
        isAvailable: true,
        hasScreen: true,
        fields: { resolution },
        to: closed,
      },
    ],
  };
  const via = { target: 'closed', name: 'Fechar', fields: { resolution: { name: 'Resolvido' } } };

  it('sends the fields with the named transition, never the global one listed first', async () => {
    const { gateway, counter } = setup();
    nock(SITE)
      .get('/rest/api/3/issue/SUP-2/transitions')
      .query({ expand: 'transitions.fields' })
      .reply(200, listed)
      .post('/rest/api/3/issue/SUP-2/transitions', {
        transition: { id: '61' },
        fields: { resolution: { name: 'Resolvido' } },
      })
      .reply(204);
    const issue = {
      ...pendingIssue('SUP-2', '2'),
      status: { id: '10003', name: validation.fields.status.name },
    };
    await expect(gateway.planTransition(issue, { name: 'Fechado' }, via)).resolves.toMatchObject({
      id: '61',
    });
    await expect(gateway.transitionTo(issue, { name: 'Fechado' }, via)).resolves.toMatchObject({
      id: '61',
    });
    expect(counter.byOperation).toEqual({ getTransitions: 1, doTransition: 1 });
  });

  it('is blocked before anything is sent when the resolution is not configured', async () => {
    const { gateway } = setup();
    nock(SITE)
      .get('/rest/api/3/issue/SUP-2/transitions')
      .query({ expand: 'transitions.fields' })
      .reply(200, listed);
    const issue = {
      ...pendingIssue('SUP-2', '2'),
      status: { id: '10003', name: validation.fields.status.name },
    };
    await expect(
      gateway.planTransition(issue, { name: 'Fechado' }, { target: 'closed', name: 'Fechar' }),
    ).rejects.toThrow(
      new TransitionBlockedError(
        'SUP-2',
        '"Fechar" needs Resolution; set transitions.closed.fields.resolution',
      ),
    );
  });

  it("reports Jira's refusal in Jira's words", async () => {
    const { gateway } = setup();
    nock(SITE)
      .get('/rest/api/3/issue/SUP-2/transitions')
      .query({ expand: 'transitions.fields' })
      .reply(200, { transitions: [{ ...listed.transitions[1], fields: undefined }] })
      .post('/rest/api/3/issue/SUP-2/transitions')
      .reply(400, { errorMessages: ['Field Resolution is required.'], errors: {} })
      .get('/rest/api/3/issue/SUP-2')
      .query(true)
      .reply(200, validation);
    const issue = {
      ...pendingIssue('SUP-2', '2'),
      status: { id: '10003', name: validation.fields.status.name },
    };
    await expect(
      gateway.transitionTo(issue, { name: 'Fechado' }, { target: 'closed', name: 'Fechar' }),
    ).rejects.toThrow('SUP-2: Jira refused "Fechar" to "Fechado": Field Resolution is required.');
  });
});

describe('project statuses', () => {
  it('reads the project statuses once and answers names with their ids', async () => {
    const { gateway, counter } = setup();
    nock(SITE)
      .get('/rest/api/3/project/SUP/statuses')
      .reply(200, [
        {
          id: '10001',
          name: 'Chamado',
          self: `${SITE}/rest/api/3/issuetype/10001`,
          subtask: false,
          statuses: [{ id: '10002', name: 'Pendente Informação do cliente' }],
        },
      ]);
    await expect(
      gateway.statusIds('SUP', { name: 'Pendente Informação do Cliente' }),
    ).resolves.toEqual(['10002']);
    await expect(gateway.statusIds('SUP', { name: 'Fechado' })).resolves.toEqual([]);
    expect(counter.total).toBe(1);
  });
});
