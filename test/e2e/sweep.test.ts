import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { MARKER_PROPERTY } from '../../src/rules/index.ts';
import { CONFIG, startWorld, type World } from '../support/world.ts';
import { arrangeIssue, CUSTOMER, resolutionOf, STATUS, statusOf } from './world.ts';

let world: World;

beforeEach(async () => {
  world = await startWorld();
});

afterEach(async () => {
  await world.close();
});

/** Runs the nightly sweep at 02:00 (São Paulo) of a date, with the sandbox clock at that moment. */
async function nightlySweep(date: string, options: { dryRun?: boolean } = {}) {
  const nowMs = Date.parse(`${date}T02:00:00-03:00`);
  world.sandbox.clock.set(nowMs);
  const report = await world.service.sweep('full', { nowMs, ...options });
  await world.sandbox.webhooks.idle();
  await world.service.webhooks.receiver.drain();
  return report;
}

function resolvedAt(iso: string): string {
  return arrangeIssue(world.sandbox, [
    { status: STATUS.analysts, at: new Date(Date.parse(iso) - 86_400_000).toISOString() },
    // The analyst's "Resolver" sets the resolution, as its screen asks on a real site.
    { status: STATUS.validation, at: iso, resolution: 'Resolvido' },
  ]);
}

function closingComments(key: string) {
  return world.sandbox.store
    .issue(key)!
    .comments.filter(
      (c) =>
        (c.properties.get(MARKER_PROPERTY) as { kind?: string } | undefined)?.kind === 'closing',
    );
}

function closings(key: string): number {
  const closed = world.sandbox.site.status(STATUS.closed).id;
  return world.sandbox.store
    .issue(key)!
    .histories.filter((h) => h.items.some((i) => i.field === 'status' && i.to === closed)).length;
}

/** Every night from `from` to `to`: the date each issue was found closed. */
async function nightsOfClosing(
  keys: string[],
  from: string,
  to: string,
): Promise<Record<string, string>> {
  const closedOn: Record<string, string> = {};
  for (
    let day = Date.parse(`${from}T12:00:00Z`);
    day <= Date.parse(`${to}T12:00:00Z`);
    day += 86_400_000
  ) {
    const date = new Date(day).toISOString().slice(0, 10);
    await nightlySweep(date);
    for (const key of keys) {
      if (!closedOn[key] && statusOf(world.sandbox, key) === STATUS.closed) closedOn[key] = date;
    }
  }
  return closedOn;
}

