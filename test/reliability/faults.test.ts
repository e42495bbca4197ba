/**
 * Faults: the sandbox Jira injects 5xx answers, 429 bursts with Retry-After, dropped connections
 * and latency while customers comment on 200 pending issues (real signed webhooks, redelivered by
 * the sandbox like Jira) and a sweep closes 200 due issues. Whatever the faults broke, the sweep
 * (the safety net) repairs in a few runs, and the end state is exact: every reply with the
 * analysts, every due issue closed exactly once with exactly one closing comment, and nothing a
 * customer commented on closed.
 */
import { connect } from 'node:net';
import { afterEach, describe, expect, it } from '@jest/globals';
import type { SweepReport } from '../../src/jobs/index.ts';
import type { Sandbox } from '../../src/sandbox/index.ts';
import {
  ANALYST,
  arrangeIssue,
  closingComments,
  closings,
  CONFIG,
  CUSTOMER,
  entriesInto,
  internalNotes,
  pointWebhookAt,
  range,
  scaleRetryAfter,
  settle,
  startProxy,
  startSandbox,
  startService,
  startStubReceiver,
  STATUS,
  statusOf,
  withSchedules,
  type JiraProxy,
  type ProxyVerdict,
  type ReliabilityWorld,
  type ServiceInstance,
} from './support.ts';

/** The night of the sweep (a Friday, 02:00 in São Paulo); the sandbox clock is frozen there. */
const NIGHT = '2026-03-20T02:00:00-03:00';
const NIGHT_MS = Date.parse(NIGHT);

/**
 * The storm's faults. 5xx: half 503 with Retry-After, half 500 (a 500 on a POST is not resent: the
 * issue fails for this run). Dropped connections: GETs are resent, POSTs are not. 429 from a token
 * bucket, with Retry-After. Latency: 0-12 ms on every call.
 */
const FAULTS = {
  errorRate: 0.2,
  dropRate: 0.05,
  rateLimit: { requestsPerSecond: 300, burst: 30 },
  latencyMs: 0,
  jitterMs: 12,
  seed: 2026,
};
/** Before the storm, a bucket small enough that the first burst of deliveries surely hits it. */
const TIGHT_BUCKET = { ...FAULTS, rateLimit: { requestsPerSecond: 50, burst: 5 }, seed: 14 };

let world: ReliabilityWorld | undefined;
let proxy: JiraProxy | undefined;
let instance: ServiceInstance | undefined;

afterEach(async () => {
  await instance?.stop();
  await proxy?.close();
  await world?.close();
  world = proxy = instance = undefined;
});

function pendingIssue(sandbox: Sandbox): string {
  return arrangeIssue(sandbox, [
    { status: STATUS.analysts, at: '2026-03-09T09:00:00-03:00' },
    { status: STATUS.pending, at: '2026-03-10T10:00:00-03:00', by: ANALYST },
  ]);
}

function validationIssue(sandbox: Sandbox, resolvedAt: string): string {
  return arrangeIssue(sandbox, [
    { status: STATUS.analysts, at: '2026-02-27T09:00:00-03:00' },
    { status: STATUS.validation, at: resolvedAt },
  ]);
}

function reply(sandbox: Sandbox, key: string, text: string): void {
  sandbox.store.addComment(key, { body: text }, { by: CUSTOMER });
}

type Run = SweepReport | { rejected: string };

/** A sweep run; a run that throws (a search that failed for good) is a run too, as for the scheduler. */
async function sweepOnce(service: ServiceInstance['service']): Promise<Run> {
  try {
    return await service.sweep('full', { nowMs: NIGHT_MS });
  } catch (error) {
    return { rejected: String(error) };
  }
}

/** A sweep that had nothing left to do: the state has converged. */
function converged(run: Run): boolean {
  return !('rejected' in run) && run.plan.length === 0 && !run.stoppedEarly;
}

