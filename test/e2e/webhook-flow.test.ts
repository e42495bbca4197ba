import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { eventually } from '../support/poll.ts';
import { startWorld, type World } from '../support/world.ts';
import { ANALYST, arrangeIssue, CUSTOMER, RECEPTION, STATUS, statusOf } from './world.ts';

let world: World;

beforeEach(async () => {
  world = await startWorld();
});

afterEach(async () => {
  await world.close();
});

function comment(key: string, by: string, text: string, internal = false) {
  world.sandbox.store.addComment(key, { body: text, internal }, { by });
}

function statusChangesTo(key: string, statusName: string): number {
  const target = world.sandbox.site.status(statusName).id;
  return world.sandbox.store
    .issue(key)!
    .histories.filter((h) => h.items.some((i) => i.field === 'status' && i.to === target)).length;
}

describe('the service against the sandbox Jira, through real signed webhooks', () => {
  it('a customer reply on a pending issue puts it back in the analyst queue, assigned to the analyst who asked', async () => {
    const key = arrangeIssue(world.sandbox, [
      { status: STATUS.analysts, at: '2026-03-02T09:00:00-03:00' },
      { status: STATUS.pending, at: '2026-03-02T10:00:00-03:00', by: ANALYST },
    ]);
    world.sandbox.store.assign(key, null, { silent: true });
    comment(key, CUSTOMER, 'Segue a foto do erro.');
    await world.sandbox.webhooks.idle();
    await world.service.webhooks.receiver.drain();
    expect(statusOf(world.sandbox, key)).toBe(STATUS.analysts);
    const analyst = world.sandbox.site.user(ANALYST)!;
    expect(world.sandbox.store.issue(key)!.assigneeId).toBe(analyst.accountId);
    const deliveries = world.sandbox.webhooks.deliveries();
    expect(
      deliveries.some((d) => d.event === 'comment_created' && d.attempts.at(-1)?.status === 200),
    ).toBe(true);
  });

  it('a customer comment during validation reopens the issue with an internal note', async () => {
    const key = arrangeIssue(world.sandbox, [
      { status: STATUS.analysts, at: '2026-03-02T09:00:00-03:00' },
      { status: STATUS.validation, at: '2026-03-03T10:00:00-03:00' },
    ]);
    comment(key, CUSTOMER, 'Continua sem funcionar.');
    await world.sandbox.webhooks.idle();
    await world.service.webhooks.receiver.drain();
    expect(statusOf(world.sandbox, key)).toBe(STATUS.analysts);
    const notes = world.sandbox.store
      .issue(key)!
      .comments.filter((c) => c.properties.has('sd.public.comment'));
    expect(notes).toHaveLength(1);
  });

  it('a reception account (atlassian) that reported the issue counts as the customer', async () => {
    const key = arrangeIssue(
      world.sandbox,
      [
        { status: STATUS.analysts, at: '2026-03-02T09:00:00-03:00' },
        { status: STATUS.pending, at: '2026-03-02T10:00:00-03:00' },
      ],
      RECEPTION,
    );
    comment(key, RECEPTION, 'O modelo é Zebra ZD220.');
    await world.sandbox.webhooks.idle();
    await world.service.webhooks.receiver.drain();
    expect(statusOf(world.sandbox, key)).toBe(STATUS.analysts);
  });

  it("the analyst's comment and a customer's internal note change nothing", async () => {
    const key = arrangeIssue(world.sandbox, [
      { status: STATUS.analysts, at: '2026-03-02T09:00:00-03:00' },
      { status: STATUS.pending, at: '2026-03-02T10:00:00-03:00' },
    ]);
    comment(key, ANALYST, 'Aguardando o cliente.');
    comment(key, CUSTOMER, 'nota interna', true);
    await world.sandbox.webhooks.idle();
    await world.service.webhooks.receiver.drain();
    expect(statusOf(world.sandbox, key)).toBe(STATUS.pending);
  });

  it('a delivery that first fails with a Jira 503 succeeds on the retry without acting twice', async () => {
    const key = arrangeIssue(world.sandbox, [
      { status: STATUS.analysts, at: '2026-03-02T09:00:00-03:00' },
      { status: STATUS.validation, at: '2026-03-03T10:00:00-03:00' },
    ]);
    // Every REST call fails until the first delivery has been answered 503.
    world.sandbox.faults.set({ errorRate: 1, seed: 7 });
    comment(key, CUSTOMER, 'Não resolveu.');
    const first = await eventually(
      () =>
        world.sandbox.webhooks
          .deliveries()
          .find((d) => d.event === 'comment_created' && d.attempts[0]?.status !== undefined),
      { what: 'the first comment_created delivery to be answered' },
    );
    expect(first.attempts[0]!.status).toBe(503);
    world.sandbox.faults.set({});
    await world.sandbox.webhooks.idle();
    await world.service.webhooks.receiver.drain();

    const record = world.sandbox.webhooks.deliveries().find((d) => d.event === 'comment_created')!;
    expect(record.attempts.map((a) => a.status)).toEqual([503, 200]);
    expect(statusOf(world.sandbox, key)).toBe(STATUS.analysts);
    expect(statusChangesTo(key, STATUS.analysts)).toBe(2); // the first start, and this reopen
    const notes = world.sandbox.store
      .issue(key)!
      .comments.filter((c) => c.properties.has('sd.public.comment'));
    expect(notes).toHaveLength(1);
  });
});
