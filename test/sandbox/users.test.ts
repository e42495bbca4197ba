import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import {
  ANALYST,
  CUSTOMER,
  PRIVATE_CUSTOMER,
  startSandbox,
  type Json,
  type TestSandbox,
} from './helpers.ts';

describe('a user record (GET /rest/api/3/user?accountId=)', () => {
  let t: TestSandbox;
  beforeAll(async () => {
    t = await startSandbox();
  });
  afterAll(() => t.close());

  const user = (accountId: string) =>
    t.api('GET', `/rest/api/3/user?accountId=${encodeURIComponent(accountId)}`);

  it("answers an analyst's User with accountType, email, and groups and roles counted", async () => {
    const analyst = t.sandbox.site.user(ANALYST);
    const response = await user(analyst.accountId);
    expect(response.status).toBe(200);
    expect(response.body).toEqual({
      self: `${t.url}/rest/api/3/user?accountId=${encodeURIComponent(analyst.accountId)}`,
      accountId: analyst.accountId,
      avatarUrls: expect.objectContaining({ '48x48': expect.any(String) }),
      displayName: 'Ana Analista',
      active: true,
      timeZone: 'America/Sao_Paulo',
      accountType: 'atlassian',
      emailAddress: ANALYST,
      groups: { size: 2, items: [] },
      applicationRoles: { size: 1, items: [] },
      expand: 'groups,applicationRoles',
    });
  });

  it('keeps accountType for a private profile and leaves its email out', async () => {
    const hidden = t.sandbox.site.user(PRIVATE_CUSTOMER);
    expect(hidden.privateProfile).toBe(true);
    const response = await user(hidden.accountId);
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({
      accountId: hidden.accountId,
      displayName: 'Clínica Vida Nova',
      accountType: 'customer',
      applicationRoles: { size: 0, items: [] },
    });
    expect(response.body).not.toHaveProperty('emailAddress');
    // A customer with a visible profile shows it.
    expect((await user(t.sandbox.site.user(CUSTOMER).accountId)).body.emailAddress).toBe(CUSTOMER);
  });

  it("answers 404 in Jira's words for an unknown account (an email is no account id)", async () => {
    for (const missing of ['557058:nobody', PRIVATE_CUSTOMER]) {
      const response = await user(missing);
      expect(response.status).toBe(404);
      expect(response.body).toEqual({
        errorMessages: ['Specified user does not exist or you do not have required permissions'],
        errors: {},
      });
    }
  });

  it('answers 400 without an accountId, and counts the calls as getUser', async () => {
    t.sandbox.stats.reset();
    const response = await t.api('GET', '/rest/api/3/user');
    expect(response.status).toBe(400);
    expect(response.body.errorMessages).toEqual([expect.stringMatching(/accountId/)]);
    await user(t.sandbox.site.user(ANALYST).accountId);
    expect(t.sandbox.stats.snapshot().byOperation).toEqual({ getUser: 2 });
  });

  it('lists privateProfile among the seeded users (/_sandbox/users)', async () => {
    const listed = (await t.api('GET', '/_sandbox/users', { as: null })).body.users as Json[];
    expect(listed.filter((u) => u.privateProfile).map((u) => u.email)).toEqual([PRIVATE_CUSTOMER]);
  });
});
