/**
 * Restarts: the service stops (or dies) in the middle of the nightly sweep and a new instance
 * sweeps again against the same Jira. Jira is the only state, so the new instance must reach the
 * same final result: every due issue closed once, one closing comment each, and an issue whose
 * closing comment was posted before the crash only transitioned.
 */
import { afterEach, describe, expect, it } from '@jest/globals';
import type { SweepReport } from '../../src/jobs/index.ts';
import { MARKER_PROPERTY } from '../../src/rules/index.ts';
import type { Sandbox } from '../../src/sandbox/index.ts';
import {
  ANALYST,
  arrangeIssue,
  BOT,
  closingComments,
  closings,
  CUSTOMER,
  inValidationSince,
  issueKeyOf,
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
/** a reply arranged before the night: long indexed by Jira's search */
const EVENING_MS = NIGHT_MS - 5 * 3_600_000;

let world: ReliabilityWorld | undefined;
let proxy: JiraProxy | undefined;
const instances: ServiceInstance[] = [];

afterEach(async () => {
  for (const instance of instances.splice(0)) await instance.stop();
  await proxy?.close();
  await world?.close();
  world = proxy = undefined;
});

async function start(jiraUrl: string): Promise<ServiceInstance> {
  const instance = await startService(jiraUrl);
  instances.push(instance);
  return instance;
}

/** Calls `then` when the service's n-th closing comment is stored (synchronously, inside Jira). */
function onClosingComment(sandbox: Sandbox, n: number, then: (key: string) => void): () => void {
  let seen = 0;
  const bot = sandbox.site.user(BOT)!.accountId;
  return sandbox.store.onEvent((event) => {
    if (event.kind !== 'comment_created' || event.actor.accountId !== bot) return;
    const marker = event.comment.properties.get(MARKER_PROPERTY) as { kind?: string } | undefined;
    if (marker?.kind === 'closing' && ++seen === n) then(event.issue.key);
  });
}

function expectClosedExactlyOnce(sandbox: Sandbox, keys: string[]): void {
  for (const key of keys) {
    expect({ key, status: statusOf(sandbox, key) }).toEqual({ key, status: STATUS.closed });
    expect({ key, closings: closings(sandbox, key) }).toEqual({ key, closings: 1 });
    expect({ key, comments: closingComments(sandbox, key).length }).toEqual({ key, comments: 1 });
  }
}

/** Issues of `keys` holding a closing comment but still in validation: half done. */
function halfDone(sandbox: Sandbox, keys: string[]): string[] {
  return keys.filter(
    (key) =>
      closingComments(sandbox, key).length > 0 && statusOf(sandbox, key) === STATUS.validation,
  );
}

function transitionsOnly(report: SweepReport, keys: string[]): void {
  expect(report.jiraCalls.byOperation.addComment ?? 0).toBe(0);
  expect(report.jiraCalls.byOperation.doTransition).toBe(keys.length);
  expect(report.plan.map((p) => p.issue).sort()).toEqual([...keys].sort());
  for (const entry of report.plan) {
    expect(entry.outcome).toBe('closed');
    expect(entry.actions).toEqual(['transition to "Fechado"']);
    expect(entry.reason).toMatch(/closing comment is already posted/);
  }
}

describe('restarts in the middle of the nightly sweep', () => {
  it('a shutdown during the sweep finishes the issues in hand; a new instance closes the rest, each once with one comment', async () => {
    world = await startSandbox({ now: NIGHT_MS });
    const { sandbox } = world;
    const due = inValidationSince(sandbox, 60);
    // A reply whose webhook was lost, handled by one of the two instances.
    const pending = arrangeIssue(sandbox, [
      { status: STATUS.analysts, at: '2026-03-09T09:00:00-03:00' },
      { status: STATUS.pending, at: '2026-03-10T10:00:00-03:00', by: ANALYST },
    ]);
    sandbox.store.addComment(
      pending,
      { body: 'Segue o print.' },
      { by: CUSTOMER, at: EVENING_MS, silent: true },
    );

    const first = await start(world.jiraUrl);
    let stopped: Promise<void> | undefined;
    let current: string | undefined;
    // Shut down while the 25th closing comment is being stored: that issue is in hand.
    onClosingComment(sandbox, 25, (key) => {
      current = key;
      stopped = first.stop();
    });
    const firstReport = await first.service.sweep('full', { nowMs: NIGHT_MS });
    await stopped;

    expect(firstReport.stoppedEarly).toBe('shutting down');
    // The issues in hand when the shutdown came were finished (several are, side by side), none
    // was left with a comment and no transition, and no new one was started.
    const closedFirst = firstReport.counts.closed;
    expect(closedFirst).toBeGreaterThanOrEqual(25);
    expect(closedFirst).toBeLessThan(due.length);
    expect(statusOf(sandbox, current!)).toBe(STATUS.closed);
    expect(halfDone(sandbox, due)).toEqual([]);
    expect(due.filter((key) => statusOf(sandbox, key) === STATUS.closed)).toHaveLength(closedFirst);

    const second = await start(world.jiraUrl);
    const secondReport = await second.service.sweep('full', { nowMs: NIGHT_MS });

    expect(secondReport.counts.closed).toBe(due.length - closedFirst);
    expect(firstReport.counts['moved-to-analysts'] + secondReport.counts['moved-to-analysts']).toBe(
      1,
    );
    expect(secondReport.counts.failed).toBe(0);
    expect(secondReport.jiraCalls.byOperation.addComment).toBe(due.length - closedFirst);
    expectClosedExactlyOnce(sandbox, due);
    expect(statusOf(sandbox, pending)).toBe(STATUS.analysts);

    // A third instance finds nothing left to do.
    const third = await start(world.jiraUrl);
    const thirdReport = await third.service.sweep('full', { nowMs: NIGHT_MS });
    expect(thirdReport.plan).toEqual([]);
  });

  it('when the transition fails after the closing comment was posted, the next instance only transitions', async () => {
    world = await startSandbox({ now: NIGHT_MS });
    const { sandbox } = world;
    const due = inValidationSince(sandbox, 40);
    // Between the first instance and Jira: every 7th issue's transition POST dies on the wire.
    proxy = await startProxy(world.jiraUrl);
    const broken = new Set(due.filter((_, i) => i % 7 === 3));
    proxy.onRequest = (request) =>
      request.method === 'POST' &&
      request.url.endsWith('/transitions') &&
      broken.has(issueKeyOf(request.url)!)
        ? 'drop'
        : 'forward';

    const first = await start(proxy.url);
    const firstReport = await first.service.sweep('full', { nowMs: NIGHT_MS });
    await first.stop(); // the crashed instance is replaced

    expect(firstReport.counts.closed).toBe(due.length - broken.size);
    expect(firstReport.counts.failed).toBe(broken.size);
    expect(halfDone(sandbox, due).sort()).toEqual([...broken].sort());

    const second = await start(world.jiraUrl);
    const secondReport = await second.service.sweep('full', { nowMs: NIGHT_MS });

    transitionsOnly(secondReport, [...broken]);
    expectClosedExactlyOnce(sandbox, due);
  });

  it('when Jira becomes unreachable right after a closing comment, the sweep gives up; the next instance transitions the half-done issues without a second comment', async () => {
    world = await startSandbox({ now: NIGHT_MS });
    const { sandbox } = world;
    const due = inValidationSince(sandbox, 30);
    let cut: string | undefined;
    // From the 10th closing comment on, every connection to Jira is dropped (sandbox faults).
    onClosingComment(sandbox, 10, (key) => {
      cut = key;
      sandbox.faults.set({ dropRate: 1, seed: 20 });
    });

    const first = await start(world.jiraUrl);
    const firstReport = await first.service.sweep('full', { nowMs: NIGHT_MS });
    await first.stop();
    sandbox.faults.set({});

    expect(firstReport.stoppedEarly).toMatch(/^Jira failed 5 times in a row/);
    // Issues in hand side by side when the line went dead were left with their closing comment
    // and no transition: at least the one whose comment was the last to get through.
    const half = halfDone(sandbox, due);
    expect(half).toContain(cut);
    const closedFirst = firstReport.counts.closed;
    expect(closedFirst + half.length).toBe(10);
    expect(due.filter((key) => statusOf(sandbox, key) === STATUS.closed)).toHaveLength(closedFirst);

    const second = await start(world.jiraUrl);
    const secondReport = await second.service.sweep('full', { nowMs: NIGHT_MS });

    expect(secondReport.counts.closed).toBe(due.length - closedFirst);
    expect(secondReport.counts.failed).toBe(0);
    // Issues untouched before: a comment and a transition each; the half-done ones: a transition only.
    expect(secondReport.jiraCalls.byOperation.addComment).toBe(due.length - 10);
    expect(secondReport.jiraCalls.byOperation.doTransition).toBe(due.length - closedFirst);
    for (const key of half) {
      expect(secondReport.plan.find((p) => p.issue === key)!.actions).toEqual([
        'transition to "Fechado"',
      ]);
    }
    expectClosedExactlyOnce(sandbox, due);
  });
});
