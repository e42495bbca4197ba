/**
 * The catch-up sweep and the issues the service closed: a customer's comment made while the issue
 * was in validation, just before the nightly sweep closed it, reopens it; the exact Jira calls
 * against the in-memory Jira (test/support/fake-jira.ts).
 */
import { describe, expect, it } from '@jest/globals';
import type { IssueComment } from '../../src/domain/index.ts';
import { formatReport } from '../../src/cli/sweep-report-text.ts';
import { MARKER_PROPERTY } from '../../src/rules/index.ts';
import { FAKE_STATUS } from '../support/fake-jira.ts';
import { ANALYST, change, CLINIC, comment, issue } from '../rules/fixtures.ts';
import {
  DUE,
  NIGHT,
  SEARCHED_BOTH,
  SEARCHED_CATCH_UP,
  threads,
  world,
  type World,
} from './in-memory.ts';

/** The catch-up a quarter of an hour after the nightly run (look-back 60 minutes). */
const CATCH_UP = NIGHT + 15 * 60_000;
const iso = (ms: number) => new Date(ms).toISOString();

/** The vendor's workflow reopens a closed issue through "Reabrir" too (config/sandbox.yaml). */
function withReopenFromClosed(w: World): World {
  w.jira.workflow = [
    ...w.jira.workflow,
    { id: '51', name: 'Reabrir', from: FAKE_STATUS.closed.id, to: FAKE_STATUS.analysts },
  ];
  return w;
}

/** The service's closing comment of the cycle, as the nightly run posts it. */
function closingComment(w: World, cycle: string, atMs: number): IssueComment {
  return comment(`closing-${cycle}`, w.jira.bot, iso(atMs), {
    properties: { [MARKER_PROPERTY]: { kind: 'closing', cycle } },
  });
}

/**
 * SUP-n resolved on DUE and closed at `closedAtMs` by `closedBy` (the service by default) from
 * validation, or from the analysts' status; `comments` besides the closing comment.
 */
function closed(
  w: World,
  n: number,
  options: {
    closedAtMs?: number;
    closedBy?: 'service' | 'analyst';
    from?: 'validation' | 'analysts';
    comments?: IssueComment[];
  } = {},
): string {
  const { closedAtMs = NIGHT, closedBy = 'service', from = 'validation' } = options;
  const entry = change('analysts', 'validation', DUE);
  const changes = [change('open', 'analysts', '2026-02-27T09:00:00-03:00'), entry];
  if (from === 'analysts')
    changes.push(change('validation', 'analysts', '2026-03-05T09:00:00-03:00'));
  changes.push(
    change(from, 'closed', iso(closedAtMs), closedBy === 'service' ? w.jira.bot : ANALYST),
  );
  const comments = [
    ...(closedBy === 'service' ? [closingComment(w, entry.historyId, closedAtMs)] : []),
    ...(options.comments ?? []),
  ];
  const key = `SUP-${n}`;
  const updatedMs = Math.max(closedAtMs, ...comments.map((c) => c.createdMs));
  w.jira.put(issue('closed', changes, { id: String(10_000 + n), key, updatedMs }), comments);
  return key;
}

