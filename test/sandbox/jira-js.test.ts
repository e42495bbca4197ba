import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createCloudClient, isApiError, type CloudClient } from 'jira.js';
import { ISSUE_FIELDS } from '../../src/jira/mapping.ts';
import {
  adf,
  ANALYST,
  BOT,
  CUSTOMER,
  PRIVATE_CUSTOMER,
  startSandbox,
  type TestSandbox,
} from './helpers.ts';

/**
 * jira.js 6 (the client the gateway uses) validates every answer against its own schemas. With
 * `onSchemaMismatch: 'throw'`, these calls fail if the sandbox drifts from what Jira sends.
 */
describe('jira.js 6 against the sandbox', () => {
  let t: TestSandbox;
  let jira: CloudClient;
  beforeAll(async () => {
    t = await startSandbox({ demoIssues: true });
    jira = createCloudClient({
      host: t.url,
      auth: { type: 'basic', email: BOT, apiToken: 'sandbox' },
      onSchemaMismatch: 'throw',
    });
  });
  afterAll(() => t.close());

  it('reads the current user, groups and project statuses', async () => {
    expect((await jira.myself.getCurrentUser()).emailAddress).toBe(BOT);
    const analyst = t.sandbox.site.user(ANALYST).accountId;
    const groups = await jira.users.getUserGroups({ accountId: analyst });
    expect(groups.map((g) => g.name)).toContain('suporte');
    const statuses = await jira.projects.getAllStatuses({ projectIdOrKey: 'SUP' });
    expect(statuses[0]!.statuses).toHaveLength(5);
  });

  it('reads a user record, a private profile without its email', async () => {
    const hidden = t.sandbox.site.user(PRIVATE_CUSTOMER);
    const user = await jira.users.getUser({ accountId: hidden.accountId });
    expect(user).toMatchObject({ accountId: hidden.accountId, accountType: 'customer' });
    expect(user.emailAddress).toBeUndefined();
    const error = await jira.users.getUser({ accountId: 'nobody' }).catch((e: unknown) => e);
    expect(isApiError(error) && error.status).toBe(404);
  });

  it('searches with the enhanced search, fields and changelog', async () => {
    const page = await jira.issueSearch.searchAndReconsileIssuesUsingJql({
      jql: 'project = SUP AND status = "Tarefa Resolvida – Aguardando Validação do cliente" ORDER BY key ASC',
      fields: ISSUE_FIELDS,
      expand: 'changelog',
      maxResults: 100,
    });
    expect(page.issues?.map((issue) => issue.key)).toEqual(['SUP-2', 'SUP-3']);
    expect(page.isLast).toBe(true);
    const ids = await jira.issueSearch.searchAndReconsileIssuesUsingJql({ jql: 'project = SUP' });
    expect(ids.issues?.map((issue) => issue.id)).toHaveLength(5);
  });

  it('reads an issue, its changelog, transitions and comments', async () => {
    const issue = await jira.issues.getIssue({ issueIdOrKey: 'SUP-1', expand: 'changelog' });
    expect(issue.fields?.status?.name).toBe('Pendente Informação do cliente');
    const changelog = await jira.issues.getChangeLogs({ issueIdOrKey: 'SUP-1', maxResults: 100 });
    expect(changelog.values).toHaveLength(2);
    const transitions = await jira.issues.getTransitions({ issueIdOrKey: 'SUP-1' });
    expect(transitions.transitions?.map((tr) => tr.name)).toContain('Retomar atendimento');
    const comments = await jira.issueComments.getComments({
      issueIdOrKey: 'SUP-1',
      orderBy: '-created',
      expand: 'properties',
    });
    expect(comments.total).toBe(1);
  });

  it('creates, comments, transitions, assigns and keeps properties', async () => {
    const created = await jira.issues.createIssue({
      fields: { project: { key: 'SUP' }, issuetype: { name: 'Chamado' }, summary: 'Via jira.js' },
    });
    const key = created.key!;
    const comment = await jira.issueComments.addComment({
      issueIdOrKey: key,
      body: adf('Nota interna'),
      properties: [{ key: 'sd.public.comment', value: { internal: true } }],
    });
    expect(comment.jsdPublic).toBe(false);
    await jira.issues.doTransition({ issueIdOrKey: key, transition: { id: '11' } });
    await jira.issues.assignIssue({
      issueIdOrKey: key,
      accountId: t.sandbox.site.user(ANALYST).accountId,
    });
    await jira.issueProperties.setIssueProperty({
      issueIdOrKey: key,
      propertyKey: 'support.reminder',
      body: { cycle: 1 },
    });
    const property = await jira.issueProperties.getIssueProperty({
      issueIdOrKey: key,
      propertyKey: 'support.reminder',
    });
    expect(property.value).toEqual({ cycle: 1 });
    await jira.issueProperties.deleteIssueProperty({
      issueIdOrKey: key,
      propertyKey: 'support.reminder',
    });
    const issue = await jira.issues.getIssue({ issueIdOrKey: key, fields: ['status', 'assignee'] });
    expect(issue.fields?.status?.name).toBe('Em Atendimento');
    expect(issue.fields?.assignee?.displayName).toBe('Ana Analista');
  });

  it('sees an unavailable transition as a 400 ApiError', async () => {
    const error = await jira.issues
      .doTransition({ issueIdOrKey: 'SUP-4', transition: { id: '61' } })
      .catch((caught: unknown) => caught);
    expect(isApiError(error) && error.status).toBe(400);
  });

  it('sees a customer comment the way the service will read it', async () => {
    const customer = createCloudClient({
      host: t.url,
      auth: { type: 'basic', email: CUSTOMER, apiToken: 'sandbox' },
      onSchemaMismatch: 'throw',
    });
    const comment = await customer.issueComments.addComment({
      issueIdOrKey: 'SUP-1',
      body: adf('Segue a foto.'),
    });
    expect(comment.author?.accountType).toBe('customer');
    expect(comment.jsdPublic).toBe(true);
  });
});
