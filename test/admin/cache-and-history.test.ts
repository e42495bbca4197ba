/**
 * The dry-run snapshot's cache (no Jira call within the TTL, one build for concurrent views, a real
 * sweep drops it), and the memory-bounded run history and delivery summary.
 */
import { describe, expect, it } from '@jest/globals';
import { CATCH_UPS_KEPT } from '../../src/admin/run-history.ts';
import { FAILURES_KEPT, HOURS_KEPT } from '../../src/admin/deliveries.ts';
import { DUE, NOT_DUE } from '../jobs/in-memory.ts';
import { adminWorld } from './support.ts';

describe('the admin snapshot cache', () => {
  it('serves a second view within the TTL from the cache, without a Jira call', async () => {
    const w = adminWorld();
    w.put(1, NOT_DUE);
    const first = await w.admin.forecast(1);
    const calls = w.jira.calls.length;
    w.clock.now += 59_000;

    const second = await w.admin.pending(1);

    expect(w.jira.calls.length).toBe(calls);
    expect(second).toMatchObject({ cached: true, jiraCalls: first.jiraCalls });
    expect(first.jiraCalls).toBeGreaterThan(0);
    expect(w.builds).toEqual([first.jiraCalls]);
    w.clock.now += 2_000;
    expect((await w.admin.forecast(1)).cached).toBe(false);
    expect(w.builds).toHaveLength(2);
  });

  it('makes one build for views that come while it runs', async () => {
    const w = adminWorld();
    w.put(1, NOT_DUE);
    const [a, b] = await Promise.all([w.admin.forecast(1), w.admin.pending(1)]);
    expect(w.builds).toHaveLength(1);
    expect([a.cached, b.cached]).toEqual([false, true]);
  });

  it('builds afresh after a real sweep, and on every view with ADMIN_CACHE_SECONDS=0', async () => {
    const w = adminWorld();
    w.put(1, DUE);
    expect((await w.admin.forecast(1)).rows[0]!.decision.outcome).toBe('closed');
    w.admin.recordSweep(await w.sweep({ dryRun: true }));
    expect(w.builds).toHaveLength(1);
    w.admin.recordSweep(await w.sweep());

    const after = await w.admin.forecast(1);

    expect(w.builds).toHaveLength(2);
    expect(after.rows).toEqual([]);
    const uncached = adminWorld({ cacheSeconds: 0 });
    await uncached.admin.forecast(1);
    await uncached.admin.forecast(1);
    expect(uncached.builds).toHaveLength(2);
  });
});

describe('the admin run history', () => {
  it('keeps the last full sweep and the last catch-ups, newest first, with what they did', async () => {
    const w = adminWorld();
    w.put(1, DUE);
    const full = await w.sweep();
    w.admin.recordSweep(full);
    for (let i = 0; i < CATCH_UPS_KEPT + 2; i++) {
      w.clock.now += 60_000;
      w.admin.recordSweep(await w.sweep({ mode: 'catch-up', nowMs: w.clock.now }));
    }

    const runs = w.admin.runs();

    expect(runs.lastFull).toMatchObject({
      mode: 'full',
      startedAt: full.startedAt,
      counts: { closed: 1 },
      writes: full.writes,
      jiraCalls: { total: full.jiraCalls.total },
      failedProjects: [],
      issues: [{ issue: 'SUP-1', outcome: 'closed', reason: expect.any(String) }],
    });
    expect(runs.lastFull!.issues[0]!.actions.length).toBeGreaterThan(0);
    expect(runs.catchUps).toHaveLength(CATCH_UPS_KEPT);
    expect(runs.catchUps.every((r) => r.mode === 'catch-up')).toBe(true);
    const started = runs.catchUps.map((r) => Date.parse(r.startedAt));
    expect([...started].sort((a, b) => b - a)).toEqual(started);
  });
});

describe('the admin delivery summary', () => {
  it('counts deliveries per hour by outcome over the last 24 hours and keeps the last 20 failures', () => {
    const w = adminWorld();
    const start = w.clock.now;
    for (let hour = 0; hour < 30; hour++) {
      w.clock.now = start + hour * 3_600_000;
      w.admin.recordDelivery({ event: 'comment_created', outcome: 'acted', status: 200 });
      w.admin.recordDelivery({
        event: 'comment_created',
        outcome: 'transient-failure',
        status: 503,
        issue: `SUP-${hour}`,
        reason: 'Jira answered 503',
      });
    }
    w.admin.recordDelivery({ event: undefined, outcome: 'unauthorized', status: 401 });

    const { deliveries } = w.admin.runs();

    expect(deliveries.byHour).toHaveLength(HOURS_KEPT);
    expect(deliveries.byHour.at(-1)!.byOutcome).toEqual({
      acted: 1,
      'transient-failure': 1,
      unauthorized: 1,
    });
    expect(deliveries.byOutcome).toEqual({ acted: 24, 'transient-failure': 24, unauthorized: 1 });
    expect(deliveries.since).toBe(deliveries.byHour[0]!.hour);
    expect(deliveries.lastFailures).toHaveLength(FAILURES_KEPT);
    expect(deliveries.lastFailures[0]).toEqual({
      at: new Date(w.clock.now).toISOString(),
      outcome: 'unauthorized',
      status: 401,
    });
    expect(deliveries.lastFailures[1]).toMatchObject({
      event: 'comment_created',
      status: 503,
      issue: 'SUP-29',
      reason: 'Jira answered 503',
    });
  });
});
