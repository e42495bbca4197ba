/**
 * Who wrote a comment and who can read it, as Jira tells it and the service judges it: a customer
 * whose profile is private (comment webhooks omit her accountType) still counts as the customer,
 * and a comment restricted to a role (which Jira still reports as `jsdPublic: true`) never does.
 * Against the sandbox over real HTTP, through signed webhooks and the catch-up sweep.
 */
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import type { Visibility } from '../../src/sandbox/model.ts';
import { settle } from '../reliability/support.ts';
import { startWorld, type World } from '../support/world.ts';
import { ANALYST, arrangeIssue, CUSTOMER, PRIVATE_CUSTOMER, STATUS, statusOf } from './world.ts';

const ASKED = '2026-03-02T10:00:00-03:00';
/** 15 minutes after the comments below: inside the catch-up's 60-minute look-back */
const CATCH_UP = Date.parse('2026-03-02T11:15:00-03:00');
const ROLE: Visibility = { type: 'role', value: 'Service Desk Team' };

let world: World;

beforeEach(async () => {
  world = await startWorld({ sandbox: { now: '2026-03-02T11:00:00-03:00' } });
});

afterEach(async () => {
  await world.close();
});

/** A pending issue, asked of the customer at ASKED; `reporter` reported it. */
function pendingIssue(reporter: string): string {
  return arrangeIssue(
    world.sandbox,
    [
      { status: STATUS.analysts, at: '2026-03-02T09:00:00-03:00' },
      { status: STATUS.pending, at: ASKED, by: ANALYST },
    ],
    reporter,
  );
}

async function delivered(): Promise<void> {
  await world.sandbox.webhooks.idle();
  await world.service.webhooks.receiver.drain();
}

/** The comment_created bodies the sandbox posted about `key`, as the service received them. */
function commentDeliveries(key: string) {
  return world.sandbox.webhooks
    .deliveries()
    .filter((d) => d.event === 'comment_created' && d.issueKey === key)
    .map((d) => ({
      status: d.attempts.at(-1)?.status,
      comment: JSON.parse(d.body).comment as Record<string, unknown>,
    }));
}

describe('a customer whose profile is private', () => {
  it('replies on a pending issue: the webhook has no accountType, the service reads the comment back and sends the issue to the analysts', async () => {
    // Opened by the analyst on the clinic's behalf: only her accountType makes her the customer.
    const key = pendingIssue(ANALYST);
    world.sandbox.stats.reset();
    world.sandbox.store.addComment(
      key,
      { body: 'A validade é 01/03/2026.' },
      { by: PRIVATE_CUSTOMER },
    );
    await delivered();

    const [delivery, ...more] = commentDeliveries(key);
    expect(more).toEqual([]);
    expect(delivery!.status).toBe(200);
    expect(delivery!.comment.author).toMatchObject({ displayName: 'Clínica Vida Nova' });
    expect(delivery!.comment.author).not.toHaveProperty('accountType');
    expect(delivery!.comment.author).not.toHaveProperty('emailAddress');
    // The REST read answers with her accountType, so GET /user is not needed.
    expect(world.sandbox.stats.calls('getComment')).toBe(1);
    expect(world.sandbox.stats.calls('getUser')).toBe(0);
    expect(statusOf(world.sandbox, key)).toBe(STATUS.analysts);
    expect(world.sandbox.store.issue(key)!.assigneeId).toBe(
      world.sandbox.site.user(ANALYST).accountId,
    );
  });

  it("is a customer in the user record the service's gateway reads (GET /user), which knows no stranger", async () => {
    const { gateway } = world.service.jira;
    const hidden = world.sandbox.site.user(PRIVATE_CUSTOMER);
    expect(await gateway.getUser(hidden.accountId)).toMatchObject({
      accountId: hidden.accountId,
      accountType: 'customer',
    });
    expect(await gateway.getUser('qm:00000000-0000-0000-0000-000000000000')).toBeUndefined();
  });
});

describe('a comment restricted to a role', () => {
  it('by the customer who reported a pending issue, sent with jsdPublic true, leaves the issue waiting on her', async () => {
    const key = pendingIssue(CUSTOMER);
    world.sandbox.store.addComment(
      key,
      { body: 'Respondi por telefone.', visibility: ROLE },
      { by: CUSTOMER },
    );
    await delivered();

    const [delivery] = commentDeliveries(key);
    expect(delivery!.status).toBe(200);
    expect(delivery!.comment).toMatchObject({ jsdPublic: true, visibility: ROLE });
    expect(statusOf(world.sandbox, key)).toBe(STATUS.pending);
    expect(world.sandbox.store.issue(key)!.comments).toHaveLength(1);
  });

  it('read back by the catch-up after a lost webhook moves nothing, while a lost public reply from the private profile moves its issue', async () => {
    const restricted = pendingIssue(CUSTOMER);
    const answered = pendingIssue(ANALYST);
    const at = Date.parse('2026-03-02T11:00:00-03:00');
    world.sandbox.store.addComment(
      restricted,
      { body: 'Respondi por telefone.', visibility: ROLE },
      { by: CUSTOMER, at, silent: true },
    );
    world.sandbox.store.addComment(
      answered,
      { body: 'A validade é 01/03/2026.' },
      { by: PRIVATE_CUSTOMER, at, silent: true },
    );
    world.sandbox.clock.set(CATCH_UP);

    const report = await world.service.sweep('catch-up', { nowMs: CATCH_UP });
    await settle(world.sandbox, [world.service]);

    expect(statusOf(world.sandbox, restricted)).toBe(STATUS.pending);
    expect(statusOf(world.sandbox, answered)).toBe(STATUS.analysts);
    expect(report.plan).toEqual([expect.objectContaining({ issue: answered, status: 'pending' })]);
  });
});
