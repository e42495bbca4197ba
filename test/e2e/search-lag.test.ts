/**
 * The sweep against the default seed, whose search lags 2 s behind writes as Jira's does: what a
 * search page shows may be seconds old. The service must never act on that: it reads an issue
 * fresh (reconcileIssues, GET issue) before it writes, and what it misses a later pass finds.
 */
import { afterEach, describe, expect, it } from '@jest/globals';
import {
  ANALYST,
  arrangeIssue,
  closingComments,
  closings,
  CUSTOMER,
  inValidationSince,
  markedComments,
  startSandbox,
  startService,
  STATUS,
  statusOf,
  type ReliabilityWorld,
  type ServiceInstance,
} from '../reliability/support.ts';
import { resolutionOf } from './world.ts';

const NIGHT_MS = Date.parse('2026-03-20T02:00:00-03:00');

let world: ReliabilityWorld | undefined;
let instance: ServiceInstance | undefined;

afterEach(async () => {
  await instance?.stop();
  await world?.close();
  world = instance = undefined;
});

async function setup() {
  world = await startSandbox({ now: NIGHT_MS });
  instance = await startService(world.jiraUrl);
  expect(world.sandbox.store.searchLag.lagMs).toBe(2000);
  return { sandbox: world.sandbox, service: instance.service };
}

/** The status a plain JQL search shows (no reconcileIssues): what a search page would say. */
async function searchedStatus(key: string): Promise<string | undefined> {
  const jql = encodeURIComponent(`key = ${key}`);
  const response = await fetch(`${world!.jiraUrl}/rest/api/3/search/jql?jql=${jql}&fields=status`, {
    headers: { authorization: world!.sandbox.authHeader(), accept: 'application/json' },
  });
  const body = (await response.json()) as {
    issues: Array<{ fields: { status: { name: string } } }>;
  };
  return body.issues[0]?.fields.status.name;
}

describe('a search that lags 2 s behind the writes', () => {
  it('does not make a second sweep close again what the first one closed', async () => {
    const { sandbox, service } = await setup();
    const due = inValidationSince(sandbox, 3);
    const first = await service.sweep('full', { nowMs: NIGHT_MS });
    expect(first.issues.closed).toEqual(due);
    // The index still shows them in validation...
    expect(await searchedStatus(due[0]!)).toBe(STATUS.validation);

    const second = await service.sweep('full', { nowMs: NIGHT_MS });
    expect(second.counts.closed ?? 0).toBe(0);
    expect(second.counts.failed ?? 0).toBe(0);
    for (const key of due) {
      expect(closingComments(sandbox, key)).toHaveLength(1);
      expect(closings(sandbox, key)).toBe(1);
      expect(statusOf(sandbox, key)).toBe(STATUS.closed);
      expect(resolutionOf(sandbox, key)).toBe('Resolvido');
    }
  });

  it('does not close an issue an analyst reopened, or a customer rejected, moments before', async () => {
    const { sandbox, service } = await setup();
    const [reopened, rejected, quiet] = inValidationSince(sandbox, 3) as [string, string, string];
    sandbox.store.moveToStatus(reopened, STATUS.analysts, { by: ANALYST, silent: true });
    // The customer's comment, whose webhook never came.
    sandbox.store.addComment(rejected, { body: 'Não resolveu.' }, { by: CUSTOMER, silent: true });
    expect(await searchedStatus(reopened)).toBe(STATUS.validation);

    const report = await service.sweep('full', { nowMs: NIGHT_MS });

    expect(report.issues.closed).toEqual([quiet]);
    expect(closingComments(sandbox, reopened)).toHaveLength(0);
    expect(closingComments(sandbox, rejected)).toHaveLength(0);
    expect(closings(sandbox, reopened) + closings(sandbox, rejected)).toBe(0);
    expect(statusOf(sandbox, reopened)).toBe(STATUS.analysts);
    // The rejection is honoured now, or by the next pass once the index has it; never lost.
    if (statusOf(sandbox, rejected) !== STATUS.analysts) {
      sandbox.store.searchLag.settle();
      await service.sweep('catch-up', { nowMs: NIGHT_MS + 60_000 });
    }
    expect(statusOf(sandbox, rejected)).toBe(STATUS.analysts);
    expect(markedComments(sandbox, rejected, 'reopen')).toHaveLength(1);
  });

  it('finds a reply the index did not show yet on the next pass, and moves it once', async () => {
    const { sandbox, service } = await setup();
    const pending = arrangeIssue(sandbox, [
      { status: STATUS.analysts, at: '2026-03-18T09:00:00-03:00' },
      { status: STATUS.pending, at: '2026-03-18T10:00:00-03:00' },
    ]);
    sandbox.store.addComment(pending, { body: 'Segue o print.' }, { by: CUSTOMER, silent: true });
    await service.sweep('catch-up', { nowMs: NIGHT_MS });
    // Jira indexes the reply; the next catch-up, a few minutes on, sees it.
    sandbox.store.searchLag.settle();
    await service.sweep('catch-up', { nowMs: NIGHT_MS + 5 * 60_000 });
    await service.sweep('catch-up', { nowMs: NIGHT_MS + 10 * 60_000 });

    expect(statusOf(sandbox, pending)).toBe(STATUS.analysts);
    const intoAnalysts = sandbox.store
      .issue(pending)!
      .histories.filter((h) =>
        h.items.some((i) => i.field === 'status' && i.toString === STATUS.analysts),
      );
    expect(intoAnalysts).toHaveLength(2); // the arranged one, and the service's
  });
});
