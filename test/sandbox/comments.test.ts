import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import {
  adf,
  ANALYST,
  BOT,
  CUSTOMER,
  RECEPTION,
  startReceiver,
  startSandbox,
  type Json,
  type Receiver,
  type TestSandbox,
} from './helpers.ts';

const CUSTOMER_ID = 'qm:5b0c2d4e-1a2b-4c3d-8e9f-0a1b2c3d4e03:6c1d3e5f-2b3c-4d5e-9f0a-1b2c3d4e5f03';

describe('comments', () => {
  let t: TestSandbox;
  let key: string;
  beforeAll(async () => {
    t = await startSandbox();
    key = t.sandbox.store.createIssue(
      { summary: 'Chamado', reporter: CUSTOMER },
      { by: CUSTOMER },
    ).key;
  });
  afterAll(() => t.close());

  const comment = (body: Record<string, unknown>, as = CUSTOMER, query = '') =>
    t.api('POST', `/rest/api/3/issue/${key}/comment${query}`, { as, body });

  it('are added with an ADF body (201) and come back as Jira writes them', async () => {
    const response = await comment({ body: adf('O erro continua.') });
    expect(response.status).toBe(201);
    expect(response.body).toEqual({
      self: `${t.url}/rest/api/3/issue/10000/comment/${response.body.id}`,
      id: expect.stringMatching(/^\d+$/),
      author: expect.objectContaining({
        accountId: CUSTOMER_ID,
        accountType: 'customer',
        active: true,
      }),
      body: adf('O erro continua.'),
      updateAuthor: expect.objectContaining({ accountId: CUSTOMER_ID }),
      created: '2026-02-13T17:00:00.000-0300',
      updated: '2026-02-13T17:00:00.000-0300',
      jsdPublic: true,
    });
  });

  it('refuse a plain-text body in REST v3', async () => {
    const response = await comment({ body: 'texto simples' });
    expect(response.status).toBe(400);
    expect(response.body.errors.comment).toMatch(/Atlassian Document/);
    expect((await comment({})).body.errors.comment).toBe('Comment body can not be empty!');
  });

  it('are internal notes (jsdPublic false) with the sd.public.comment property', async () => {
    const response = await comment(
      {
        body: adf('Nota interna: cliente reabriu.'),
        properties: [{ key: 'sd.public.comment', value: { internal: true } }],
      },
      BOT,
      '?expand=properties',
    );
    expect(response.body.jsdPublic).toBe(false);
    expect(response.body.properties).toEqual([
      { key: 'sd.public.comment', value: { internal: true } },
    ]);
  });

  it('keep jsdPublic true under a visibility restriction: only the property makes an internal note', async () => {
    const response = await comment(
      { body: adf('Só para o suporte.'), visibility: { type: 'group', value: 'suporte' } },
      ANALYST,
      '?expand=properties',
    );
    expect(response.status).toBe(201);
    expect(response.body).toMatchObject({
      jsdPublic: true,
      visibility: { type: 'group', value: 'suporte' },
      properties: [],
    });
    const read = await t.api('GET', `/rest/api/3/issue/${key}/comment/${response.body.id}`);
    expect(read.body).toMatchObject({ jsdPublic: true, visibility: { type: 'group' } });
  });

  it('are listed oldest first, or newest first with orderBy=-created, paged, with properties on request', async () => {
    const all = await t.api('GET', `/rest/api/3/issue/${key}/comment`);
    expect(all.body).toMatchObject({ startAt: 0, maxResults: 100, total: 3 });
    expect(all.body.comments.map((c: Json) => c.jsdPublic)).toEqual([true, false, true]);
    expect(all.body.comments[0]).not.toHaveProperty('properties');

    const newest = await t.api(
      'GET',
      `/rest/api/3/issue/${key}/comment?orderBy=-created&maxResults=1&expand=properties`,
    );
    expect(newest.body).toMatchObject({ startAt: 0, maxResults: 1, total: 3 });
    expect(newest.body.comments).toHaveLength(1);
    expect(newest.body.comments[0].body).toEqual(adf('Só para o suporte.'));
    expect(newest.body.comments[0].properties).toEqual([]);

    const second = await t.api('GET', `/rest/api/3/issue/${key}/comment?startAt=1&maxResults=1`);
    expect(second.body.comments[0].jsdPublic).toBe(false);
    expect((await t.api('GET', `/rest/api/3/issue/${key}/comment?orderBy=author`)).status).toBe(
      400,
    );
  });

  it('are read one at a time by id', async () => {
    const { id } = (await comment({ body: adf('Mais um.') })).body;
    const response = await t.api('GET', `/rest/api/3/issue/${key}/comment/${id}`);
    expect(response.body.body).toEqual(adf('Mais um.'));
    expect((await t.api('GET', `/rest/api/3/issue/${key}/comment/99999`)).status).toBe(404);
  });
});

