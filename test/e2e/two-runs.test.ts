/**
 * Two runs at once in two processes (a CLI sweep beside the service's own, two CronJob pods): no
 * lock is shared, so both can find no marker and both post. Each service instance here has its
 * own gateway, transport, transitions cache and sweep queue, as a second process would. After
 * posting, each reads the cycle back and keeps only the copy posted first: one comment stays.
 */
import { afterEach, describe, expect, it } from '@jest/globals';
import {
  inValidationSince,
  issueKeyOf,
  markedComments,
  startProxy,
  startSandbox,
  startService,
  STATUS,
  statusOf,
  type JiraProxy,
  type ReliabilityWorld,
  type ServiceInstance,
} from '../reliability/support.ts';

const NIGHT_MS = Date.parse('2026-03-20T02:00:00-03:00');

let world: ReliabilityWorld | undefined;
let proxy: JiraProxy | undefined;
const instances: ServiceInstance[] = [];

afterEach(async () => {
  for (const instance of instances.splice(0)) await instance.stop();
  await proxy?.close();
  await world?.close();
  world = proxy = undefined;
});

/** Two service instances (two "processes") against `jiraUrl`, the webhook left alone. */
async function twoProcesses(jiraUrl: string): Promise<[ServiceInstance, ServiceInstance]> {
  const first = await startService(jiraUrl, { register: false });
  instances.push(first);
  const second = await startService(jiraUrl, { register: false });
  instances.push(second);
  return [first, second];
}

/**
 * Holds each issue's comment POST until the other run's POST for that issue arrives, then lets
 * both through: both runs have decided to post, so the race is certain, not left to timing (a
 * second that never comes releases the first after 5 s rather than hanging the test).
 */
function postTogether(target: JiraProxy): void {
  const waiting = new Map<string, () => void>();
  target.onRequest = (request) => {
    const key = issueKeyOf(request.url);
    if (request.method !== 'POST' || !key || !request.url.split('?')[0]!.endsWith('/comment'))
      return 'forward';
    const other = waiting.get(key);
    if (other) {
      waiting.delete(key);
      other();
      return 'forward';
    }
    return new Promise((resolve) => {
      const release = () => resolve('forward');
      waiting.set(key, release);
      setTimeout(release, 5_000).unref();
    });
  };
}

describe('two sweeps at once in two processes', () => {
  it('leave exactly one closing comment on an issue both decided to close, and close it once', async () => {
    world = await startSandbox({ now: NIGHT_MS });
    const [key] = inValidationSince(world.sandbox, 1, '2026-03-02T10:00:00-03:00');
    proxy = await startProxy(world.jiraUrl);
    postTogether(proxy);
    const [a, b] = await twoProcesses(proxy.url);

    const reports = await Promise.all(
      [a, b].map((i) => i.service.sweep('full', { nowMs: NIGHT_MS })),
    );

    // Both posted (the proxy saw to it), one copy was removed by whichever run posted second.
    const byOperation = reports.map((r) => r.jiraCalls.byOperation);
    expect(byOperation.map((calls) => calls.addComment)).toEqual([1, 1]);
    expect(byOperation.reduce((n, calls) => n + (calls.deleteComment ?? 0), 0)).toBeGreaterThan(0);
    expect(markedComments(world.sandbox, key!, 'closing')).toHaveLength(1);
    expect(statusOf(world.sandbox, key!)).toBe(STATUS.closed);
    // The move is idempotent: the second run finds the issue at the target, which is success.
    expect(reports.map((r) => r.issues)).toEqual([{ closed: [key] }, { closed: [key] }]);
    const summaries = reports.flatMap((r) => r.plan.flatMap((p) => p.actions));
    expect(
      summaries.filter((s) => /removed (as a duplicate|the later duplicate)/.test(s)),
    ).not.toEqual([]);
  });

  it('leave exactly one reminder, and both record the time of the copy that stays', async () => {
    world = await startSandbox({ now: NIGHT_MS });
    const [key] = inValidationSince(world.sandbox, 1, '2026-03-13T10:00:00-03:00');
    proxy = await startProxy(world.jiraUrl);
    postTogether(proxy);
    const [a, b] = await twoProcesses(proxy.url);

    const reports = await Promise.all(
      [a, b].map((i) => i.service.sweep('full', { nowMs: NIGHT_MS })),
    );

    expect(reports.map((r) => r.issues)).toEqual([{ reminded: [key] }, { reminded: [key] }]);
    const [kept, ...more] = markedComments(world.sandbox, key!, 'reminder');
    expect(more).toEqual([]);
    expect(
      world.sandbox.store.issue(key!)!.properties.get('jira-support.validation'),
    ).toMatchObject({ reminderCommentAt: new Date(kept!.created).toISOString() });
  });
});
