import { describe, expect, it } from '@jest/globals';
import { isNotFoundError, isServerError } from 'jira.js';
import { TransitionUnavailableError } from '../../src/jira/index.ts';
import { FAKE_STATUS, FakeJira, jiraUnavailable } from './fake-jira.ts';

const NOW = Date.parse('2026-03-02T10:00:00-03:00');

function world() {
  const jira = new FakeJira({ now: () => NOW });
  jira.put({
    id: '1',
    key: 'SUP-1',
    projectKey: 'SUP',
    issueTypeId: '1',
    status: FAKE_STATUS.validation,
    statusChanges: [],
  });
  return jira;
}

// The fake stands in for Jira in the orchestrators' tests: it must refuse what Jira refuses.
describe('the in-memory Jira of the orchestrator tests', () => {
  it('refuses a transition from a status the issue has left, as Jira does', async () => {
    const jira = world();
    const seen = structuredClone(jira.issues.get('SUP-1')!);
    jira.move('SUP-1', FAKE_STATUS.analysts, { accountId: 'analyst' });
    await expect(jira.transitionTo(seen, { name: 'Fechado' })).rejects.toBeInstanceOf(
      TransitionUnavailableError,
    );
    expect(jira.issues.get('SUP-1')!.status).toEqual(FAKE_STATUS.analysts);
  });

  it('refuses a target no transition of the workflow leads to', async () => {
    const jira = world();
    await expect(
      jira.transitionTo(jira.issues.get('SUP-1')!, { name: 'Pendente Informação do cliente' }),
    ).rejects.toThrow('available: "Reabrir", "Fechar"');
  });

  it('records calls in order, and fails the call it was told to fail', async () => {
    const jira = world();
    jira.failNext('commentsSince', jiraUnavailable());
    expect(isServerError(await jira.commentsSince('SUP-1', 0).catch((e: unknown) => e))).toBe(true);
    await jira.addComment('SUP-1', 'Olá', { internal: true });
    expect(await jira.commentsSince('SUP-1', 0)).toHaveLength(1);
    expect(isNotFoundError(await jira.getIssue('SUP-9').catch((e: unknown) => e))).toBe(true);
    expect(jira.sequence()).toEqual([
      'commentsSince SUP-1',
      'addComment SUP-1 internal',
      'commentsSince SUP-1',
      'getIssue SUP-9',
    ]);
  });

  it('deletes a comment and records it; one not there is a 404, as in Jira', async () => {
    const jira = world();
    const posted = await jira.addComment('SUP-1', 'Olá');
    await jira.deleteComment('SUP-1', posted.id);
    expect(jira.comments.get('SUP-1')).toEqual([]);
    expect(
      isNotFoundError(await jira.deleteComment('SUP-1', posted.id).catch((e: unknown) => e)),
    ).toBe(true);
    expect(jira.sequence()).toEqual([
      'addComment SUP-1 public',
      `deleteComment SUP-1 ${posted.id}`,
      `deleteComment SUP-1 ${posted.id}`,
    ]);
  });

  it('does what another process does just before the next call of an operation, once', async () => {
    const jira = world();
    jira.beforeNext('commentsSince', () => jira.comment('SUP-1', { accountId: 'other' }));
    expect(await jira.commentsSince('SUP-1', 0)).toHaveLength(1);
    expect(await jira.commentsSince('SUP-1', 0)).toHaveLength(1);
  });

  it('answers only the JQL the sweep writes, and pages it', async () => {
    const jira = world();
    jira.pageSize = 1;
    jira.put({ ...jira.issues.get('SUP-1')!, id: '2', key: 'SUP-2' });
    const pages: string[][] = [];
    for await (const page of jira.searchIssues(
      'project = SUP AND status in (10003) ORDER BY key ASC',
    ))
      pages.push(page.map((i) => i.key));
    expect(pages).toEqual([['SUP-1'], ['SUP-2']]);
    await expect(jira.searchIssues('status = Fechado').next()).rejects.toThrow(
      'does not understand',
    );
  });
});
