import { describe, expect, it } from '@jest/globals';
import { buildReport, type CountedIssue, type ReportInput } from '../../src/jobs/sweep-report.ts';
import type { PlannedIssue } from '../../src/jobs/index.ts';

function entry(
  issue: string,
  outcome: PlannedIssue['outcome'],
  extra: Partial<PlannedIssue> = {},
): PlannedIssue {
  return {
    issue,
    status: 'validation',
    outcome,
    rule: 'none',
    reason: outcome,
    actions: [],
    ...extra,
  };
}

const window = { closesAt: '2026-03-26T00:00:00-03:00', lastBusinessDay: '2026-03-25' };

function input(finished: CountedIssue[], extra: Partial<ReportInput> = {}): ReportInput {
  return {
    mode: 'full',
    dryRun: false,
    nowMs: Date.parse('2026-03-20T02:00:00-03:00'),
    projects: ['SUP'],
    startedAtMs: Date.parse('2026-03-20T05:00:01.500Z'),
    durationMs: 1234,
    finished,
    callsAtStart: { total: 10, retries: 1, byOperation: { myself: 1, searchIssues: 9 } },
    callsAtEnd: {
      total: 17,
      retries: 2,
      byOperation: { myself: 1, searchIssues: 10, addComment: 3, doTransition: 3 },
    },
    writes: 6,
    writeCap: 500,
    ...extra,
  };
}

describe('the sweep report', () => {
  const finished: CountedIssue[] = [
    {
      order: 3,
      calls: 3.5,
      entry: entry('SUP-4', 'closed', { rule: 'auto-close', actions: ['a', 'b'] }),
    },
    { order: 1, calls: 0.25, entry: entry('SUP-2', 'not-due', window) },
    {
      order: 0,
      calls: 2.25,
      entry: entry('SUP-1', 'closed', { rule: 'auto-close', actions: ['a', 'b'] }),
    },
    { order: 2, calls: 0.25, entry: entry('SUP-3', 'no-action') },
    { order: 5, calls: 1, entry: entry('SUP-6', 'failed') },
    { order: 4, calls: 1, entry: entry('SUP-5', 'deferred') },
    {
      order: 6,
      calls: 0.5,
      entry: entry('SUP-7', 'not-due', { ...window, closesAt: '2026-03-27T00:00:00-03:00' }),
    },
  ];

  it('lists the issues by outcome in the order the search found them, whatever order they finished in', () => {
    const report = buildReport(input(finished));
    expect(report.counts).toEqual({
      closed: 2,
      reopened: 0,
      reminded: 0,
      'moved-to-analysts': 0,
      'not-due': 2,
      'no-action': 1,
      deferred: 1,
      blocked: 0,
      failed: 1,
      moved: 0,
    });
    expect(report.issues).toEqual({
      closed: ['SUP-1', 'SUP-4'],
      'not-due': ['SUP-2', 'SUP-7'],
      'no-action': ['SUP-3'],
      deferred: ['SUP-5'],
      failed: ['SUP-6'],
    });
  });

  it('plans the issues with actions, the deferred and the failed; lists each not-due issue with its window', () => {
    const report = buildReport(input(finished));
    expect(report.plan.map((p) => p.issue)).toEqual(['SUP-1', 'SUP-4', 'SUP-5', 'SUP-6']);
    expect(report.notDue).toEqual([
      { issue: 'SUP-2', ...window },
      { issue: 'SUP-7', closesAt: '2026-03-27T00:00:00-03:00', lastBusinessDay: '2026-03-25' },
    ]);
  });

  it("counts this run's calls, per closed and per not-due issue, rounded", () => {
    const { jiraCalls } = buildReport(input(finished));
    expect(jiraCalls).toEqual({
      total: 7,
      retries: 1,
      byOperation: { searchIssues: 1, addComment: 3, doTransition: 3 },
      perClosedIssue: 2.875,
      perNotDueIssue: 0.375,
    });
    const thirds = buildReport(
      input(
        [1, 2, 3].map((order) => ({
          order,
          calls: order === 1 ? 1 : 0,
          entry: entry(`SUP-${order}`, 'not-due', window),
        })),
      ),
    );
    expect(thirds.jiraCalls.perNotDueIssue).toBe(0.333);
  });

  it('has no per-issue figure when no issue had that outcome, and says why it stopped only when it did', () => {
    const empty = buildReport(input([]));
    expect(empty.jiraCalls).toMatchObject({ perClosedIssue: null, perNotDueIssue: null });
    expect(empty.notDue).toEqual([]);
    expect(empty).not.toHaveProperty('stoppedEarly');
    expect(buildReport(input([], { stoppedEarly: 'shutting down' })).stoppedEarly).toBe(
      'shutting down',
    );
  });

  it('carries the run as it was: mode, dry run, the instants and the writes', () => {
    expect(buildReport(input([], { mode: 'catch-up', dryRun: true }))).toMatchObject({
      mode: 'catch-up',
      dryRun: true,
      now: '2026-03-20T05:00:00.000Z',
      projects: ['SUP'],
      startedAt: '2026-03-20T05:00:01.500Z',
      durationMs: 1234,
      writes: 6,
      writeCap: 500,
    });
  });
});
