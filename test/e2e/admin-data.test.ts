/**
 * The admin page's data against the sandbox: the forecast from one dry-run sweep (closing dates by
 * the BR-SP-SP calendar, Christmas marked in the chart), cached views that cost no Jira call, and a
 * real sweep that shows in "Última execução" and drops the cached snapshot.
 */
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { startWorld, type SandboxWorld, type ServiceInstance } from '../support/world.ts';
import { arrangeIssue, CUSTOMER, STATUS, statusOf } from './world.ts';

let world: SandboxWorld;
let instance: ServiceInstance;

/** Monday 2026-12-21, 10:00 in São Paulo: Christmas (Friday) falls inside the windows. */
const NOW = Date.parse('2026-12-21T10:00:00-03:00');

beforeEach(async () => {
  world = await startWorld({ service: false });
  world.sandbox.clock.set(NOW);
  instance = await world.startService({ now: () => world.sandbox.clock.now() });
});

afterEach(async () => {
  await world.close();
});

function resolvedAt(iso: string): string {
  return arrangeIssue(world.sandbox, [
    { status: STATUS.analysts, at: new Date(Date.parse(iso) - 86_400_000).toISOString() },
    { status: STATUS.validation, at: iso, resolution: 'Resolvido' },
  ]);
}

function totalCalls(): number {
  return instance.service.jira.calls.snapshot().total;
}

describe('the admin data against the sandbox', () => {
  it('forecasts the closes by the calendar, caches the snapshot, and shows a real sweep', async () => {
    const { service } = instance;
    const today = resolvedAt('2026-12-21T09:00:00-03:00'); // 22, 23, 24, 28, 29
    const friday = resolvedAt('2026-12-18T10:00:00-03:00'); // 21, 22, 23, 24, 28
    const due = resolvedAt('2026-12-10T10:00:00-03:00'); // 11, 14, 15, 16, 17
    const pending = arrangeIssue(world.sandbox, [
      { status: STATUS.analysts, at: '2026-12-14T09:00:00-03:00' },
      { status: STATUS.pending, at: '2026-12-15T11:00:00-03:00' },
    ]);
    world.sandbox.store.searchLag.settle();

    const forecast = await service.admin.forecast(1);

    expect(forecast.rows.map((r) => [r.issue, r.lastBusinessDay, r.closesAt])).toEqual([
      [due, '2026-12-17', '2026-12-18T00:00:00-03:00'],
      [friday, '2026-12-28', '2026-12-29T00:00:00-03:00'],
      [today, '2026-12-29', '2026-12-30T00:00:00-03:00'],
    ]);
    expect(forecast.rows.map((r) => r.businessDaysLeft)).toEqual([0, 5, 5]);
    expect(forecast.rows[0]!.decision).toMatchObject({ outcome: 'closed', rule: 'auto-close' });
    // In Portuguese for the support admins, the English reason beside it for the logs.
    expect(forecast.rows[0]!.decision).toMatchObject({
      code: 'deadline-passed',
      reason: 'deadline passed (2026-12-17 was the last business day) with no customer comment',
      explanation: 'Prazo encerrado (último dia útil: 17/12/2026) sem comentário do cliente',
      steps: [
        expect.stringMatching(/^Comentário público ao cliente: «Olá! .+»$/),
        expect.stringMatching(/^Transição para «Fechado»/),
      ],
    });
    expect(forecast.rows[1]!.decision).toMatchObject({
      outcome: 'not-due',
      explanation: expect.stringContaining('(último dia útil: 28/12/2026)'),
      steps: [],
    });
    expect(forecast.rows[0]!.url).toBe(`${world.jiraUrl}/browse/${due}`);
    expect(forecast).toMatchObject({ due: 1, cached: false, failedProjects: [] });
    const [chart] = forecast.charts;
    const christmas = chart!.days.find((d) => d.date === '2026-12-25');
    expect(christmas!.dayOff).toEqual({ kind: 'holiday', name: 'Natal' });
    const closes = chart!.days.filter((d) => d.closes > 0).map((d) => [d.date, d.closes]);
    expect(closes).toEqual([
      ['2026-12-21', 1],
      ['2026-12-29', 1],
      ['2026-12-30', 1],
    ]);
    // The dry run wrote nothing and is not one of the service's runs.
    expect(statusOf(world.sandbox, due)).toBe(STATUS.validation);
    expect(service.admin.runs().lastFull).toBeUndefined();
    const sweepMetrics = await service.metrics.registry.getSingleMetricAsString(
      'jsm_sweep_duration_seconds',
    );
    expect(sweepMetrics).not.toContain('mode="full"');

    const calls = totalCalls();
    const pendingSection = await service.admin.pending(1);
    expect(totalCalls()).toBe(calls);
    expect(pendingSection).toMatchObject({ cached: true, jiraCalls: forecast.jiraCalls });
    // 16, 17, 18 (today not counted)
    expect(pendingSection.rows).toEqual([
      expect.objectContaining({ issue: pending, businessDaysWaiting: 3, replyWaiting: false }),
    ]);
    const metrics = await service.metrics.registry.getSingleMetricAsString(
      'jsm_admin_jira_calls_total',
    );
    expect(metrics).toContain(`jsm_admin_jira_calls_total ${forecast.jiraCalls}`);
    expect(forecast.jiraCalls).toBeGreaterThan(0);

    const report = await service.sweep('full');
    world.sandbox.store.searchLag.settle();

    expect(statusOf(world.sandbox, due)).toBe(STATUS.closed);
    const { lastFull } = service.admin.runs();
    expect(lastFull).toMatchObject({ mode: 'full', counts: { closed: 1 }, writes: report.writes });
    expect(lastFull!.issues).toEqual([expect.objectContaining({ issue: due, outcome: 'closed' })]);
    const after = await service.admin.forecast(1);
    expect(after.cached).toBe(false);
    expect(after.rows.map((r) => r.issue)).toEqual([friday, today]);
  });

  it('counts the webhook deliveries it received, per hour and by outcome', async () => {
    const { service } = instance;
    const key = arrangeIssue(world.sandbox, [
      { status: STATUS.analysts, at: '2026-12-14T09:00:00-03:00' },
      { status: STATUS.pending, at: '2026-12-15T11:00:00-03:00' },
    ]);
    world.sandbox.store.addComment(
      key,
      { body: 'Segue o print', internal: false },
      { by: CUSTOMER },
    );
    await world.sandbox.webhooks.idle();
    await service.webhooks.receiver.drain();

    const { deliveries } = service.admin.runs();

    // The customer's reply moved the issue back: one delivery acted on (others may be ignored).
    expect(deliveries.byOutcome.acted).toBe(1);
    expect(deliveries.byHour.at(-1)!.byOutcome).toEqual(deliveries.byOutcome);
    expect(deliveries.lastFailures).toEqual([]);
    expect(statusOf(world.sandbox, key)).toBe(STATUS.analysts);
  });

  it("keeps the dry run's sweep lines out of an info-level log, and a real sweep's in", async () => {
    const quiet = await world.startService({
      now: () => world.sandbox.clock.now(),
      env: { LOG_LEVEL: 'info' },
      register: false,
    });
    resolvedAt('2026-12-10T10:00:00-03:00');
    world.sandbox.store.searchLag.settle();

    await quiet.service.admin.forecast(1);

    expect(quiet.log.find('sweep finished')).toEqual([]);
    expect(quiet.log.find('sweep action')).toEqual([]);
    await quiet.service.sweep('full');
    expect(quiet.log.find('sweep finished')).toHaveLength(1);
  });
});
