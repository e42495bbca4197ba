import { describe, expect, it } from '@jest/globals';
import { formatReport } from '../../src/cli/sweep-report-text.ts';
import { emptyCounts, type SweepReport } from '../../src/jobs/index.ts';

function report(extra: Partial<SweepReport> = {}): SweepReport {
  return {
    mode: 'full',
    dryRun: false,
    now: '2026-03-20T05:00:00.000Z',
    projects: ['SUP'],
    startedAt: '2026-03-20T05:00:00.100Z',
    durationMs: 120,
    counts: {
      ...emptyCounts(),
      closed: 1,
      reminded: 1,
      reopened: 1,
      'moved-to-analysts': 1,
      'not-due': 2,
      deferred: 1,
    },
    issues: { closed: ['SUP-1'], 'not-due': ['SUP-2', 'SUP-7'] },
    plan: [
      {
        issue: 'SUP-1',
        status: 'validation',
        outcome: 'closed',
        rule: 'auto-close',
        reason: 'deadline passed (2026-03-09 was the last business day) with no customer comment',
        actions: ['public comment: Olá!', 'transition to "Fechado"'],
        closesAt: '2026-03-10T00:00:00-03:00',
        lastBusinessDay: '2026-03-09',
      },
    ],
    notDue: [
      { issue: 'SUP-2', closesAt: '2026-03-26T00:00:00-03:00', lastBusinessDay: '2026-03-25' },
      { issue: 'SUP-7', closesAt: '2026-03-27T00:00:00-03:00', lastBusinessDay: '2026-03-26' },
    ],
    jiraCalls: { total: 9, retries: 0, byOperation: {}, perClosedIssue: 3.5, perNotDueIssue: 0.5 },
    writes: 2,
    writeCap: 500,
    ...extra,
  };
}

describe('the sweep report as text', () => {
  it('counts what a dry run would do as what it would do', () => {
    const lines = formatReport(report({ dryRun: true, writes: 0 })).split('\n');
    expect(lines[0]).toBe(
      'DRY RUN (nothing changed in Jira): full sweep of SUP at 2026-03-20T05:00:00.000Z',
    );
    expect(lines[1]).toBe(
      '  would close 1, would reopen 1, would remind 1, would move to analysts 1, not-due 2, deferred 1',
    );
    expect(lines).toContain(
      '  SUP-1 would be closed: deadline passed (2026-03-09 was the last business day) with no customer comment',
    );
  });

  it('counts what a real run did as done', () => {
    const lines = formatReport(report()).split('\n');
    expect(lines[0]).toBe('full sweep of SUP at 2026-03-20T05:00:00.000Z');
    expect(lines[1]).toBe(
      '  closed 1, reopened 1, reminded 1, moved-to-analysts 1, not-due 2, deferred 1',
    );
    expect(lines[2]).toBe('  Jira calls 9 (retries 0), writes 2/500, 120 ms');
    expect(lines.slice(3, 7)).toEqual([
      '  SUP-1 was closed: deadline passed (2026-03-09 was the last business day) with no customer comment',
      '      window closes 2026-03-10T00:00:00-03:00 (last business day 2026-03-09)',
      '      - public comment: Olá!',
      '      - transition to "Fechado"',
    ]);
  });

  it('lists each issue not yet due with when its window closes', () => {
    for (const dryRun of [false, true]) {
      expect(formatReport(report({ dryRun })).split('\n').slice(-3)).toEqual([
        '  SUP-2 not due: window closes 2026-03-26T00:00:00-03:00 (last business day 2026-03-25)',
        '  SUP-7 not due: window closes 2026-03-27T00:00:00-03:00 (last business day 2026-03-26)',
        '',
      ]);
    }
  });

  it('says when nothing was found, and why the run stopped early', () => {
    const text = formatReport(
      report({ counts: emptyCounts(), plan: [], notDue: [], stoppedEarly: 'shutting down' }),
    );
    expect(text.split('\n').slice(1, 4)).toEqual([
      '  no issues in the statuses',
      '  Jira calls 9 (retries 0), writes 2/500, 120 ms',
      '  stopped early: shutting down',
    ]);
  });

  it('names each project Jira refused, with its reason, before the issues', () => {
    const reason =
      "GET /rest/api/3/project/OPS/statuses failed: 404 Not Found (No project could be found with key 'OPS'.)";
    const lines = formatReport(
      report({ projects: ['OPS', 'SUP'], failedProjects: [{ project: 'OPS', reason }] }),
    ).split('\n');
    expect(lines.slice(3, 5)).toEqual([
      `  project OPS failed (not swept): ${reason}`,
      '  SUP-1 was closed: deadline passed (2026-03-09 was the last business day) with no customer comment',
    ]);
    expect(formatReport(report({ failedProjects: [] }))).toBe(formatReport(report()));
  });

  it('links each planned issue on the site people open, when a site is given', () => {
    const lines = formatReport(report(), { siteUrl: 'https://example.atlassian.net/' }).split('\n');
    expect(lines.slice(5, 8)).toEqual([
      '      - public comment: Olá!',
      '      - transition to "Fechado"',
      '      https://example.atlassian.net/browse/SUP-1',
    ]);
    expect(formatReport(report())).not.toContain('/browse/');
  });
});
