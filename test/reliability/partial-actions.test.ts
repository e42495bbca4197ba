/**
 * Decisions with more than one write, interrupted after the first write (found by faults.test.ts,
 * made deterministic here with a proxy that fails one chosen call).
 *
 * Closing is safe: the closing comment goes first and carries a marker, so a rerun only transitions
 * (restarts.test.ts). The two other multi-write decisions used to transition first: a failure after
 * the transition was answered 503, and Jira's redelivery found the issue no longer pending (or in
 * validation) and did nothing, so the rest of the decision was lost. Now the assignment and the
 * (marked) reopen note come first, and the transition last.
 */
import { afterEach, describe, expect, it } from '@jest/globals';
import {
  ANALYST,
  arrangeIssue,
  CUSTOMER,
  internalNotes,
  issueKeyOf,
  settle,
  startProxy,
  startSandbox,
  startService,
  STATUS,
  statusOf,
  type JiraProxy,
  type ReliabilityWorld,
  type ServiceInstance,
} from './support.ts';

const NIGHT_MS = Date.parse('2026-03-20T02:00:00-03:00');

let world: ReliabilityWorld | undefined;
let proxy: JiraProxy | undefined;
let instance: ServiceInstance | undefined;

afterEach(async () => {
  await instance?.stop();
  await proxy?.close();
  await world?.close();
  world = proxy = instance = undefined;
});

async function setup() {
  world = await startSandbox({ now: NIGHT_MS });
  proxy = await startProxy(world.jiraUrl);
  instance = await startService(proxy.url);
  return { sandbox: world.sandbox, proxy, instance };
}

/** Fails the first `times` requests matching `method` and `suffix` for `key` with a Jira 500. */
function failFirst(target: JiraProxy, method: string, key: string, suffix: string, times: number) {
  let failed = 0;
  target.onRequest = (request) => {
    const path = request.url.split('?')[0]!;
    if (
      failed < times &&
      request.method === method &&
      issueKeyOf(path) === key &&
      path.endsWith(suffix)
    ) {
      failed++;
      return { status: 500, body: { errorMessages: ['Internal server error.'], errors: {} } };
    }
    return 'forward';
  };
  return () => failed;
}

describe('a decision interrupted after its first write is completed by the retry', () => {
  it('a customer reply whose assignment fails after the transition still ends assigned to the analyst who asked', async () => {
    const { sandbox, proxy, instance } = await setup();
    const key = arrangeIssue(sandbox, [
      { status: STATUS.analysts, at: '2026-03-09T09:00:00-03:00' },
      { status: STATUS.pending, at: '2026-03-10T10:00:00-03:00', by: ANALYST },
    ]);
    sandbox.store.assign(key, null, { silent: true });
    // Every attempt of the first delivery's assignment fails (the transport tries 3 times).
    const failures = failFirst(proxy, 'PUT', key, '/assignee', 3);
    sandbox.store.addComment(key, { body: 'Segue o print.' }, { by: CUSTOMER });
    await settle(sandbox, [instance.service]);
    await instance.service.sweep('full', { nowMs: NIGHT_MS });

    expect(failures()).toBe(3);
    const delivery = sandbox.webhooks.deliveries().find((d) => d.event === 'comment_created')!;
    // Answered 503, redelivered and answered 200 (the retry still finds it pending, so it assigns and moves).
    expect(delivery.attempts.map((a) => a.status)).toEqual([503, 200]);
    expect(statusOf(sandbox, key)).toBe(STATUS.analysts);
    expect(sandbox.store.issue(key)!.assigneeId).toBe(sandbox.site.user(ANALYST)!.accountId);
  });

  it('a customer rejection whose internal note fails after the reopen still gets its note', async () => {
    const { sandbox, proxy, instance } = await setup();
    const key = arrangeIssue(sandbox, [
      { status: STATUS.analysts, at: '2026-03-02T09:00:00-03:00' },
      { status: STATUS.validation, at: '2026-03-03T10:00:00-03:00' },
    ]);
    // The note is a POST: not resent by the transport, so one failure fails the delivery.
    const failures = failFirst(proxy, 'POST', key, '/comment', 1);
    sandbox.store.addComment(key, { body: 'Continua sem funcionar.' }, { by: CUSTOMER });
    await settle(sandbox, [instance.service]);
    await instance.service.sweep('full', { nowMs: NIGHT_MS });

    expect(failures()).toBe(1);
    const delivery = sandbox.webhooks.deliveries().find((d) => d.event === 'comment_created')!;
    expect(delivery.attempts.map((a) => a.status)).toEqual([503, 200]);
    expect(statusOf(sandbox, key)).toBe(STATUS.analysts);
    expect(internalNotes(sandbox, key)).toHaveLength(1);
  });
});