describe('the service under Jira faults, with real signed webhooks and the nightly sweep', () => {
  it('still never reaches the network: a connection to a non-loopback address is refused', async () => {
    // Bound to loopback: even without the guard the kernel would refuse the route (nothing leaves).
    const refused = await new Promise<string>((resolve) => {
      const socket = connect({ host: '198.51.100.1', port: 443, localAddress: '127.0.0.1' });
      socket.on('connect', () => {
        socket.destroy();
        resolve('connected');
      });
      socket.on('error', (error) => resolve(error.message));
    });
    expect(refused).toBe('tests never reach the network: connection to 198.51.100.1 refused');
  });

  it('200 customer replies and 200 due closings under 5xx, 429, drops and latency end exact after a few sweeps', async () => {
    world = await startSandbox({ now: NIGHT });
    const { sandbox } = world;
    proxy = await startProxy(world.jiraUrl);
    // Retry-After 1 s becomes 20 ms: honoured, but the test does not wait seconds.
    proxy.onResponseHeaders = scaleRetryAfter(0.02);
    // A write cap above this night's work: the cap (tested elsewhere) is not what this test is about.
    const config = withSchedules(CONFIG, { maxWritesPerRun: 5_000 });
    instance = await startService(proxy.url, {
      config,
      jiraRetry: { maxAttempts: 4, baseDelayMs: 2, maxDelayMs: 20 },
    });
    const { service } = instance;

    const pending = range(200).map(() => pendingIssue(sandbox));
    const due = range(200).map(() => validationIssue(sandbox, '2026-03-02T10:00:00-03:00'));
    const rejected = range(20).map(() => validationIssue(sandbox, '2026-03-03T15:00:00-03:00'));
    const notDue = range(20).map(() => validationIssue(sandbox, '2026-03-19T11:00:00-03:00'));

    // 1. The first ten replies arrive while the webhook points at a replica answering 503: Jira
    //    (the sandbox) retries five times and gives up. Only the sweep can repair these.
    const overloaded = await startStubReceiver(503);
    pointWebhookAt(sandbox, overloaded.url, config);
    const lost = pending.slice(0, 10);
    for (const key of lost) reply(sandbox, key, 'Segue o print (webhook perdido).');
    await sandbox.webhooks.idle();
    await overloaded.close();
    pointWebhookAt(sandbox, instance.url, config);
    const givenUp = sandbox.webhooks
      .deliveries()
      .filter((d) => d.event === 'comment_created' && d.state === 'failed');
    expect(givenUp).toHaveLength(lost.length);
    expect(givenUp.every((d) => d.attempts.length === 6)).toBe(true);

    // 2. Faults on, with a tight rate limit first: customers reject 20 resolutions during
    //    validation (real webhooks, all at once: a 429 burst).
    sandbox.faults.set(TIGHT_BUCKET);
    for (const key of rejected) reply(sandbox, key, 'Não resolveu, o erro continua.');
    await settle(sandbox, [service]);
    const burst = { ...sandbox.faults.counts };
    sandbox.faults.set(FAULTS);

    // 3. The nightly sweep starts while 190 more customers reply to pending issues. Its pending
    //    pass is held until the reply storm has settled (delivered, or given up by Jira). The
    //    storm is nearly always over by then anyway; the gate makes it certain, because a sweep
    //    acting on an issue while that issue's webhook is being processed is the race of
    //    races.test.ts (a known bug, which would make this test flaky rather than red).
    let releaseGate!: () => void;
    const gate = new Promise<void>((resolve) => (releaseGate = resolve));
    const pendingId = sandbox.site.status(STATUS.pending).id;
    proxy.onRequest = async (request): Promise<ProxyVerdict> => {
      if (
        request.url.startsWith('/rest/api/3/search/jql') &&
        `${decodeURIComponent(request.url)} ${request.body.toString()}`.includes(`(${pendingId})`)
      ) {
        await gate;
      }
      return 'forward';
    };
    const firstRun = sweepOnce(service);
    for (const [i, key] of pending.slice(lost.length).entries()) {
      reply(sandbox, key, `Resposta ${i}: o modelo da impressora é Zebra ZD220.`);
      if (i % 10 === 9) await new Promise((resolve) => setTimeout(resolve, 2));
    }
    await settle(sandbox, [service]);
    releaseGate();
    const runs: Run[] = [await firstRun];
    // One more run while Jira still misbehaves.
    runs.push(await sweepOnce(service));
    await settle(sandbox, [service]);
    const faults = { ...sandbox.faults.counts };

    // 4. Jira recovers; the sweep runs again until a run finds nothing left to do.
    sandbox.faults.set({});
    proxy.onRequest = () => 'forward';
    while (!converged(runs.at(-1)!) && runs.length < 6) {
      runs.push(await sweepOnce(service));
      await settle(sandbox, [service]);
    }

    // Every fault kind really happened, and the faulted runs really were hurt by them.
    expect(burst.rateLimited).toBeGreaterThan(0);
    expect(faults.serverErrors).toBeGreaterThan(0);
    expect(faults.dropped).toBeGreaterThan(0);
    const hurt = (run: Run) => 'rejected' in run || run.counts.failed > 0 || !!run.stoppedEarly;
    expect(hurt(runs[0]!) || hurt(runs[1]!)).toBe(true);
    // Converged within a few runs (the last one only confirms that nothing is left).
    expect(converged(runs.at(-1)!)).toBe(true);
    expect(runs.length).toBeLessThanOrEqual(4);

    for (const key of pending) {
      expect({ key, status: statusOf(sandbox, key) }).toEqual({ key, status: STATUS.analysts });
      expect({ key, moves: entriesInto(sandbox, key, STATUS.analysts) }).toEqual({ key, moves: 2 });
    }
    for (const key of due) {
      expect({ key, status: statusOf(sandbox, key) }).toEqual({ key, status: STATUS.closed });
      expect({ key, closings: closings(sandbox, key) }).toEqual({ key, closings: 1 });
      expect({ key, comments: closingComments(sandbox, key).length }).toEqual({
        key,
        comments: 1,
      });
    }
    for (const key of rejected) {
      expect({ key, status: statusOf(sandbox, key) }).toEqual({ key, status: STATUS.analysts });
      expect({ key, closings: closings(sandbox, key) }).toEqual({ key, closings: 0 });
      expect({ key, comments: closingComments(sandbox, key).length }).toEqual({
        key,
        comments: 0,
      });
      // Never two reopen notes. (A note can be lost when its POST fails after the transition: the
      // known bug of partial-actions.test.ts, so "exactly one" is not asserted here.)
      expect(internalNotes(sandbox, key).length).toBeLessThanOrEqual(1);
    }
    for (const key of notDue) {
      expect(statusOf(sandbox, key)).toBe(STATUS.validation);
      expect(sandbox.store.issue(key)!.comments).toHaveLength(0);
    }
    // Nothing a customer commented on was closed.
    for (const key of [...pending, ...rejected]) expect(closings(sandbox, key)).toBe(0);
  }, 60_000);
});
