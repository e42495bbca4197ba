import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ANALYST, CUSTOMER, startSandbox, type TestSandbox } from './helpers.ts';

const AUTOMATION = 'automation@apps.pixeon.example';
const FORMER_ANALYST = 'ex-analista@pixeon.example';

describe('who can be assigned issues', () => {
  let t: TestSandbox;
  beforeAll(async () => {
    t = await startSandbox();
  });
  afterAll(() => t.close());

  const accountId = (email: string) => t.sandbox.site.user(email).accountId;
  const newIssue = () =>
    t.sandbox.store.createIssue({ summary: 'Chamado', reporter: CUSTOMER }, { silent: true }).key;
  const assignee = async (key: string) =>
    (await t.api('GET', `/rest/api/3/issue/${key}?fields=assignee`)).body.fields.assignee;

  it.each([
    [AUTOMATION, 'Automation for Jira'],
    [FORMER_ANALYST, 'Bruno Ex-Analista'],
    [CUSTOMER, 'Clínica Exemplo'],
  ])(
    "refuses %s on PUT /assignee with Jira's 400, and leaves the issue as it was",
    async (email, name) => {
      const key = newIssue();
      const response = await t.api('PUT', `/rest/api/3/issue/${key}/assignee`, {
        body: { accountId: accountId(email) },
      });
      expect(response.status).toBe(400);
      expect(response.body).toEqual({
        errorMessages: [],
        errors: { assignee: `User '${name}' cannot be assigned issues.` },
      });
      expect(await assignee(key)).toBeNull();
      expect(t.sandbox.store.requireIssue(key).histories).toHaveLength(0);
    },
  );

  it('refuses them in PUT /issue and POST /issue fields too', async () => {
    const key = newIssue();
    const edited = await t.api('PUT', `/rest/api/3/issue/${key}`, {
      body: { fields: { assignee: { accountId: accountId(AUTOMATION) } } },
    });
    expect(edited.status).toBe(400);
    expect(edited.body.errors).toEqual({
      assignee: "User 'Automation for Jira' cannot be assigned issues.",
    });
    const created = await t.api('POST', '/rest/api/3/issue', {
      body: {
        fields: {
          project: { key: 'SUP' },
          issuetype: { name: 'Chamado' },
          summary: 'Novo',
          assignee: { accountId: accountId(FORMER_ANALYST) },
        },
      },
    });
    expect(created.status).toBe(400);
    expect(created.body.errors).toEqual({
      assignee: "User 'Bruno Ex-Analista' cannot be assigned issues.",
    });
  });

  it('assigns an active Atlassian account, and unassigns with null', async () => {
    const key = newIssue();
    const assigned = await t.api('PUT', `/rest/api/3/issue/${key}/assignee`, {
      body: { accountId: accountId(ANALYST) },
    });
    expect(assigned.status).toBe(204);
    expect((await assignee(key)).displayName).toBe('Ana Analista');
    const unassigned = await t.api('PUT', `/rest/api/3/issue/${key}/assignee`, {
      body: { accountId: null },
    });
    expect(unassigned.status).toBe(204);
    expect(await assignee(key)).toBeNull();
  });

  it('shows the seeded app and the deactivated account as Jira describes them', async () => {
    const key = newIssue();
    t.sandbox.store.assign(key, FORMER_ANALYST, { silent: true });
    const shown = await assignee(key);
    expect(shown).toMatchObject({ displayName: 'Bruno Ex-Analista', active: false });
    // A deactivated account cannot sign in either.
    expect((await t.api('GET', '/rest/api/3/myself', { as: FORMER_ANALYST })).status).toBe(401);
    const users = (await t.api('GET', '/_sandbox/users', { as: null })).body.users;
    expect(users.find((u: { email: string }) => u.email === AUTOMATION)).toMatchObject({
      accountType: 'app',
      active: true,
    });
  });
});