describe('deleting a comment (DELETE /issue/{key}/comment/{id})', () => {
  let t: TestSandbox;
  let receiver: Receiver;
  let key: string;
  beforeAll(async () => {
    t = await startSandbox();
    receiver = await startReceiver();
    t.sandbox.webhooks.register({
      name: 'comments',
      url: receiver.url,
      events: ['comment_deleted', 'comment_created'],
    });
    key = t.sandbox.store.createIssue(
      { summary: 'Chamado', reporter: CUSTOMER },
      { silent: true },
    ).key;
  });
  afterAll(async () => {
    await receiver.close();
    await t.close();
  });

  const post = (text: string, as = BOT) =>
    t.api('POST', `/rest/api/3/issue/${key}/comment`, { as, body: { body: adf(text) } });
  const remove = (id: string, as = BOT) =>
    t.api('DELETE', `/rest/api/3/issue/${key}/comment/${id}`, { as });
  const listed = async () =>
    (await t.api('GET', `/rest/api/3/issue/${key}/comment`)).body.comments.map((c: Json) => c.id);

  it('answers 204 with no body; the comment is gone from the list and from GET by id', async () => {
    const { id } = (await post('Encerrado automaticamente.')).body;
    const deleted = await remove(id);
    expect(deleted.status).toBe(204);
    expect(deleted.text).toBe('');
    expect(await listed()).not.toContain(id);
    expect((await t.api('GET', `/rest/api/3/issue/${key}/comment/${id}`)).status).toBe(404);
  });

  it("answers 404 with Jira's body when the comment is not there, deleted already or never made", async () => {
    const { id } = (await post('Duplicado.')).body;
    expect((await remove(id)).status).toBe(204);
    for (const missing of [id, '99999']) {
      const again = await remove(missing);
      expect(again.status).toBe(404);
      expect(again.body).toEqual({
        errorMessages: [`Can not find a comment for the id: ${missing}.`],
        errors: {},
      });
    }
    expect((await t.api('DELETE', `/rest/api/3/issue/SUP-999/comment/${id}`)).status).toBe(404);
  });

  it("lets an author delete their own comment, an admin anyone's, and refuses the rest with 400", async () => {
    const mine = (await post('Do analista.', ANALYST)).body.id;
    const theirs = (await post('Do cliente.', CUSTOMER)).body.id;
    const refused = await remove(theirs, ANALYST);
    expect(refused.status).toBe(400);
    expect(refused.body).toEqual({
      errorMessages: [`You do not have permission to delete comment with id: ${theirs}`],
      errors: {},
    });
    expect(await listed()).toContain(theirs);
    expect((await remove(mine, ANALYST)).status).toBe(204);
    expect((await remove(theirs, BOT)).status).toBe(204);
    expect(await listed()).not.toContain(theirs);
  });

  it("leaves the issue's updated time and history as they were", async () => {
    const { id } = (await post('Outro.')).body;
    const issue = t.sandbox.store.issue(key)!;
    const before = { updated: issue.updated, histories: issue.histories.length };
    t.sandbox.clock.advance(60_000);
    expect((await remove(id)).status).toBe(204);
    expect({ updated: issue.updated, histories: issue.histories.length }).toEqual(before);
  });

  it('sends comment_deleted with the comment as it was, shaped like comment_created', async () => {
    const { id } = (await post('Será apagado.')).body;
    expect((await remove(id)).status).toBe(204);
    await t.sandbox.webhooks.idle();
    const about = (event: string) =>
      receiver.requests
        .map((r) => JSON.parse(r.body))
        .filter((b) => b.webhookEvent === event && b.comment.id === id);
    const [created] = about('comment_created');
    const [deleted, ...more] = about('comment_deleted');
    expect(more).toEqual([]);
    expect(deleted).not.toHaveProperty('user');
    expect(deleted.comment).toEqual(created.comment);
    expect(deleted.issue).toEqual(created.issue);
  });
});