describe('the catch-up sweep on the issues closed in its look-back', () => {
  it('reads the comments only of the issues the service closed from validation, and reopens the one the customer answered just before the close', async () => {
    const w = withReopenFromClosed(world());
    w.clock.now = CATCH_UP;
    // Between the nightly run's read and its close: the comment it never saw.
    const answered = closed(w, 1, { comments: [comment('c1', CLINIC, iso(NIGHT - 1_000))] });
    const quiet = closed(w, 2);
    // Closed by an analyst, or by the service from another status: decided from the changelog.
    const byAnalyst = closed(w, 3, {
      closedBy: 'analyst',
      comments: [comment('c3', CLINIC, iso(NIGHT - 60_000))],
    });
    const fromAnalysts = closed(w, 4, { from: 'analysts' });
    // Closed by the service the night before, commented on since: before the look-back.
    const yesterday = closed(w, 5, {
      closedAtMs: NIGHT - 86_400_000,
      comments: [comment('c5', CLINIC, iso(CATCH_UP - 5 * 60_000))],
    });
    const searched: string[] = [];
    const search = w.jira.searchIssues.bind(w.jira);
    w.jira.searchIssues = (jql, options) => {
      searched.push(jql);
      return search(jql, options);
    };

    const report = await w.sweep({ mode: 'catch-up' });

    expect(searched.at(-1)).toBe(
      'project = SUP AND status in (6) AND updated >= -60m ORDER BY key ASC',
    );
    expect(threads(w.jira)).toEqual({
      search: SEARCHED_CATCH_UP,
      groups: ['userGroups clinic'],
      [answered]: [
        `commentsSince ${answered}`,
        `rereadIssues ${answered}`, // decided from its page: read fresh before acting
        `addComment ${answered} internal`,
        `commentsSince ${answered}`, // the read-back: one note per cycle, whoever posts it
        `transitionTo ${answered} "Em Atendimento"`,
      ],
      [quiet]: [`commentsSince ${quiet}`],
    });
    expect(report.issues).toEqual({
      reopened: [answered],
      'no-action': [quiet, byAnalyst, fromAnalysts, yesterday],
    });
    expect(report.plan).toEqual([
      expect.objectContaining({
        issue: answered,
        status: 'closed',
        outcome: 'reopened',
        rule: 'customer-rejection',
        reason: expect.stringContaining('before the service closed it'),
      }),
    ]);
    // Reopened through "Reabrir", clearing the resolution, with the note of the validation cycle.
    expect(w.jira.issues.get(answered)!.status).toEqual(FAKE_STATUS.analysts);
    expect(w.jira.transitioned).toEqual([
      { key: answered, transition: '51', fields: { resolution: null } },
    ]);
    const cycle = w.jira.issues.get(answered)!.statusChanges![1]!.historyId;
    const note = w.jira.comments.get(answered)!.at(-1)!;
    expect(note).toMatchObject({ isPublic: false });
    expect(note.properties[MARKER_PROPERTY]).toEqual({ kind: 'reopen', cycle });
  });

  it('closes in the nightly run, then reopens in the catch-up when the customer commented between the read and the close; later catch-ups add nothing', async () => {
    const w = withReopenFromClosed(world());
    w.put(1, DUE);
    // The customer answers as the nightly run posts its closing comment, after its fresh read.
    let answered = false;
    w.onCall('addComment', (call) => {
      if (call.key !== 'SUP-1' || answered) return;
      answered = true;
      w.jira.comment('SUP-1', CLINIC);
    });

    const night = await w.sweep();
    expect(night.issues).toEqual({ closed: ['SUP-1'] });
    // The full run does not look at closed issues.
    expect(threads(w.jira).search).toEqual(SEARCHED_BOTH);

    w.jira.calls.length = 0;
    w.clock.now = CATCH_UP;
    const catchUp = await w.sweep({ mode: 'catch-up' });
    expect(catchUp.issues).toEqual({ reopened: ['SUP-1'] });
    expect(threads(w.jira)['SUP-1']).toEqual([
      'commentsSince SUP-1',
      'rereadIssues SUP-1',
      'addComment SUP-1 internal',
      'commentsSince SUP-1',
      'transitionTo SUP-1 "Em Atendimento"',
    ]);

    w.jira.calls.length = 0;
    w.clock.now = CATCH_UP + 15 * 60_000;
    const next = await w.sweep({ mode: 'catch-up' });
    // No longer closed: found by no search of the catch-up (back with the analysts, not pending).
    expect(next.issues).toEqual({});
    expect(threads(w.jira)).toEqual({ search: SEARCHED_CATCH_UP });
    const notes = w.jira.comments
      .get('SUP-1')!
      .filter((c) => (c.properties[MARKER_PROPERTY] as { kind?: string })?.kind === 'reopen');
    expect(notes).toHaveLength(1);
  });

  it('a dry run plans the reopen and writes nothing', async () => {
    const w = withReopenFromClosed(world());
    w.clock.now = CATCH_UP;
    const key = closed(w, 1, { comments: [comment('c1', CLINIC, iso(NIGHT - 1_000))] });

    const report = await w.sweep({ mode: 'catch-up', dryRun: true });

    expect(report.plan).toEqual([
      expect.objectContaining({
        issue: key,
        outcome: 'reopened',
        actions: [
          expect.stringMatching(/^internal note: Chamado reaberto/),
          'transition to "Em Atendimento"',
        ],
      }),
    ]);
    expect(formatReport(report)).toContain(`  would reopen 1\n`);
    expect(formatReport(report)).toContain(
      `  ${key} would be reopened: customer comment c1 during validation, before the service closed it`,
    );
    expect(w.jira.issues.get(key)!.status).toEqual(FAKE_STATUS.closed);
    expect(threads(w.jira)[key]).toEqual([`commentsSince ${key}`, `rereadIssues ${key}`]);
  });
});
