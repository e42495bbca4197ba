/**
 * What a delivery may touch (issue 13, items 3 and 4), end to end: the service against the sandbox
 * with a second project, OPS, that the projects file does not map. A body signed with the webhook
 * secret, or carrying Automation's shared token, that names an issue outside its own configured
 * project, or a key that is no Jira key, is answered 400 without a single Jira call.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import request from 'supertest';
import { signBody, WEBHOOK_PATH } from '../../src/webhooks/index.ts';
import { startWorld, type World } from '../support/world.ts';
import { ANALYST, arrangeIssue, CUSTOMER, SECRET, STATUS, statusOf } from './world.ts';
import { seedWithOpsProject } from '../support/seeds.ts';

const SHARED_TOKEN = 'automation-shared-token-7d2c';

let world: World;
/** OPS-1, waiting on the customer: a customer reply about it would move it, if one got through. */
let opsIssue: string;
/** SUP-1, likewise, in the configured project. */
let supIssue: string;

beforeAll(async () => {
  world = await startWorld({
    sandbox: { seed: seedWithOpsProject() },
    service: { env: { WEBHOOK_SHARED_TOKEN: SHARED_TOKEN } },
  });
  const { store } = world.sandbox;
  supIssue = arrangeIssue(world.sandbox, [
    { status: STATUS.analysts, at: '2026-03-02T09:00:00-03:00' },
    { status: STATUS.pending, at: '2026-03-02T10:00:00-03:00' },
  ]);
  const ops = store.createIssue(
    { project: 'OPS', summary: 'Servidor fora do ar', reporter: CUSTOMER, assignee: ANALYST },
    { by: CUSTOMER, at: Date.parse('2026-03-02T08:00:00-03:00'), silent: true },
  );
  for (const [status, at] of [
    [STATUS.analysts, '2026-03-02T09:00:00-03:00'],
    [STATUS.pending, '2026-03-02T10:00:00-03:00'],
  ] as const) {
    store.moveToStatus(ops.key, status, { by: ANALYST, at: Date.parse(at), silent: true });
  }
  opsIssue = ops.key;
});

afterAll(async () => {
  await world.close();
});

beforeEach(() => {
  world.sandbox.stats.reset();
});

/** A customer's reply, as Jira sends comment_created, naming `key` in project `projectKey`. */
function replyBody(key: string, projectKey: string, issueId: string) {
  const customer = world.sandbox.site.user(CUSTOMER)!;
  return JSON.stringify({
    timestamp: Date.parse('2026-03-03T09:00:00-03:00'),
    webhookEvent: 'comment_created',
    comment: {
      id: '10500',
      author: { accountId: customer.accountId, displayName: 'Clínica', accountType: 'customer' },
      body: 'Segue a foto do erro.',
      created: '2026-03-03T09:00:00.000-0300',
      jsdPublic: true,
    },
    issue: {
      id: issueId,
      key,
      fields: {
        project: { id: '10000', key: projectKey },
        status: { id: world.sandbox.site.status(STATUS.pending).id, name: STATUS.pending },
      },
    },
  });
}

function post(raw: string, auth: 'signature' | 'token') {
  return request(world.serviceUrl)
    .post(WEBHOOK_PATH)
    .set('content-type', 'application/json')
    .set(
      auth === 'signature'
        ? { 'x-hub-signature': signBody(raw, SECRET) }
        : { 'x-automation-token': SHARED_TOKEN },
    )
    .send(raw);
}

describe('a delivery acts only on an issue of its own configured project', () => {
  it.each(['signature', 'token'] as const)(
    'project SUP with the key OPS-1 (%s): 400, no Jira call, OPS-1 stays pending',
    async (auth) => {
      const ops = world.sandbox.store.issue(opsIssue)!;
      const answer = await post(replyBody(opsIssue, 'SUP', ops.id), auth);
      expect(answer.status).toBe(400);
      expect(answer.body).toEqual({
        error: `invalid comment_created payload: issue.key: names an issue of project OPS, not of the payload's project`,
      });
      expect(world.sandbox.stats.snapshot().total).toBe(0);
      expect(statusOf(world.sandbox, opsIssue)).toBe(STATUS.pending);
      expect(world.log.find('webhook delivery').at(-1)).toEqual(
        expect.objectContaining({
          status: 400,
          outcome: 'invalid-payload',
          reason: `issue.key: names an issue of project OPS, not of the payload's project`,
        }),
      );
    },
  );

  it('project OPS with its own key: screened out (204) as unconfigured, no Jira call', async () => {
    const ops = world.sandbox.store.issue(opsIssue)!;
    const answer = await post(replyBody(opsIssue, 'OPS', ops.id), 'token');
    expect(answer.status).toBe(204);
    expect(world.sandbox.stats.snapshot().total).toBe(0);
    expect(statusOf(world.sandbox, opsIssue)).toBe(STATUS.pending);
  });

  it('the same reply about SUP-1 still goes through (the check costs a real delivery nothing)', async () => {
    const sup = world.sandbox.store.issue(supIssue)!;
    const answer = await post(replyBody(supIssue, 'SUP', sup.id), 'token');
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual(expect.objectContaining({ outcome: 'acted' }));
    expect(statusOf(world.sandbox, supIssue)).toBe(STATUS.analysts);
    await world.sandbox.webhooks.idle();
    await world.service.webhooks.receiver.drain();
  });
});

describe('an issue key never becomes another URL', () => {
  it.each([
    'SUP-1/../../myself',
    'SUP-1/../../../rest/api/3/project',
    '..',
    'SUP-1?fields=*all',
    'SUP-1#x',
    'SUP-1%2F..%2Fmyself',
    'SUP-1 ',
    'sup-1',
    'SUP-01',
    '10001',
  ])('the key %j (signed): 400, no Jira call at all', async (key) => {
    const answer = await post(replyBody(key, 'SUP', '10000'), 'signature');
    expect(answer.status).toBe(400);
    expect(answer.body).toEqual({
      error: 'invalid comment_created payload: issue.key: expected a Jira issue key such as SUP-12',
    });
    expect(world.sandbox.stats.snapshot()).toEqual(expect.objectContaining({ total: 0 }));
  });
});
