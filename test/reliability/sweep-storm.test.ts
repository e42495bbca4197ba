/**
 * The nightly sweep closing 100 due issues while customers answer on some of them, through real
 * webhooks, with Jira at 200 ms; then one catch-up. Whatever the order in which the sweep, the
 * webhooks and the catch-up meet an issue, no rejection is lost and nothing is written twice.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, describe, expect, it } from '@jest/globals';
import {
  CUSTOMER,
  inValidationSince,
  markedComments,
  settle,
  startProxy,
  startSandbox,
  STATUS,
  statusOf,
  withSchedules,
  CONFIG,
  type JiraProxy,
  type ReliabilityWorld,
  type ServiceInstance,
} from './support.ts';

const DAY = 86_400_000;

let world: ReliabilityWorld | undefined;
let proxy: JiraProxy | undefined;
let instance: ServiceInstance | undefined;

afterEach(async () => {
  await instance?.stop();
  await proxy?.close();
  await world?.close();
  world = proxy = instance = undefined;
});

/** The issue keys a fresh read (a reconciled `key in (...)` search) names. */
function keysRead(body: Buffer): string[] {
  try {
    const { jql, reconcileIssues } = JSON.parse(body.toString()) as {
      jql?: string;
      reconcileIssues?: unknown;
    };
    if (!reconcileIssues || !jql) return [];
    return (
      /key in \(([^)]*)\)/
        .exec(jql)?.[1]
        ?.split(',')
        .map((k) => k.trim()) ?? []
    );
  } catch {
    return [];
  }
}

describe('the sweep with customers answering while it runs', () => {
  it('closes no issue the customer answered in its window, writes nothing twice, and leaves every answered issue with the analysts', async () => {
    // The real clock: the sweep, the comments and the catch-up each stamp their own moment.
    world = await startSandbox();
    const { sandbox } = world;
    proxy = await startProxy(world.jiraUrl);
    instance = await world.startService({
      jiraUrl: proxy.url,
      config: withSchedules(CONFIG, { maxWritesPerRun: 1000 }),
    });
    const resolvedAt = Date.now() - 20 * DAY;
    const due = inValidationSince(sandbox, 100, new Date(resolvedAt).toISOString());
    sandbox.faults.set({ latencyMs: 200 });

    // A customer answers while the issue is still in validation: a sixth of the issues at some
    // moment of the sweep, another sixth the moment the sweep's fresh read of it was answered (the
    // sweep is about to post its closing comment and close it).
    const answered = new Set<string>();
    const answer = (key: string) => {
      if (answered.has(key) || statusOf(sandbox, key) !== STATUS.validation) return;
      sandbox.store.addComment(key, { body: 'Ainda não funciona.' }, { by: CUSTOMER });
      answered.add(key);
    };
    const racing = new Set(due.filter((_, i) => i % 6 === 3));
    proxy.onForwarded = (request) => {
      for (const key of keysRead(request.body)) if (racing.has(key)) answer(key);
    };
    const sweep = instance.service.sweep('full');
    let running = true;
    void sweep.finally(() => (running = false));
    for (const key of due.filter((_, i) => i % 6 === 0)) {
      if (!running) break;
      answer(key);
      await sleep(120);
    }
    await sweep;
    await settle(sandbox, [instance.service]);
    sandbox.faults.set({ latencyMs: 200 });
    await instance.service.sweep('catch-up');
    await settle(sandbox, [instance.service]);

    expect(answered.size).toBeGreaterThan(10);
    for (const key of due) {
      const status = statusOf(sandbox, key);
      const view = {
        key,
        status,
        closing: markedComments(sandbox, key, 'closing').length,
        reopenNotes: markedComments(sandbox, key, 'reopen').length,
      };
      if (answered.has(key)) {
        expect(view).toEqual({
          key,
          status: STATUS.analysts,
          closing: expect.any(Number),
          reopenNotes: 1,
        });
        expect(view.closing).toBeLessThanOrEqual(1);
      } else {
        expect(view).toEqual({ key, status: STATUS.closed, closing: 1, reopenNotes: 0 });
      }
    }
    // About 15 s alone (100 issues through a 200 ms Jira); a loaded CI machine takes longer.
  }, 90_000);
});