describe('issue properties', () => {
  let t: TestSandbox;
  let key: string;
  beforeAll(async () => {
    t = await startSandbox();
    key = t.sandbox.store.createIssue({ summary: 'Chamado' }).key;
  });
  afterAll(() => t.close());

  const path = (property: string) => `/rest/api/3/issue/${key}/properties/${property}`;

  it('are created (201), replaced (200), read, listed and deleted (204)', async () => {
    expect((await t.api('PUT', path('support.reminder'), { body: { cycle: 1 } })).status).toBe(201);
    expect((await t.api('PUT', path('support.reminder'), { body: { cycle: 2 } })).status).toBe(200);
    expect((await t.api('GET', path('support.reminder'))).body).toEqual({
      key: 'support.reminder',
      value: { cycle: 2 },
    });
    const keys = await t.api('GET', `/rest/api/3/issue/${key}/properties`);
    expect(keys.body).toEqual({
      keys: [{ key: 'support.reminder', self: `${t.url}${path('support.reminder')}` }],
    });
    expect((await t.api('DELETE', path('support.reminder'))).status).toBe(204);
    const gone = await t.api('GET', path('support.reminder'));
    expect(gone.status).toBe(404);
    expect(gone.body.errorMessages[0]).toMatch(/does not exist/);
    expect((await t.api('DELETE', path('support.reminder'))).status).toBe(404);
  });

  it('hold any JSON value, up to 32 KB, sent as application/json', async () => {
    expect((await t.api('PUT', path('flag'), { body: 'true' })).status).toBe(201);
    expect((await t.api('GET', path('flag'))).body.value).toBe(true);
    const big = await t.api('PUT', path('big'), { body: { text: 'x'.repeat(40_000) } });
    expect(big.status).toBe(400);
    const text = await t.api('PUT', path('text'), {
      body: 'oi',
      headers: { 'content-type': 'text/plain' },
    });
    expect(text.status).toBe(415);
  });

  it('answer 404 on an unknown issue', async () => {
    const response = await t.api('GET', '/rest/api/3/issue/SUP-404/properties/x');
    expect(response.status).toBe(404);
  });
});

describe('authentication', () => {
  let t: TestSandbox;
  beforeAll(async () => {
    t = await startSandbox();
  });
  afterAll(() => t.close());

  it("answers 401 in Jira's shape without credentials, with a wrong token or an unknown email", async () => {
    const anonymous = await t.api('GET', '/rest/api/3/myself', { as: null });
    expect(anonymous.status).toBe(401);
    expect(anonymous.body).toEqual({
      errorMessages: [expect.stringMatching(/authenticated/)],
      errors: {},
    });
    const wrongToken = await t.api('GET', '/rest/api/3/myself', {
      as: null,
      headers: { authorization: `Basic ${Buffer.from(`${BOT}:wrong`).toString('base64')}` },
    });
    expect(wrongToken.status).toBe(401);
    const stranger = await t.api('GET', '/rest/api/3/myself', {
      as: null,
      headers: { authorization: `Basic ${Buffer.from('x@y.example:sandbox').toString('base64')}` },
    });
    expect(stranger.status).toBe(401);
  });

  it("accepts any seeded user's email with the token, case-insensitively", async () => {
    const response = await t.api('GET', '/rest/api/3/myself', {
      as: null,
      headers: {
        authorization: `Basic ${Buffer.from('Analista@Pixeon.example:sandbox').toString('base64')}`,
      },
    });
    expect(response.status).toBe(200);
    expect(response.body.displayName).toBe('Ana Analista');
  });
});

describe('user groups (GET /rest/api/3/user/groups)', () => {
  let t: TestSandbox;
  beforeAll(async () => {
    t = await startSandbox();
  });
  afterAll(() => t.close());

  const groups = (accountId: string) =>
    t.api('GET', `/rest/api/3/user/groups?accountId=${encodeURIComponent(accountId)}`);

  it("lists an analyst's groups with their ids", async () => {
    const analyst = t.sandbox.site.user(ANALYST);
    const response = await groups(analyst.accountId);
    expect(response.status).toBe(200);
    expect(response.body).toEqual([
      {
        name: 'suporte',
        groupId: '2f5a8c1e-6b3d-4e7f-9a10-5c4b3a291801',
        self: `${t.url}/rest/api/3/group?groupId=2f5a8c1e-6b3d-4e7f-9a10-5c4b3a291801`,
      },
      expect.objectContaining({ name: 'jira-servicemanagement-users' }),
    ]);
  });

  it('lists no group for customers, 404 for an unknown account and 400 without accountId', async () => {
    expect((await groups(CUSTOMER_ID)).body).toEqual([]);
    expect((await groups(t.sandbox.site.user(RECEPTION).accountId)).body).toEqual([]);
    expect((await groups('nobody')).status).toBe(404);
    expect((await t.api('GET', '/rest/api/3/user/groups')).status).toBe(400);
  });
});
