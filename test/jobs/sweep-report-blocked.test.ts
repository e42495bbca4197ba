/** The `blocked` outcome: counted, listed in the plan with its reason, printed, not a failure. */
import { describe, expect, it } from '@jest/globals';
import { formatReport } from '../../src/cli/sweep-report-text.ts';
import { buildReport, type CountedIssue } from '../../src/jobs/sweep-report.ts';

const REASON = '"Fechar" needs Resolution; set transitions.closed.fields.resolution';

const finished: CountedIssue[] = [
  {
    order: 0,
    calls: 1,
    entry: {
      issue: 'SUP-2',
      status: 'validation',
      outcome: 'blocked',
      rule: 'auto-close',
      reason: REASON,
      actions: [],
      closesAt: '2026-11-19T00:00:00-03:00',
      lastBusinessDay: '2026-11-18',
    },
  },
];

function report(dryRun: boolean) {
  const calls = { total: 0, retries: 0, byOperation: {} };
  return buildReport({
    mode: 'full',
    dryRun,
    nowMs: Date.parse('2026-12-01T02:00:00-03:00'),
    projects: ['SUP'],
    startedAtMs: Date.parse('2026-12-01T02:00:00-03:00'),
    durationMs: 5,
    finished,
    callsAtStart: calls,
    callsAtEnd: calls,
    writes: 0,
    writeCap: 500,
  });
}

describe('a blocked issue', () => {
  it('is counted, listed by outcome and planned with its reason, and is not a failure', () => {
    const { counts, issues, plan } = report(false);
    expect(counts).toMatchObject({ blocked: 1, failed: 0, closed: 0 });
    expect(issues).toEqual({ blocked: ['SUP-2'] });
    expect(plan).toEqual([expect.objectContaining({ issue: 'SUP-2', reason: REASON })]);
  });

  it('is printed with its reason, in a dry run too', () => {
    expect(formatReport(report(false))).toContain(`  blocked 1\n`);
    expect(formatReport(report(false))).toContain(`  SUP-2 was blocked: ${REASON}\n`);
    expect(formatReport(report(true))).toContain(`  SUP-2 would be blocked: ${REASON}\n`);
  });
});
