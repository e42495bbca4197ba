import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ANALYST, CUSTOMER, jql, startSandbox, type TestSandbox } from './helpers.ts';

describe('deleted issues', () => {
  let t: TestSandbox;
  beforeAll(async () => {
    t = await startSandbox();
  });
  afterAll(() => t.close());

  const newIssue = () =>
    t.sandbox.store.createIssue({ summary: 'Chamado', reporter: CUSTOMER }, { silent: true });
  const search = (query: string) =>
    t.api('GET', `/rest/api/3/search/jql?jql=${jql(query)}&fields=key`);

  it('are deleted with DELETE /issue/{key} (204), then answer 404 everywhere', async () => {
    const issue = newIssue();
    const deleted = await t.api('DELETE', `/rest/api/3/issue/${issue.key}`, { as: ANALYST });
    expect(deleted.status).toBe(204);
    expect(deleted.text).toBe('');
    for (const path of [
      `/rest/api/3/issue/${issue.key}`,
      `/rest/api/3/issue/${issue.id}`,
      `/rest/api/3/issue/${issue.key}/transitions`,
    ]) {
      const response = await t.api('GET', path);
      expect(response.status).toBe(404);
      expect(response.body).toEqual({
        errorMessages: ['Issue does not exist or you do not have permission to see it.'],
        errors: {},
      });
    }
    expect((await t.api('DELETE', `/rest/api/3/issue/${issue.key}`)).status).toBe(404);
    expect((await t.api('DELETE', '/rest/api/3/issue/SUP-999')).status).toBe(404);
  });

  it('make a key in (...) search that names them a 400, and leave other searches once indexed', async () => {
    const kept = newIssue();
    const gone = newIssue();
    t.sandbox.store.searchLag.settle();
    t.sandbox.store.deleteIssue(gone.key, { silent: true });
    const lagging = await search('project = SUP');
    expect(lagging.body.issues.map((i: { key: string }) => i.key)).toContain(gone.key);
    t.sandbox.store.searchLag.settle();
    const named = await search(`key in (${kept.key}, ${gone.key})`);
    expect(named.status).toBe(400);
    expect(named.body).toEqual({
      errorMessages: [
        `Error in the JQL Query: An issue with key '${gone.key}' does not exist for field 'key'.`,
      ],
      errors: {},
    });
    const all = await search('project = SUP');
    expect(all.status).toBe(200);
    const keys = all.body.issues.map((i: { key: string }) => i.key);
    expect(keys).toContain(kept.key);
    expect(keys).not.toContain(gone.key);
  });

  it('never give their key to a new issue', () => {
    const issue = newIssue();
    t.sandbox.store.deleteIssue(issue.key, { silent: true });
    expect(newIssue().number).toBe(issue.number + 1);
  });

  it('can be deleted through POST /_sandbox/issues/{key}/delete, without auth', async () => {
    const issue = newIssue();
    const deleted = await t.api('POST', `/_sandbox/issues/${issue.key}/delete`, { as: null });
    expect(deleted.status).toBe(204);
    expect(t.sandbox.store.issue(issue.key)).toBeUndefined();
    const again = await t.api('POST', `/_sandbox/issues/${issue.key}/delete`, { as: null });
    expect(again.status).toBe(404);
  });
});
