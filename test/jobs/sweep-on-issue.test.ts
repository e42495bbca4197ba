/**
 * The sweep's onIssue hook: a dry run reports every issue it looked at (the admin page's forecast
 * reads it), acted on or not, with the window a validation issue was decided with.
 */
import { describe, expect, it } from '@jest/globals';
import type { SeenIssue } from '../../src/jobs/index.ts';
import { CLINIC } from '../rules/fixtures.ts';
import { DUE, NIGHT, NOT_DUE, world } from './in-memory.ts';

describe('the sweep onIssue hook', () => {
  it('reports each issue looked at, not only those with actions, with its project and window', async () => {
    const w = world();
    w.put(1, DUE);
    w.put(2, NOT_DUE);
    w.put(3, '2026-03-16T10:00:00-03:00', 'pending');
    const seen: Array<SeenIssue & { project: string }> = [];

    const report = await w.sweep({ dryRun: true, onIssue: (s) => seen.push(s) });

    const byKey = new Map(seen.map((s) => [s.issue.key, s]));
    expect([...byKey.keys()].sort()).toEqual(['SUP-1', 'SUP-2', 'SUP-3']);
    expect(seen.every((s) => s.project === 'SUP')).toBe(true);
    expect(byKey.get('SUP-1')).toMatchObject({
      kind: 'validation',
      entry: { outcome: 'closed', rule: 'auto-close', lastBusinessDay: '2026-03-09' },
      window: {
        lastBusinessDay: '2026-03-09',
        closesAtMs: Date.parse('2026-03-10T00:00:00-03:00'),
      },
    });
    expect(byKey.get('SUP-2')).toMatchObject({
      entry: { outcome: 'not-due', actions: [] },
      window: { lastBusinessDay: '2026-03-25' },
    });
    expect(byKey.get('SUP-3')).toMatchObject({ kind: 'pending', entry: { outcome: 'no-action' } });
    expect(byKey.get('SUP-3')!.window).toBeUndefined();
    // The decision the entry reports, with its code and typed actions, for the admin page only.
    expect(byKey.get('SUP-1')!.decision).toMatchObject({
      code: 'deadline-passed',
      actions: [
        { type: 'comment', internal: false },
        { type: 'transition', to: { name: 'Fechado' } },
      ],
    });
    expect(byKey.get('SUP-2')!.decision).toMatchObject({ code: 'not-due', actions: [] });
    expect(byKey.get('SUP-3')!.decision).toMatchObject({ code: 'quiet-since-pending' });
    expect(report.plan.map((p) => Object.keys(p).sort())).toEqual([
      ['actions', 'closesAt', 'issue', 'lastBusinessDay', 'outcome', 'reason', 'rule', 'status'],
    ]);
    // The report is the same with or without the hook.
    const plain = await world().sweep({ dryRun: true });
    expect(report.counts).toEqual({ ...plain.counts, closed: 1, 'not-due': 1, 'no-action': 1 });
  });

  it('reports no decision for an issue gone when read again: the decision made before does not stand', async () => {
    const w = world();
    // A reply the webhook missed: decided from the search page, then read again before acting.
    const key = w.put(1, '2026-03-18T10:00:00-03:00', 'pending');
    w.clock.now = Date.parse('2026-03-19T10:00:00-03:00');
    w.jira.comment(key, CLINIC);
    w.clock.now = NIGHT;
    w.onCall('rereadIssues', () => w.jira.issues.delete(key));
    const seen: Array<SeenIssue & { project: string }> = [];

    await w.sweep({ dryRun: true, onIssue: (s) => seen.push(s) });

    expect(w.jira.calls.some((c) => c.op === 'rereadIssues')).toBe(true);
    expect(seen).toHaveLength(1);
    expect(seen[0]!.entry).toMatchObject({ outcome: 'no-action', rule: 'none' });
    expect(seen[0]!.decision).toBeUndefined();
  });
});
