import { createHmac } from 'node:crypto';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { hubSignature } from '../../src/sandbox/index.ts';
import { eventually } from '../support/poll.ts';
import {
  adf,
  ANALYST,
  BOT,
  CUSTOMER,
  PRIVATE_CUSTOMER,
  startReceiver,
  startSandbox,
  STATUS,
  type Json,
  type Receiver,
  type TestSandbox,
} from './helpers.ts';

const WEBHOOKS = '/rest/webhooks/1.0/webhook';

it("signs like Jira: HMAC-SHA256 of the raw body, Jira's own test vector", () => {
  expect(hubSignature("It's a Secret to Everybody", 'Hello World!')).toBe(
    'sha256=a4771c39fbe90f317c7824e83ddef3caae9cb3d976c214ace1f2937e133263c9',
  );
});

describe('admin webhooks', () => {
  let t: TestSandbox;
  let receiver: Receiver;
  beforeAll(async () => {
    t = await startSandbox();
  });
  afterAll(() => t.close());
  beforeEach(async () => {
    t.sandbox.reset();
    for (const webhook of t.sandbox.webhooks.list()) t.sandbox.webhooks.remove(webhook.id);
    receiver = await startReceiver();
  });
  afterEach(() => receiver.close());

  const register = (body: Record<string, unknown>) =>
    t.api('POST', WEBHOOKS, {
      body: { name: 'support-middleware', url: receiver.url, events: ['comment_created'], ...body },
    });
  const newIssue = (status?: string) => {
    const issue = t.sandbox.store.createIssue(
      { summary: 'Impressora', reporter: CUSTOMER },
      { by: CUSTOMER },
    );
    if (status) t.sandbox.store.moveToStatus(issue.key, status, { by: ANALYST, silent: true });
    return issue.key;
  };
  const comment = (key: string, text: string, as = CUSTOMER) =>
    t.api('POST', `/rest/api/3/issue/${key}/comment`, { as, body: { body: adf(text) } });
  const received = (event: string) =>
    receiver.requests.filter((r) => r.body !== '' && JSON.parse(r.body).webhookEvent === event);

  it('are registered through /rest/webhooks/1.0/webhook and never show their secret', async () => {
    const created = await register({
      events: ['comment_created', 'jira:issue_updated'],
      filters: { 'issue-related-events-section': 'project = SUP' },
      secret: 'segredo',
    });
    expect(created.status).toBe(201);
    expect(created.body).toEqual({
      self: `${t.url}${WEBHOOKS}/${created.body.self.split('/').at(-1)}`,
      name: 'support-middleware',
      url: receiver.url,
      events: ['comment_created', 'jira:issue_updated'],
      filters: { 'issue-related-events-section': 'project = SUP' },
      excludeBody: false,
      enabled: true,
      lastUpdatedUser: t.sandbox.site.user(BOT).accountId,
      lastUpdatedDisplayName: 'Bot de Suporte',
      lastUpdated: t.sandbox.clock.now(),
    });
    const id = created.body.self.split('/').at(-1);
    const listed = await t.api('GET', WEBHOOKS);
    expect(listed.body).toEqual([created.body]);
    expect(JSON.stringify(listed.body)).not.toContain('segredo');
    expect((await t.api('GET', `${WEBHOOKS}/${id}`)).body).toEqual(created.body);
    expect((await t.api('DELETE', `${WEBHOOKS}/${id}`)).status).toBe(204);
    expect((await t.api('GET', `${WEBHOOKS}/${id}`)).status).toBe(404);
  });

  it('are managed by site admins only, and refuse a JQL filter the sandbox cannot run', async () => {
    const forbidden = await t.api('POST', WEBHOOKS, {
      as: ANALYST,
      body: { name: 'x', url: receiver.url, events: ['comment_created'] },
    });
    expect(forbidden.status).toBe(403);
    const badJql = await register({ filters: { 'issue-related-events-section': 'summary ~ x' } });
    expect(badJql.status).toBe(400);
    expect(badJql.body.errorMessages[0]).toMatch(/summary/);
    const noUrl = await t.api('POST', WEBHOOKS, {
      body: { name: 'x', events: ['comment_created'] },
    });
    expect(noUrl.status).toBe(400);
  });

  it("deliver a signed comment_created with Jira's headers and body shape", async () => {
    await register({ secret: 'segredo' });
    const key = newIssue();
    expect((await comment(key, 'O erro continua.')).status).toBe(201);
    await t.sandbox.webhooks.idle();

    const [delivery] = received('comment_created');
    expect(delivery).toBeDefined();
    expect(delivery!.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(delivery!.headers['x-atlassian-webhook-identifier']).toMatch(/^[0-9a-f-]{36}$/);
    expect(delivery!.headers).not.toHaveProperty('x-atlassian-webhook-retry');
    const expected = createHmac('sha256', 'segredo').update(delivery!.body).digest('hex');
    expect(delivery!.headers['x-hub-signature']).toBe(`sha256=${expected}`);

    const body = JSON.parse(delivery!.body);
    expect(body).not.toHaveProperty('user');
    expect(body).toMatchObject({
      timestamp: t.sandbox.clock.now(),
      webhookEvent: 'comment_created',
      comment: {
        id: expect.any(String),
        author: {
          accountId: t.sandbox.site.user(CUSTOMER).accountId,
          displayName: 'Clínica Exemplo',
          accountType: 'customer',
          active: true,
        },
        body: 'O erro continua.',
        created: '2026-02-13T17:00:00.000-0300',
        updated: '2026-02-13T17:00:00.000-0300',
        jsdPublic: true,
      },
      issue: { key, self: expect.stringMatching(/\/rest\/api\/2\/issue\/\d+$/) },
    });
    expect(body.comment.author).not.toHaveProperty('emailAddress');
    expect(Object.keys(body.issue.fields).sort()).toEqual(
      ['assignee', 'issuetype', 'priority', 'project', 'status', 'summary'].sort(),
    );
  });

  it('mark an internal note jsdPublic: false in the delivery', async () => {
    await register({});
    const key = newIssue();
    await t.api('POST', `/rest/api/3/issue/${key}/comment`, {
      as: ANALYST,
      body: {
        body: adf('Nota interna'),
        properties: [{ key: 'sd.public.comment', value: { internal: true } }],
      },
    });
    await t.sandbox.webhooks.idle();
    expect(JSON.parse(received('comment_created')[0]!.body).comment.jsdPublic).toBe(false);
  });

  it('keep jsdPublic true for a comment restricted to a role, and send its visibility', async () => {
    await register({ events: ['comment_created', 'jira:issue_updated'] });
    const key = newIssue();
    const visibility = { type: 'role', value: 'Service Desk Team' };
    await t.api('POST', `/rest/api/3/issue/${key}/comment`, {
      as: ANALYST,
      body: { body: adf('Só para a equipe'), visibility },
    });
    await t.sandbox.webhooks.idle();
    const [created] = received('comment_created').map((r) => JSON.parse(r.body));
    const [commented] = received('jira:issue_updated').map((r) => JSON.parse(r.body));
    for (const body of [created, commented]) {
      expect(body.comment).toMatchObject({ jsdPublic: true, visibility });
    }
  });

  it("leave accountType (and the email) out of a private profile's author and updateAuthor", async () => {
    await register({ events: ['comment_created', 'comment_deleted', 'jira:issue_updated'] });
    const key = newIssue();
    const posted = await comment(key, 'Segue a data do certificado.', PRIVATE_CUSTOMER);
    // The REST answer keeps it: only webhooks leave it out.
    expect(posted.body.author.accountType).toBe('customer');
    await comment(key, 'Recebido.', ANALYST);
    expect(
      (await t.api('DELETE', `/rest/api/3/issue/${key}/comment/${posted.body.id}`)).status,
    ).toBe(204);
    await t.sandbox.webhooks.idle();

    const comments = (event: string) =>
      received(event).map((r) => JSON.parse(r.body).comment as Json);
    const hers = [
      ...comments('comment_created'),
      ...comments('comment_deleted'),
      ...comments('jira:issue_updated'),
    ].filter((c) => c.id === posted.body.id);
    expect(hers).toHaveLength(3);
    const privateId = t.sandbox.site.user(PRIVATE_CUSTOMER).accountId;
    for (const c of hers) {
      for (const user of [c.author, c.updateAuthor]) {
        expect(user).toMatchObject({ accountId: privateId, displayName: 'Clínica Vida Nova' });
        expect(user).not.toHaveProperty('accountType');
        expect(user).not.toHaveProperty('emailAddress');
      }
    }
    const analysts = comments('comment_created').filter((c) => c.id !== posted.body.id);
    expect(analysts.map((c) => c.author.accountType)).toEqual(['atlassian']);
  });

  it('deliver jira:issue_updated with the status change, resolution first, and the actor as user', async () => {
    await register({ events: ['jira:issue_updated'] });
    const key = newIssue(STATUS.inProgress);
    const response = await t.api('POST', `/rest/api/3/issue/${key}/transitions`, {
      as: ANALYST,
      body: { transition: { id: '41' }, fields: { resolution: { name: 'Resolvido' } } },
    });
    expect(response.status).toBe(204);
    await t.sandbox.webhooks.idle();
    const [delivery] = received('jira:issue_updated');
    const body = JSON.parse(delivery!.body);
    expect(body).toMatchObject({
      webhookEvent: 'jira:issue_updated',
      issue_event_type_name: 'issue_generic',
      user: { displayName: 'Ana Analista', accountType: 'atlassian' },
      issue: {
        key,
        fields: { status: { id: STATUS.validation }, resolution: { name: 'Resolvido' } },
      },
      changelog: {
        id: expect.any(String),
        items: [
          {
            field: 'resolution',
            fieldtype: 'jira',
            fieldId: 'resolution',
            from: null,
            to: '10000',
          },
          {
            field: 'status',
            fieldtype: 'jira',
            fieldId: 'status',
            from: STATUS.inProgress,
            fromString: 'Em Atendimento',
            to: STATUS.validation,
            toString: 'Tarefa Resolvida – Aguardando Validação do cliente',
          },
        ],
      },
    });
  });

  it('report a comment as jira:issue_updated too (issue_commented, no changelog), as Jira does', async () => {
    await register({ events: ['jira:issue_updated'] });
    const key = newIssue();
    await comment(key, 'Alguma novidade?');
    await t.sandbox.webhooks.idle();
    const body = JSON.parse(received('jira:issue_updated')[0]!.body);
    expect(body.issue_event_type_name).toBe('issue_commented');
    expect(body).not.toHaveProperty('changelog');
    expect(body.comment.body).toBe('Alguma novidade?');
  });

  it('deliver jira:issue_deleted with the issue as it was and the deleter as user', async () => {
    await register({ events: ['jira:issue_deleted'] });
    const key = newIssue(STATUS.inProgress);
    expect((await t.api('DELETE', `/rest/api/3/issue/${key}`, { as: ANALYST })).status).toBe(204);
    await t.sandbox.webhooks.idle();
    const [delivery] = received('jira:issue_deleted');
    const body = JSON.parse(delivery!.body);
    expect(body).toMatchObject({
      webhookEvent: 'jira:issue_deleted',
      user: { displayName: 'Ana Analista' },
      issue: { key, fields: { status: { id: STATUS.inProgress }, summary: 'Impressora' } },
    });
    expect(body).not.toHaveProperty('changelog');
    expect(body).not.toHaveProperty('issue_event_type_name');
  });

  it('deliver jira:issue_created with the creator as user', async () => {
    await register({ events: ['jira:issue_created'] });
    const response = await t.api('POST', '/rest/api/3/issue', {
      as: CUSTOMER,
      body: {
        fields: { project: { key: 'SUP' }, issuetype: { name: 'Chamado' }, summary: 'Novo' },
      },
    });
    await t.sandbox.webhooks.idle();
    const body = JSON.parse(received('jira:issue_created')[0]!.body);
    expect(body).toMatchObject({
      webhookEvent: 'jira:issue_created',
      user: { accountType: 'customer' },
      issue: { key: response.body.key, fields: { summary: 'Novo', status: { name: 'Aberto' } } },
    });
  });

  it('retry a receiver answering 503 with the same identifier and a retry count', async () => {
    await register({});
    receiver.respond((_request, index) => (index < 2 ? 503 : 200));
    await comment(newIssue(), 'Oi');
    await t.sandbox.webhooks.idle();
    expect(receiver.requests).toHaveLength(3);
    const ids = new Set(receiver.requests.map((r) => r.headers['x-atlassian-webhook-identifier']));
    expect(ids.size).toBe(1);
    expect(receiver.requests.map((r) => r.headers['x-atlassian-webhook-retry'])).toEqual([
      undefined,
      '1',
      '2',
    ]);
    expect(new Set(receiver.requests.map((r) => r.body)).size).toBe(1);
    const [log] = t.sandbox.webhooks.deliveries();
    expect(log).toMatchObject({ state: 'delivered', event: 'comment_created' });
    expect(log!.attempts.map((a) => a.status)).toEqual([503, 503, 200]);
  });

  it.each([408, 409, 425, 429, 500])('retry on %i', async (status) => {
    await register({});
    receiver.respond((_request, index) => (index === 0 ? status : 204));
    await comment(newIssue(), 'Oi');
    await t.sandbox.webhooks.idle();
    expect(receiver.requests).toHaveLength(2);
  });

  it('do not retry a receiver answering 400 (other 4xx are final)', async () => {
    await register({});
    receiver.respond(() => 400);
    await comment(newIssue(), 'Oi');
    await t.sandbox.webhooks.idle();
    expect(receiver.requests).toHaveLength(1);
    expect(t.sandbox.webhooks.deliveries()[0]!.state).toBe('failed');
  });

  it('give up after 5 retries', async () => {
    await register({});
    receiver.respond(() => 500);
    await comment(newIssue(), 'Oi');
    await t.sandbox.webhooks.idle();
    expect(receiver.requests).toHaveLength(6);
    expect(receiver.requests.at(-1)!.headers['x-atlassian-webhook-retry']).toBe('5');
    expect(t.sandbox.webhooks.deliveries()[0]!.state).toBe('failed');
  });

  it('retry when the receiver cannot be reached', async () => {
    const gone = await startReceiver();
    await gone.close();
    await register({ url: gone.url });
    await comment(newIssue(), 'Oi');
    await t.sandbox.webhooks.idle();
    const [log] = t.sandbox.webhooks.deliveries();
    expect(log!.state).toBe('failed');
    expect(log!.attempts).toHaveLength(6);
    expect(log!.attempts[0]!.error).toMatch(/ECONNREFUSED/);
  });

  it('respect the JQL filter and the event list', async () => {
    await register({
      events: ['comment_created'],
      filters: { 'issue-related-events-section': 'status = "Pendente Informação do cliente"' },
    });
    await comment(newIssue(), 'Aberto: não entregue');
    const pending = newIssue(STATUS.pending);
    await comment(pending, 'Pendente: entregue');
    await t.api('POST', `/rest/api/3/issue/${pending}/transitions`, {
      as: ANALYST,
      body: { transition: { id: '31' } },
    });
    await t.sandbox.webhooks.idle();
    expect(receiver.requests.map((r) => JSON.parse(r.body).comment.body)).toEqual([
      'Pendente: entregue',
    ]);
  });

  it('send no body when excludeBody is set', async () => {
    await register({ excludeBody: true, secret: 's' });
    await comment(newIssue(), 'Oi');
    await t.sandbox.webhooks.idle();
    expect(receiver.requests).toHaveLength(1);
    expect(receiver.requests[0]!.body).toBe('');
    expect(receiver.requests[0]!.headers['x-hub-signature']).toBe(hubSignature('s', ''));
  });

  it('never make the API call wait for the receiver', async () => {
    await register({});
    let release: (status: number) => void = () => undefined;
    receiver.respond(() => new Promise<number>((resolve) => (release = resolve)));
    const response = await comment(newIssue(), 'Oi');
    expect(response.status).toBe(201);
    const idle = t.sandbox.webhooks.idle();
    // The receiver holds the delivery open until the API call has answered.
    await eventually(() => receiver.requests.length > 0, {
      what: 'the receiver to get the delivery',
      intervalMs: 1,
    });
    expect(t.sandbox.webhooks.deliveries()[0]!.state).toBe('pending');
    release(200);
    await idle;
    expect(t.sandbox.webhooks.deliveries()[0]!.state).toBe('delivered');
  });

  it('expose the delivery log over HTTP for tests in other processes', async () => {
    await register({});
    await comment(newIssue(), 'Oi');
    expect((await t.api('GET', '/_sandbox/webhooks/idle', { as: null })).status).toBe(204);
    const log = await t.api('GET', '/_sandbox/webhooks/deliveries', { as: null });
    expect(log.body.map((d: Json) => [d.event, d.state])).toEqual([
      ['comment_created', 'delivered'],
    ]);
  });
});
