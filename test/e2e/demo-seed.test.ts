import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { calendarFor, formatIsoDate, type DayNumber } from '../../src/calendar/index.ts';
import { MARKER_PROPERTY, VALIDATION_PROPERTY } from '../../src/rules/index.ts';
import { createSandbox, type Sandbox } from '../../src/sandbox/index.ts';
import type { Issue } from '../../src/sandbox/model.ts';
import { DEMO_CLOSURE_NAME, withDemoClosure } from '../../src/service/demo-calendar.ts';
import { CONFIG, startWorld } from '../support/world.ts';
import { STATUS } from './world.ts';

// The demo seed (config/sandbox-demo.yaml) that `npm start` loads: what it shows on /admin
// must hold whenever it runs, so it is checked here at fixed instants, by the calendar.

/** A Wednesday evening in São Paulo, with no holiday in the next two weeks. */
const WEDNESDAY = Date.parse('2026-12-02T20:00:00-03:00');
const DAY_MS = 86_400_000;

function demoSandbox(now: number): Sandbox {
  return createSandbox({ demo: true, now });
}

function statusOf(sandbox: Sandbox, issue: Issue): string {
  return sandbox.site.status(issue.statusId).name;
}

/** When each demo issue in validation entered it (its latest status change). */
function validationEntries(sandbox: Sandbox): Map<string, number> {
  const entries = new Map<string, number>();
  for (const issue of sandbox.store.allIssues()) {
    if (issue.number < 6 || statusOf(sandbox, issue) !== STATUS.validation) continue;
    entries.set(issue.key, issue.histories.at(-1)!.created);
  }
  return entries;
}

describe('the demo seed', () => {
  it('comes after the base seed (SUP-1..SUP-5 unchanged) and only when asked for', () => {
    const base = createSandbox({ now: WEDNESDAY });
    const demo = demoSandbox(WEDNESDAY);
    expect(base.store.size).toBe(5);
    expect(demo.store.size).toBe(16);
    for (const key of ['SUP-1', 'SUP-2', 'SUP-3', 'SUP-4', 'SUP-5']) {
      expect(demo.store.issue(key)!.summary).toBe(base.store.issue(key)!.summary);
    }
    expect(validationEntries(demo).size).toBe(8);
    const reporters = new Set(
      [...demo.store.allIssues()].filter((i) => i.number >= 6).map((i) => i.reporterId),
    );
    expect(reporters.size).toBeGreaterThanOrEqual(5);
  });

  it('closes on each business day of the next week, the demo closure skipped (Monday)', () => {
    const { config, closure } = withDemoClosure(CONFIG, WEDNESDAY);
    expect(closure?.date).toBe('2026-12-07'); // a Monday
    const calendar = calendarFor(config.projects.SUP!.calendar);
    const last = new Map<string, string>();
    const skipped = new Set<string>();
    for (const [key, entered] of validationEntries(demoSandbox(WEDNESDAY))) {
      const deadline = calendar.deadline(entered, 5);
      last.set(key, deadline.lastBusinessDay);
      for (const day of deadline.skipped) skipped.add(`${day.date} ${day.name}`);
    }
    expect(Object.fromEntries(last)).toEqual({
      'SUP-6': '2026-12-10', // entered today: Thu, Fri, (Mon off), Tue, Wed, Thu
      'SUP-7': '2026-12-09',
      'SUP-8': '2026-12-08',
      'SUP-9': '2026-12-04',
      'SUP-10': '2026-12-09',
      'SUP-11': '2026-12-04',
      'SUP-12': '2026-12-03',
      'SUP-13': '2026-12-02', // its last business day is today: the reminder went out
    });
    expect([...skipped]).toEqual([`2026-12-07 ${DEMO_CLOSURE_NAME}`]);
  });

  it.each([0, 1, 2, 3, 4, 5, 6])(
    'run on any weekday (day %i of a week), still spreads closes over the days around the closure',
    (offset) => {
      const now = WEDNESDAY + offset * DAY_MS;
      const { config, closure } = withDemoClosure(CONFIG, now);
      const calendar = calendarFor(config.projects.SUP!.calendar);
      const today = calendar.zone.localDay(now);
      const horizon = calendar.addBusinessDays(today, 7);
      const days = new Set<DayNumber>();
      let acrossClosure = 0;
      for (const entered of validationEntries(demoSandbox(now)).values()) {
        const deadline = calendar.deadline(entered, 5);
        const lastDay = calendar.zone.localDay(deadline.closesAtMs) - 1;
        expect(lastDay).toBeLessThanOrEqual(horizon);
        days.add(lastDay);
        if (deadline.skipped.some((d) => d.date === closure!.date)) acrossClosure++;
      }
      expect(days.size).toBeGreaterThanOrEqual(4);
      expect(acrossClosure).toBeGreaterThanOrEqual(2);
      expect([...days].some((day) => day > calendar.addBusinessDays(today, 3))).toBe(true);
      expect(formatIsoDate(today)).not.toBe(closure!.date);
    },
  );

  it('records the reminder of SUP-13 as the service does: the sweep does not send another', async () => {
    const world = await startWorld({ sandbox: { demo: true, demoIssues: true, now: WEDNESDAY } });
    try {
      const issue = world.sandbox.store.issue('SUP-13')!;
      const cycle = issue.histories.at(-1)!.id;
      const record = issue.properties.get(VALIDATION_PROPERTY) as Record<string, string>;
      expect(record.cycle).toBe(cycle);
      expect(Date.parse(record.reminderCommentAt!)).toBe(issue.comments.at(-1)!.created);
      const reminders = () =>
        issue.comments.filter(
          (c) => (c.properties.get(MARKER_PROPERTY) as { kind?: string })?.kind === 'reminder',
        );
      expect(reminders()).toHaveLength(1);

      const report = await world.service.sweep('full', { nowMs: WEDNESDAY });
      expect(report.issues['reminded'] ?? []).not.toContain('SUP-13');
      expect(reminders()).toHaveLength(1);
      // The reply the service never heard of: the sweep moves it back to the analyst.
      expect(report.issues['moved-to-analysts']).toEqual(['SUP-16']);
      expect(statusOf(world.sandbox, world.sandbox.store.issue('SUP-16')!)).toBe(STATUS.analysts);
    } finally {
      await world.close();
    }
  });

  it('the control: without the record and the marker, the sweep reminds SUP-13', async () => {
    const world = await startWorld({ sandbox: { demo: true, demoIssues: true, now: WEDNESDAY } });
    try {
      const issue = world.sandbox.store.issue('SUP-13')!;
      world.sandbox.store.setProperty('SUP-13', VALIDATION_PROPERTY, {});
      issue.comments.at(-1)!.properties.delete(MARKER_PROPERTY);
      const report = await world.service.sweep('full', { nowMs: WEDNESDAY });
      expect(report.issues['reminded']).toContain('SUP-13');
    } finally {
      await world.close();
    }
  });

  it('names a demo file problem by its path in the demo file', () => {
    const file = join(tmpdir(), `demo-seed-${process.pid}.yaml`);
    writeFileSync(
      file,
      'issues:\n  - { summary: Sem dono, reporter: ninguem@x.example, created: -1h }\n',
    );
    expect(() => createSandbox({ demo: file })).toThrow(
      /issues\.0\.reporter: unknown user ninguem@x\.example/,
    );
  });
});