describe('the nightly sweep against the sandbox, its clock moved back', () => {
  it('closes issues resolved around Carnival 2026 on exactly the right night', async () => {
    // SUP's calendar: BR-SP-SP with public + bank holidays (Carnival Mon/Tue Feb 16-17 are off).
    const beforeCarnival = resolvedAt('2026-02-13T17:00:00-03:00'); // days Feb 18-20, 23, 24
    const wednesday = resolvedAt('2026-02-11T10:00:00-03:00'); // days Feb 12, 13, 18, 19, 20
    const ashWednesday = resolvedAt('2026-02-18T15:00:00-03:00'); // days Feb 19, 20, 23, 24, 25
    const closedOn = await nightsOfClosing(
      [beforeCarnival, wednesday, ashWednesday],
      '2026-02-14',
      '2026-02-27',
    );
    expect(closedOn).toEqual({
      [wednesday]: '2026-02-21',
      [beforeCarnival]: '2026-02-25',
      [ashWednesday]: '2026-02-26',
    });
    for (const key of [beforeCarnival, wednesday, ashWednesday]) {
      expect(closingComments(key)).toHaveLength(1);
      expect(closings(key)).toBe(1);
      // Through "Fechar" with the configured resolution, never the global "Cancelar" (Cancelado).
      expect(resolutionOf(world.sandbox, key)).toBe('Resolvido');
    }
  });

  it('closes issues resolved around Christmas on exactly the right night', async () => {
    const tuesday = resolvedAt('2026-12-22T18:00:00-03:00'); // days Dec 23, 24, 28, 29, 30
    const christmasEve = resolvedAt('2026-12-24T11:00:00-03:00'); // days Dec 28, 29, 30, 31, Jan 4
    const closedOn = await nightsOfClosing([tuesday, christmasEve], '2026-12-23', '2027-01-06');
    expect(closedOn).toEqual({ [tuesday]: '2026-12-31', [christmasEve]: '2027-01-05' });
    for (const key of [tuesday, christmasEve]) {
      expect(resolutionOf(world.sandbox, key)).toBe('Resolvido');
    }
  });

  it('reminds the customer once, the night the last business day starts', async () => {
    const key = resolvedAt('2026-03-02T10:00:00-03:00'); // days Mar 3-6, 9: closes Mar 10
    await nightlySweep('2026-03-08');
    await nightlySweep('2026-03-09');
    await nightlySweep('2026-03-09');
    const reminders = world.sandbox.store
      .issue(key)!
      .comments.filter(
        (c) =>
          (c.properties.get(MARKER_PROPERTY) as { kind?: string } | undefined)?.kind === 'reminder',
      );
    expect(reminders).toHaveLength(1);
    expect(world.sandbox.store.issue(key)!.properties.get('jira-support.validation')).toMatchObject(
      {
        closesAt: '2026-03-10T03:00:00.000Z',
      },
    );
    await nightlySweep('2026-03-10');
    expect(statusOf(world.sandbox, key)).toBe(STATUS.closed);
  });

  it('reopens instead of closing when the customer commented and the webhook was lost', async () => {
    const key = resolvedAt('2026-03-02T10:00:00-03:00');
    // The comment is made silently: its webhook never reaches the service.
    world.sandbox.store.addComment(
      key,
      { body: 'Não funcionou' },
      { by: CUSTOMER, at: Date.parse('2026-03-09T23:59:00-03:00'), silent: true },
    );
    const report = await nightlySweep('2026-03-10');
    expect(report.counts.reopened).toBe(1);
    expect(statusOf(world.sandbox, key)).toBe(STATUS.analysts);
    expect(closingComments(key)).toHaveLength(0);
    // "Reabrir" does not clear it by itself: the configured fields do (resolution: null).
    expect(resolutionOf(world.sandbox, key)).toBeNull();
  });

  it('moves a pending issue whose customer reply webhook was lost', async () => {
    const key = arrangeIssue(world.sandbox, [
      { status: STATUS.analysts, at: '2026-03-02T09:00:00-03:00' },
      { status: STATUS.pending, at: '2026-03-02T10:00:00-03:00' },
    ]);
    world.sandbox.store.addComment(
      key,
      { body: 'Segue' },
      { by: CUSTOMER, at: Date.parse('2026-03-03T10:00:00-03:00'), silent: true },
    );
    const report = await nightlySweep('2026-03-04');
    expect(report.counts['moved-to-analysts']).toBe(1);
    expect(statusOf(world.sandbox, key)).toBe(STATUS.analysts);
  });

  it('moves a reply back to the analysts even when Jira refuses to assign the asker (deactivated)', async () => {
    const asked = arrangeIssue(world.sandbox, [
      { status: STATUS.analysts, at: '2026-03-02T09:00:00-03:00' },
      { status: STATUS.pending, at: '2026-03-02T10:00:00-03:00', by: 'ex-analista@pixeon.example' },
    ]);
    const other = arrangeIssue(world.sandbox, [
      { status: STATUS.analysts, at: '2026-03-02T09:00:00-03:00' },
      { status: STATUS.pending, at: '2026-03-02T10:00:00-03:00' },
    ]);
    for (const key of [asked, other]) {
      world.sandbox.store.addComment(
        key,
        { body: 'Segue' },
        { by: CUSTOMER, at: Date.parse('2026-03-03T10:00:00-03:00'), silent: true },
      );
    }
    const report = await nightlySweep('2026-03-04');
    expect(report.counts['moved-to-analysts']).toBe(2);
    expect(statusOf(world.sandbox, asked)).toBe(STATUS.analysts);
    expect(statusOf(world.sandbox, other)).toBe(STATUS.analysts);
    const plan = report.plan.find((p) => p.issue === asked)!;
    expect(plan.actions[0]).toMatch(/refused by Jira: .*cannot be assigned issues/);
  });

  it('times an issue with a changelog longer than a search page carries from its last entry into validation', async () => {
    // Resolved once on Feb 2 (long due), reopened, then 24 rounds between the analysts and the
    // customer: 51 histories, more than the 40 a search page embeds.
    const steps: Array<{ status: string; at: string }> = [
      { status: STATUS.analysts, at: '2026-02-01T09:00:00-03:00' },
      { status: STATUS.validation, at: '2026-02-02T10:00:00-03:00' },
      { status: STATUS.analysts, at: '2026-02-03T09:00:00-03:00' },
    ];
    for (let round = 0; round < 24; round++) {
      const day = String(4 + Math.floor(round / 2)).padStart(2, '0');
      const hour = 9 + (round % 2) * 4; // 09:00 and 13:00, back two hours later
      steps.push(
        {
          status: STATUS.pending,
          at: `2026-02-${day}T${String(hour).padStart(2, '0')}:00:00-03:00`,
        },
        { status: STATUS.analysts, at: `2026-02-${day}T${hour + 2}:00:00-03:00` },
      );
    }
    steps.push({ status: STATUS.validation, at: '2026-03-02T10:00:00-03:00' });
    const long = arrangeIssue(world.sandbox, steps);
    expect(world.sandbox.store.issue(long)!.histories.length).toBeGreaterThan(40);
    const short = resolvedAt('2026-03-02T10:00:00-03:00');

    world.sandbox.stats.reset();
    const closedOn = await nightsOfClosing([long, short], '2026-03-03', '2026-03-12');

    expect(closedOn[long]).toBeDefined();
    expect(closedOn[long]).toBe(closedOn[short]);
    expect(closingComments(long)).toHaveLength(1);
    expect(world.sandbox.stats.calls('getChangeLogs')).toBeGreaterThan(0);
  });

  it('a dry run changes nothing and makes no write call', async () => {
    const due = resolvedAt('2026-03-02T10:00:00-03:00');
    const before = JSON.stringify(world.sandbox.store.issue(due), (_k, v) =>
      v instanceof Map ? [...v] : v,
    );
    world.sandbox.stats.reset();
    const report = await nightlySweep('2026-03-20', { dryRun: true });
    expect(report.dryRun).toBe(true);
    expect(report.plan).toEqual([
      expect.objectContaining({
        issue: due,
        outcome: 'closed',
        actions: [expect.stringMatching(/^public comment/), 'transition to "Fechado"'],
      }),
    ]);
    const after = JSON.stringify(world.sandbox.store.issue(due), (_k, v) =>
      v instanceof Map ? [...v] : v,
    );
    expect(after).toBe(before);
    const operations = Object.keys(world.sandbox.stats.snapshot().byOperation);
    expect(
      operations.filter((op) => /^(add|do|set|delete|assign|create|edit|update)/i.test(op)),
    ).toEqual([]);
  });

  it('spends at most 4 Jira calls per closed issue (its writes, its closing comment read back, a share of one fresh read per batch) and almost none on issues not yet due', async () => {
    const due = Array.from({ length: 10 }, () => resolvedAt('2026-03-02T10:00:00-03:00'));
    const notDue = Array.from({ length: 30 }, () => resolvedAt('2026-03-18T10:00:00-03:00'));
    const report = await nightlySweep('2026-03-19');
    expect(report.counts.closed).toBe(due.length);
    expect(report.counts['not-due']).toBe(notDue.length);
    // One search page for the validation status, one for the pending status, and, as issues are
    // handled 8 at a time (JIRA_MAX_CONCURRENCY's default), the 10 due ones read again in two
    // reconciled searches rather than one read each.
    expect(report.jiraCalls.byOperation).toMatchObject({
      search: 2 + 2,
      addComment: due.length,
      // Each closing comment read back (no other run posted a copy): the quiet issues' comments
      // are never read otherwise.
      getComments: due.length,
      doTransition: due.length,
      getTransitions: 1, // once per workflow state, for the whole run, though 8 closed at once
    });
    expect(report.jiraCalls.byOperation.getIssue).toBeUndefined();
    expect(report.jiraCalls.byOperation.deleteComment).toBeUndefined();
    expect(report.jiraCalls.perClosedIssue).toBeLessThanOrEqual(4);
    expect(report.jiraCalls.perNotDueIssue).toBeLessThanOrEqual(0.05);
  });

  it('interrupted by 5xx and 429 faults and run again, closes every due issue exactly once with one closing comment', async () => {
    const due = Array.from({ length: 20 }, () => resolvedAt('2026-03-02T10:00:00-03:00'));
    world.sandbox.faults.set({
      errorRate: 0.35,
      rateLimit: { requestsPerSecond: 200, burst: 10 },
      seed: 11,
    });
    const first = await nightlySweep('2026-03-20');
    world.sandbox.faults.set({});
    const second = await nightlySweep('2026-03-20');
    expect(
      first.counts.closed + first.counts.failed + (first.stoppedEarly ? 1 : 0),
    ).toBeGreaterThan(0);
    for (const key of due) {
      expect(statusOf(world.sandbox, key)).toBe(STATUS.closed);
      expect(closingComments(key)).toHaveLength(1);
      expect(closings(key)).toBe(1);
    }
    expect(second.counts.failed).toBe(0);
  });
});

describe('a project whose closing transition is not configured for the real site', () => {
  it('gets no closing comment: the issue is reported blocked with what Jira needs', async () => {
    const config = structuredClone(CONFIG);
    delete config.projects.SUP!.transitions.closed;
    const instance = await world.startService({ config, register: false });
    const key = resolvedAt('2026-03-02T10:00:00-03:00');
    const nowMs = Date.parse('2026-03-10T02:00:00-03:00');
    world.sandbox.clock.set(nowMs);

    const report = await instance.service.sweep('full', { nowMs });

    expect(report.counts.blocked).toBe(1);
    expect(report.plan).toEqual([
      expect.objectContaining({
        issue: key,
        outcome: 'blocked',
        reason: '"Fechar" needs Resolution; set transitions.closed.fields.resolution',
      }),
    ]);
    expect(closingComments(key)).toHaveLength(0);
    expect(statusOf(world.sandbox, key)).toBe(STATUS.validation);
  });
});
