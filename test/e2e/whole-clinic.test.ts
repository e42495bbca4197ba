/**
 * The whole clinic is the customer: a request participant (an ordinary Atlassian account) answers
 * for it, by webhook and by the sweep; an e-mail sender Jira flags `jsdAuthorCanSeeRequest: false`
 * does not. Against the sandbox over real HTTP.
 */
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { settle } from '../reliability/support.ts';
import { startWorld, type World } from '../support/world.ts';
import { ANALYST, arrangeIssue, CUSTOMER, PRIVATE_CUSTOMER, STATUS, statusOf } from './world.ts';

/** The second person at Clínica Exemplo: accountType atlassian, not the reporter. */
const COLLEAGUE = 'marta@cliente.example';
const REPLIED = Date.parse('2026-03-02T11:00:00-03:00');
/** 15 minutes after the replies: inside the catch-up's 60-minute look-back */
const CATCH_UP = Date.parse('2026-03-02T11:15:00-03:00');

let world: World;

beforeEach(async () => {
  world = await startWorld({ sandbox: { now: '2026-03-02T11:00:00-03:00' } });
});

afterEach(async () => {
  await world.close();
});

/** An issue of the clinic's reporter walked to `status`, COLLEAGUE added as a participant. */
function clinicIssue(status: string): string {
  const key = arrangeIssue(world.sandbox, [
    { status: STATUS.analysts, at: '2026-03-02T09:00:00-03:00' },
    { status, at: '2026-03-02T10:00:00-03:00', by: ANALYST },
  ]);
  world.sandbox.store.addParticipants(key, [world.sandbox.site.user(COLLEAGUE).accountId]);
  return key;
}

function reply(key: string, by: string, options: { viaEmail?: boolean; silent?: boolean } = {}) {
  world.sandbox.store.addComment(
    key,
    { body: 'Segue o print.', ...(options.viaEmail ? { viaEmail: true } : {}) },
    { by, at: REPLIED, ...(options.silent ? { silent: true } : {}) },
  );
}

describe('a request participant answers for the clinic', () => {
  it('by webhook: moves a pending issue to the analysts and reopens a validation issue', async () => {
    const pending = clinicIssue(STATUS.pending);
    const validation = clinicIssue(STATUS.validation);
    reply(pending, COLLEAGUE);
    reply(validation, COLLEAGUE);
    await settle(world.sandbox, [world.service]);

    const delivery = world.sandbox.webhooks
      .deliveries()
      .find((d) => d.event === 'comment_created' && d.issueKey === pending);
    expect(JSON.parse(delivery!.body).comment.author.accountType).toBe('atlassian');
    expect(statusOf(world.sandbox, pending)).toBe(STATUS.analysts);
    expect(statusOf(world.sandbox, validation)).toBe(STATUS.analysts);
  });

  it('by the catch-up sweep, when the webhooks were lost', async () => {
    const pending = clinicIssue(STATUS.pending);
    const validation = clinicIssue(STATUS.validation);
    reply(pending, COLLEAGUE, { silent: true });
    reply(validation, COLLEAGUE, { silent: true });
    world.sandbox.clock.set(CATCH_UP);

    await world.service.sweep('catch-up', { nowMs: CATCH_UP });
    await settle(world.sandbox, [world.service]);

    expect(statusOf(world.sandbox, pending)).toBe(STATUS.analysts);
    expect(statusOf(world.sandbox, validation)).toBe(STATUS.analysts);
  });

  it('by the full sweep too', async () => {
    const pending = clinicIssue(STATUS.pending);
    const validation = clinicIssue(STATUS.validation);
    reply(pending, COLLEAGUE, { silent: true });
    reply(validation, COLLEAGUE, { silent: true });
    world.sandbox.clock.set(CATCH_UP);

    await world.service.sweep('full', { nowMs: CATCH_UP });
    await settle(world.sandbox, [world.service]);

    expect(statusOf(world.sandbox, pending)).toBe(STATUS.analysts);
    expect(statusOf(world.sandbox, validation)).toBe(STATUS.analysts);
  });
});

describe('a member of the organization the request is shared with', () => {
  it('answers for the clinic by webhook, without being a participant', async () => {
    const { store } = world.sandbox;
    const issue = store.createIssue(
      { summary: 'Laudo não imprime', reporter: CUSTOMER, organizations: ['Clínica Exemplo'] },
      { by: CUSTOMER, at: Date.parse('2026-03-02T08:00:00-03:00'), silent: true },
    );
    for (const [status, at] of [
      [STATUS.analysts, '2026-03-02T09:00:00-03:00'],
      [STATUS.pending, '2026-03-02T10:00:00-03:00'],
    ] as const) {
      store.moveToStatus(issue.key, status, { by: ANALYST, at: Date.parse(at), silent: true });
    }
    expect(issue.participantIds).toEqual([]);
    reply(issue.key, COLLEAGUE);
    await settle(world.sandbox, [world.service]);
    expect(statusOf(world.sandbox, issue.key)).toBe(STATUS.analysts);
  });
});

describe('an e-mail sender who is not part of the request (jsdAuthorCanSeeRequest: false)', () => {
  it('moves nothing, by webhook or by sweep, although Jira made them a portal customer', async () => {
    const byWebhook = clinicIssue(STATUS.pending);
    const bySweep = clinicIssue(STATUS.validation);
    reply(byWebhook, PRIVATE_CUSTOMER, { viaEmail: true });
    reply(bySweep, PRIVATE_CUSTOMER, { viaEmail: true, silent: true });
    await settle(world.sandbox, [world.service]);
    world.sandbox.clock.set(CATCH_UP);
    await world.service.sweep('catch-up', { nowMs: CATCH_UP });
    await world.service.sweep('full', { nowMs: CATCH_UP });
    await settle(world.sandbox, [world.service]);

    expect(statusOf(world.sandbox, byWebhook)).toBe(STATUS.pending);
    expect(statusOf(world.sandbox, bySweep)).toBe(STATUS.validation);
  });

  it('while the clinic itself, e-mailing in, still counts', async () => {
    const key = clinicIssue(STATUS.pending);
    reply(key, CUSTOMER, { viaEmail: true });
    await settle(world.sandbox, [world.service]);
    expect(statusOf(world.sandbox, key)).toBe(STATUS.analysts);
  });
});
