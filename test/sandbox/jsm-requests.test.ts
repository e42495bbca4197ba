import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import {
  ANALYST,
  CUSTOMER,
  PRIVATE_CUSTOMER,
  RECEPTION,
  startSandbox,
  type TestSandbox,
} from './helpers.ts';

/** The second person at Clínica Exemplo (an Atlassian account), in the default seed. */
const COLLEAGUE = 'marta@cliente.example';

describe('the JSM request API: participants and organizations', () => {
  let t: TestSandbox;
  let id: (email: string) => string;

  beforeAll(async () => {
    t = await startSandbox({ demoIssues: true });
    id = (email) => t.sandbox.site.user(email).accountId;
  });
  afterAll(() => t?.close());

  it("lists a request's participants as JSM's paged UserDTOs", async () => {
    const response = await t.api('GET', '/rest/servicedeskapi/request/SUP-1/participant');
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({
      size: 1,
      start: 0,
      limit: 50,
      isLastPage: true,
      values: [{ accountId: id(COLLEAGUE), displayName: 'Marta (Clínica Exemplo)' }],
    });
    // JSM's UserDTO carries no accountType: a participant is known only by being listed.
    expect(response.body.values[0]).not.toHaveProperty('accountType');
  });

  it('adds participants with {"accountIds"} and answers the participants page (200)', async () => {
    const response = await t.api('POST', '/rest/servicedeskapi/request/SUP-4/participant', {
      body: { accountIds: [id(RECEPTION), id(COLLEAGUE)] },
    });
    expect(response.status).toBe(200);
    expect(response.body.values.map((u: { accountId: string }) => u.accountId)).toEqual([
      id(RECEPTION),
      id(COLLEAGUE),
    ]);
    // Adding one already there keeps it once.
    const again = await t.api('POST', '/rest/servicedeskapi/request/SUP-4/participant', {
      body: { accountIds: [id(RECEPTION)] },
    });
    expect(again.body.size).toBe(2);
  });

  it('pages with start and limit, isLastPage false until the end', async () => {
    const first = await t.api('GET', '/rest/servicedeskapi/request/SUP-4/participant?limit=1');
    expect(first.body).toMatchObject({ size: 1, start: 0, limit: 1, isLastPage: false });
    const second = await t.api(
      'GET',
      '/rest/servicedeskapi/request/SUP-4/participant?start=1&limit=1',
    );
    expect(second.body).toMatchObject({ size: 1, start: 1, isLastPage: true });
    expect(second.body.values[0].accountId).toBe(id(COLLEAGUE));
  });

  it('refuses unknown accounts and requests, a customer adding participants, in JSM error shape', async () => {
    const unknown = await t.api('POST', '/rest/servicedeskapi/request/SUP-4/participant', {
      body: { accountIds: ['nobody'] },
    });
    expect(unknown.status).toBe(400);
    expect(unknown.body).toHaveProperty('errorMessage');
    const missing = await t.api('GET', '/rest/servicedeskapi/request/SUP-999/participant');
    expect(missing.status).toBe(404);
    expect(missing.body).toHaveProperty('errorMessage');
    const byCustomer = await t.api('POST', '/rest/servicedeskapi/request/SUP-4/participant', {
      body: { accountIds: [id(RECEPTION)] },
      as: CUSTOMER,
    });
    expect(byCustomer.status).toBe(403);
    expect(
      (await t.api('GET', '/rest/servicedeskapi/request/SUP-1/participant', { as: null })).status,
    ).toBe(401);
  });

  it("shows the request's organizations in the Organizations field, and their users to agents", async () => {
    const fields = await t.api('GET', '/rest/api/3/field');
    const field = fields.body.find(
      (f: { schema?: { custom?: string } }) =>
        f.schema?.custom === 'com.atlassian.servicedesk:sd-customer-organization',
    );
    const issue = await t.api('GET', `/rest/api/3/issue/SUP-1?fields=${field.id}`);
    expect(issue.body.fields).toEqual({
      [field.id]: [expect.objectContaining({ id: '1', name: 'Clínica Exemplo' })],
    });
    const none = await t.api('GET', `/rest/api/3/issue/SUP-4?fields=${field.id}`);
    expect(none.body.fields[field.id]).toBeNull();

    const users = await t.api('GET', '/rest/servicedeskapi/organization/1/user');
    expect(users.status).toBe(200);
    expect(users.body.values.map((u: { accountId: string }) => u.accountId)).toEqual([
      id(CUSTOMER),
      id(COLLEAGUE),
    ]);
    expect(
      (await t.api('GET', '/rest/servicedeskapi/organization/1/user', { as: CUSTOMER })).status,
    ).toBe(403);
    expect((await t.api('GET', '/rest/servicedeskapi/organization/99/user')).status).toBe(404);
  });

  it('flags an e-mailed comment from someone outside the request jsdAuthorCanSeeRequest:false', async () => {
    const { store } = t.sandbox;
    const outsider = store.addComment(
      'SUP-1',
      { body: 'Oi', viaEmail: true },
      { by: PRIVATE_CUSTOMER },
    );
    const member = store.addComment('SUP-1', { body: 'Oi', viaEmail: true }, { by: COLLEAGUE });
    const plain = store.addComment('SUP-1', { body: 'Oi' }, { by: ANALYST });
    const read = async (commentId: string) =>
      (await t.api('GET', `/rest/api/3/issue/SUP-1/comment/${commentId}`)).body;
    expect(await read(outsider.id)).toMatchObject({ jsdAuthorCanSeeRequest: false });
    expect(await read(member.id)).toMatchObject({ jsdAuthorCanSeeRequest: true });
    expect(await read(plain.id)).not.toHaveProperty('jsdAuthorCanSeeRequest');
  });
});
