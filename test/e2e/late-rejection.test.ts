/**
 * The race between the nightly sweep's close and a customer's answer, against the sandbox over
 * real HTTP: the sweep reads the issue (no customer comment), the customer comments, the sweep
 * posts its closing comment and closes. Whichever path then sees the comment reopens the issue,
 * with one reopen note and the resolution cleared: (a) the comment's webhook, arriving after the
 * close; (b) when that webhook is lost, the catch-up sweep.
 */
import { afterEach, describe, expect, it } from '@jest/globals';
import { MARKER_PROPERTY } from '../../src/rules/index.ts';
import {
  desiredWebhook,
  loadWebhookDefinition,
  registerWebhook,
} from '../../src/service/webhook-registration.ts';
import { settle, startProxy, type JiraProxy, type ProxyVerdict } from '../reliability/support.ts';
import { BOT, CONFIG, SECRET, startWorld, type World } from '../support/world.ts';
import { arrangeIssue, CUSTOMER, resolutionOf, STATUS, statusOf } from './world.ts';

/** The night the issue resolved on 2026-03-02 is due (its window closed at 00:00). */
const NIGHT = Date.parse('2026-03-10T02:00:00-03:00');
const CATCH_UP = NIGHT + 15 * 60_000;

let world: World | undefined;
let proxy: JiraProxy | undefined;

afterEach(async () => {
  await world?.close();
  await proxy?.close();
  world = proxy = undefined;
});

function dueIssue(w: World): string {
  return arrangeIssue(w.sandbox, [
    { status: STATUS.analysts, at: '2026-02-27T09:00:00-03:00' },
    { status: STATUS.validation, at: '2026-03-02T10:00:00-03:00', resolution: 'Resolvido' },
  ]);
}

/**
 * The customer answers on `key` at the moment the sweep posts its closing comment: after the
 * sweep's last read of the issue, before its close (`silent`: the webhook is lost).
 */
function customerAnswersAsTheSweepCloses(w: World, key: string, silent: boolean): void {
  let answered = false;
  const bot = w.sandbox.site.user(BOT)!.accountId;
  w.sandbox.store.onEvent((event) => {
    if (answered || event.kind !== 'comment_created' || event.issue.key !== key) return;
    if (event.actor.accountId !== bot) return;
    answered = true;
    w.sandbox.store.addComment(key, { body: 'Ainda não funciona.' }, { by: CUSTOMER, silent });
  });
}

function markedComments(w: World, key: string, kind: string) {
  return w.sandbox.store
    .issue(key)!
    .comments.filter(
      (c) => (c.properties.get(MARKER_PROPERTY) as { kind?: string } | undefined)?.kind === kind,
    )
    .map((c) => c.properties.get(MARKER_PROPERTY) as { kind: string; cycle: string });
}

/** Reopened once, back with the analysts, resolution cleared; the note names the closed cycle. */
function expectReopenedOnce(w: World, key: string): void {
  expect(statusOf(w.sandbox, key)).toBe(STATUS.analysts);
  expect(resolutionOf(w.sandbox, key)).toBeNull();
  const [closing, ...moreClosing] = markedComments(w, key, 'closing');
  expect(moreClosing).toEqual([]);
  expect(markedComments(w, key, 'reopen')).toEqual([{ kind: 'reopen', cycle: closing!.cycle }]);
}

describe('a customer comment made between the sweep reading the issue and closing it', () => {
  it('(a) its webhook, arriving after the close, reopens the issue', async () => {
    world = await startWorld({ sandbox: { now: NIGHT }, service: { register: false } });
    const w = world;
    // Jira's deliveries reach the service through a proxy that holds the customer's comment
    // webhook until the sweep is done: a late delivery, made deterministic.
    proxy = await startProxy(w.serviceUrl);
    await registerWebhook(
      w.service.jira.gateway,
      desiredWebhook(loadWebhookDefinition(), proxy.url, CONFIG, SECRET),
    );
    const customer = w.sandbox.site.user(CUSTOMER)!.accountId;
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    proxy.onRequest = async (request): Promise<ProxyVerdict> => {
      const body = JSON.parse(request.body.toString() || '{}');
      if (body.webhookEvent === 'comment_created' && body.comment?.author?.accountId === customer)
        await released;
      return 'forward';
    };
    const key = dueIssue(w);
    customerAnswersAsTheSweepCloses(w, key, false);

    const report = await w.service.sweep('full', { nowMs: NIGHT });
    expect(report.issues).toEqual({ closed: [key] });
    expect(statusOf(w.sandbox, key)).toBe(STATUS.closed);
    expect(resolutionOf(w.sandbox, key)).toBe('Resolvido');

    release();
    await settle(w.sandbox, [w.service]);

    expectReopenedOnce(w, key);
    const delivery = w.sandbox.webhooks
      .deliveries()
      .find((d) => d.event === 'comment_created' && d.body.includes(customer))!;
    // The payload says where the comment was made: in validation, not where the issue is now.
    expect(JSON.parse(delivery.body).issue.fields.status.name).toBe(STATUS.validation);
    expect(delivery.attempts.map((a) => a.status)).toEqual([200]);
  });

  it('(b) when that webhook is lost, the catch-up sweep reopens the issue; a comment made after the close leaves its issue closed', async () => {
    world = await startWorld({ sandbox: { now: NIGHT } });
    const w = world;
    const key = dueIssue(w);
    const commentedLater = dueIssue(w);
    customerAnswersAsTheSweepCloses(w, key, true);

    const night = await w.service.sweep('full', { nowMs: NIGHT });
    expect(night.counts.closed).toBe(2);
    // A customer's comment on a closed issue, after the close, is not a rejection.
    w.sandbox.store.addComment(
      commentedLater,
      { body: 'Obrigado!' },
      { by: CUSTOMER, at: NIGHT + 5 * 60_000, silent: true },
    );
    w.sandbox.clock.set(CATCH_UP);

    const catchUp = await w.service.sweep('catch-up', { nowMs: CATCH_UP });
    await settle(w.sandbox, [w.service]);

    expect(catchUp.issues).toEqual({ reopened: [key], 'no-action': [commentedLater] });
    expect(catchUp.plan).toEqual([
      expect.objectContaining({ issue: key, status: 'closed', outcome: 'reopened' }),
    ]);
    expectReopenedOnce(w, key);
    expect(statusOf(w.sandbox, commentedLater)).toBe(STATUS.closed);
    expect(markedComments(w, commentedLater, 'reopen')).toEqual([]);
  });
});
