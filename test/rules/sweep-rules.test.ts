import { describe, expect, it } from '@jest/globals';
import { projectCalendar } from '../../src/config/index.ts';
import { decideValidation, MARKER_PROPERTY, type SweepContext } from '../../src/rules/index.ts';
import {
  ANALYST,
  ANALYST_VERDICT,
  at,
  judged,
  CLINIC,
  change,
  comment,
  issue,
  STATUS,
  sup,
} from './fixtures.ts';

const calendar = projectCalendar(sup);

// Resolved on the Friday before Carnival 2026. SUP's calendar (BR-SP-SP, public + bank) skips
// Carnival Monday and Tuesday: days 1-5 are Feb 18-20, 23, 24; closes at 2026-02-25T00:00-03:00.
const entered = change('analysts', 'validation', '2026-02-13T17:00:00-03:00');
const resolved = issue('validation', [
  change('open', 'analysts', '2026-02-10T09:00:00-03:00'),
  entered,
]);

function validation(nowIso: string, extra: Partial<SweepContext> = {}) {
  return decideValidation({ issue: resolved, project: sup, calendar, nowMs: at(nowIso), ...extra });
}

describe('an issue in validation', () => {
  it('is left alone without reading comments while quiet and not due', () => {
    const verdict = validation('2026-02-20T02:00:00-03:00');
    expect(verdict).toMatchObject({ kind: 'decided', decision: { rule: 'none', code: 'not-due' } });
    expect(verdict.window).toMatchObject({
      lastBusinessDay: '2026-02-24',
      closesAtMs: at('2026-02-25T00:00:00-03:00'),
    });
  });

  it('asks for comments when something happened since it entered validation', () => {
    const touched = { ...resolved, updatedMs: at('2026-02-19T08:00:00-03:00') };
    expect(validation('2026-02-20T02:00:00-03:00', { issue: touched })).toMatchObject({
      kind: 'read-comments',
      code: 'updated-since',
    });
  });

  it('reads the comments of an issue updated a millisecond after it entered validation', () => {
    // A customer's reply made at once after the resolution: no slack may hide it.
    for (const [updatedMs, kind] of [
      [entered.atMs, 'decided'],
      [entered.atMs + 1, 'read-comments'],
      [entered.atMs + 999, 'read-comments'],
    ] as const) {
      expect(
        validation('2026-02-25T02:00:00-03:00', { issue: { ...resolved, updatedMs } }).kind,
      ).toBe(kind);
    }
  });

  it('reads the comments of a due issue that was updated since it entered validation', () => {
    const touched = { ...resolved, updatedMs: at('2026-02-19T08:00:00-03:00') };
    expect(validation('2026-02-25T02:00:00-03:00', { issue: touched })).toMatchObject({
      kind: 'read-comments',
      code: 'due',
    });
  });

  it('closes a quiet due issue with the closing comment then the transition, without reading comments', () => {
    const verdict = validation('2026-02-25T02:00:00-03:00');
    expect(verdict.kind === 'decided' && verdict.decision).toEqual({
      rule: 'auto-close',
      code: 'deadline-passed',
      // The report shows the last business day: an admin checks the date against the calendar.
      reason: 'deadline passed (2026-02-24 was the last business day) with no customer comment',
      actions: [
        {
          type: 'comment',
          text: expect.stringContaining('encerrado automaticamente em 25/02/2026'),
          internal: false,
          properties: { [MARKER_PROPERTY]: { kind: 'closing', cycle: entered.historyId } },
          why: 'tell the customer the issue closed without validation',
        },
        {
          type: 'transition',
          to: sup.statuses.closed,
          via: { target: 'closed', name: 'Fechar', fields: { resolution: { name: 'Resolvido' } } },
          why: 'the validation window ended',
        },
      ],
    });
    const text =
      verdict.kind === 'decided' && verdict.decision.actions[0]!.type === 'comment'
        ? verdict.decision.actions[0]!.text
        : '';
    expect(text).toContain('5 dias úteis');
    expect(text).toContain('(13/02/2026)');
    expect(text).not.toMatch(/\{\{/);
  });

  it('is not due one minute before the deadline', () => {
    const verdict = validation('2026-02-24T23:59:00-03:00', { comments: [] });
    // The last day's reminder was never recorded, so it is what is left to do; never a close.
    expect(verdict).toMatchObject({
      kind: 'decided',
      decision: { rule: 'reminder', code: 'reminder-due' },
    });
  });

  it('reopens, not closes, on a customer comment one minute before the deadline', () => {
    const lastMinute = judged(comment('900', CLINIC, '2026-02-24T23:59:00-03:00'));
    const verdict = validation('2026-02-25T02:00:00-03:00', { comments: [lastMinute] });
    expect(verdict).toMatchObject({
      kind: 'decided',
      decision: { rule: 'customer-rejection', code: 'missed-rejection' },
    });
    expect(verdict.kind === 'decided' && verdict.decision.actions.map((a) => a.type)).toEqual([
      'comment',
      'transition',
    ]);
  });

  it('still closes when only an analyst commented during validation', () => {
    const note = judged(comment('901', ANALYST, '2026-02-20T10:00:00-03:00'), ANALYST_VERDICT);
    const verdict = validation('2026-02-25T02:00:00-03:00', { comments: [note] });
    expect(verdict).toMatchObject({ decision: { rule: 'auto-close', code: 'deadline-passed' } });
  });

  it('ignores internal notes by the customer', () => {
    const internal = judged(
      comment('902', CLINIC, '2026-02-20T10:00:00-03:00', { isPublic: false }),
    );
    const verdict = validation('2026-02-25T02:00:00-03:00', { comments: [internal] });
    expect(verdict).toMatchObject({ decision: { rule: 'auto-close', code: 'deadline-passed' } });
  });

  it('only transitions when the closing comment of this cycle is already there (a rerun after a failure)', () => {
    const closing = judged(
      comment('903', ANALYST, '2026-02-25T02:00:01-03:00', {
        properties: { [MARKER_PROPERTY]: { kind: 'closing', cycle: entered.historyId } },
      }),
      ANALYST_VERDICT,
    );
    const verdict = validation('2026-02-25T02:30:00-03:00', { comments: [closing] });
    expect(verdict).toMatchObject({
      decision: { rule: 'auto-close', code: 'closing-comment-posted' },
    });
    expect(verdict.kind === 'decided' && verdict.decision.actions.map((a) => a.type)).toEqual([
      'transition',
    ]);
  });

  it("deletes the later copies of this cycle's marked comments it read (runs that raced and failed), keeping the first", () => {
    const marked = (id: string, iso: string, kind: string, cycle = entered.historyId) =>
      judged(
        comment(id, ANALYST, iso, { properties: { [MARKER_PROPERTY]: { kind, cycle } } }),
        ANALYST_VERDICT,
      );
    const comments = [
      marked('950', '2026-02-24T02:00:00-03:00', 'reminder'),
      marked('951', '2026-02-24T02:00:00-03:00', 'reminder'),
      marked('960', '2026-02-25T02:00:01-03:00', 'closing'),
      marked('961', '2026-02-25T02:00:01-03:00', 'closing'),
      marked('962', '2026-02-25T02:00:00-03:00', 'closing', 'an older cycle'),
    ];
    // Read in any order: the copy kept is the first posted (then the lowest id), whoever reads.
    const verdict = validation('2026-02-25T02:30:00-03:00', { comments: comments.reverse() });
    expect(verdict.kind === 'decided' && verdict.decision).toMatchObject({
      code: 'closing-comment-posted',
      actions: [
        {
          type: 'delete-comment',
          commentId: '951',
          why: "a later copy of this cycle's reminder comment",
        },
        {
          type: 'delete-comment',
          commentId: '961',
          why: "a later copy of this cycle's closing comment",
        },
        { type: 'transition', to: sup.statuses.closed },
      ],
    });
  });

  it('restarts the clock when the issue left and re-entered validation', () => {
    const reentered = change('analysts', 'validation', '2026-02-23T10:00:00-03:00');
    const cycled = issue('validation', [
      change('open', 'analysts', '2026-02-10T09:00:00-03:00'),
      entered,
      change('validation', 'analysts', '2026-02-20T09:00:00-03:00'),
      reentered,
    ]);
    // An old cycle's closing marker does not count for the new cycle.
    const oldClosing = judged(
      comment('904', ANALYST, '2026-02-20T08:00:00-03:00', {
        properties: { [MARKER_PROPERTY]: { kind: 'closing', cycle: entered.historyId } },
      }),
      ANALYST_VERDICT,
    );
    const early = decideValidation({
      issue: cycled,
      project: sup,
      calendar,
      nowMs: at('2026-02-25T02:00:00-03:00'),
      comments: [],
    });
    expect(early).toMatchObject({ decision: { rule: 'none', code: 'not-due' } });
    expect(early.window).toMatchObject({
      cycle: reentered.historyId,
      lastBusinessDay: '2026-03-02',
    });
    const late = decideValidation({
      issue: cycled,
      project: sup,
      calendar,
      nowMs: at('2026-03-03T02:00:00-03:00'),
      comments: [oldClosing],
    });
    expect(late.kind === 'decided' && late.decision.actions.map((a) => a.type)).toEqual([
      'comment',
      'transition',
    ]);
  });

  it('uses the last entry of a history longer than 40 changes', () => {
    const changes = [];
    for (let day = 1; day <= 22; day++) {
      const d = String(day).padStart(2, '0');
      changes.push(change('analysts', 'validation', `2026-01-${d}T09:00:00-03:00`));
      changes.push(change('validation', 'analysts', `2026-01-${d}T15:00:00-03:00`));
    }
    const last = change('analysts', 'validation', '2026-02-02T10:00:00-03:00');
    changes.push(last);
    expect(changes.length).toBeGreaterThan(40);
    const long = issue('validation', changes);
    const verdict = decideValidation({
      issue: long,
      project: sup,
      calendar,
      nowMs: at('2026-02-03T02:00:00-03:00'),
    });
    expect(verdict.window?.cycle).toBe(last.historyId);
    expect(verdict.window?.lastBusinessDay).toBe('2026-02-09');
  });

  it('sends the reminder once during the last business day', () => {
    // Day 5 is Feb 24: the reminder goes out from 2026-02-24T00:00-03:00.
    expect(validation('2026-02-23T23:00:00-03:00').kind).toBe('decided');
    // Quiet since it entered validation: no comment to read, the reminder is decided at once.
    const verdict = validation('2026-02-24T02:00:00-03:00');
    expect(verdict).toMatchObject({ decision: { rule: 'reminder', code: 'reminder-due' } });
    const actions = verdict.kind === 'decided' ? verdict.decision.actions : [];
    expect(actions[0]).toMatchObject({
      type: 'comment',
      internal: false,
      text: expect.stringContaining('encerrado automaticamente em 25/02/2026'),
      properties: { [MARKER_PROPERTY]: { kind: 'reminder', cycle: entered.historyId } },
    });
    expect(actions[1]).toMatchObject({ type: 'set-property', key: 'jira-support.validation' });

    const sent = judged(
      comment('905', ANALYST, '2026-02-24T02:00:05-03:00', {
        properties: { [MARKER_PROPERTY]: { kind: 'reminder', cycle: entered.historyId } },
      }),
      ANALYST_VERDICT,
    );
    const again = validation('2026-02-24T14:00:00-03:00', { comments: [sent] });
    expect(again.kind === 'decided' && again.decision).toMatchObject({
      rule: 'none',
      code: 'reminder-already-sent',
      actions: [],
    });
  });

  it('stays quiet after its own reminder: the property says when it was posted', () => {
    const reminded = {
      ...resolved,
      updatedMs: at('2026-02-24T02:00:01-03:00'),
      properties: {
        'jira-support.validation': {
          cycle: entered.historyId,
          reminderCommentAt: '2026-02-24T05:00:01.000Z',
        },
      },
    };
    const sameDay = validation('2026-02-24T14:00:00-03:00', { issue: reminded });
    expect(sameDay).toMatchObject({
      kind: 'decided',
      decision: { rule: 'none', code: 'reminder-already-sent', actions: [] },
    });
    const due = validation('2026-02-25T02:00:00-03:00', { issue: reminded });
    expect(due).toMatchObject({ decision: { rule: 'auto-close', code: 'deadline-passed' } });
    // A customer comment after the reminder bumps `updated`: the comments are read again, even
    // one made the moment after the reminder.
    const answered = { ...reminded, updatedMs: at('2026-02-24T09:00:00-03:00') };
    expect(validation('2026-02-25T02:00:00-03:00', { issue: answered }).kind).toBe('read-comments');
    const atOnce = { ...reminded, updatedMs: at('2026-02-24T02:00:01.001-03:00') };
    expect(validation('2026-02-25T02:00:00-03:00', { issue: atOnce }).kind).toBe('read-comments');
    // A record from an earlier cycle does not count.
    const stale = {
      ...reminded,
      properties: {
        'jira-support.validation': { cycle: 'old', reminderCommentAt: '2026-02-24T05:00:01.000Z' },
      },
    };
    expect(validation('2026-02-25T02:00:00-03:00', { issue: stale }).kind).toBe('read-comments');
  });

  it('reads the comments of an updated issue whose reminder is due before reminding', () => {
    const touched = { ...resolved, updatedMs: at('2026-02-19T08:00:00-03:00') };
    expect(validation('2026-02-24T02:00:00-03:00', { issue: touched })).toMatchObject({
      kind: 'read-comments',
      code: 'reminder-due',
    });
  });

  it('leaves an issue that moved on, or whose entry the history does not show', () => {
    const moved = { ...resolved, status: STATUS.analysts };
    expect(validation('2026-02-25T02:00:00-03:00', { issue: moved })).toMatchObject({
      decision: { rule: 'none', code: 'left-validation', actions: [] },
    });
    const noHistory = { ...resolved, statusChanges: [] };
    expect(validation('2026-02-25T02:00:00-03:00', { issue: noHistory })).toMatchObject({
      decision: { rule: 'none', code: 'entry-not-in-history', actions: [] },
    });
  });

  it('sends no reminder when the project turned reminders off', () => {
    const verdict = validation('2026-02-24T02:00:00-03:00', {
      project: { ...sup, reminder: { enabled: false, businessDaysBefore: 1 } },
    });
    expect(verdict).toMatchObject({ decision: { rule: 'none', code: 'not-due', actions: [] } });
  });

  it('closes in the right night around Christmas', () => {
    // Resolved Tuesday 2026-12-22: Wed 23, Thu 24 (optional, not off for SUP), [25], Mon 28, Tue 29,
    // Wed 30: closes at 2026-12-31T00:00-03:00.
    const christmas = issue('validation', [
      change('analysts', 'validation', '2026-12-22T18:00:00-03:00'),
    ]);
    const before = decideValidation({
      issue: christmas,
      project: sup,
      calendar,
      nowMs: at('2026-12-30T23:59:00-03:00'),
      comments: [],
    });
    expect(before).toMatchObject({ decision: { rule: 'reminder', code: 'reminder-due' } });
    const after = decideValidation({
      issue: christmas,
      project: sup,
      calendar,
      nowMs: at('2026-12-31T02:00:00-03:00'),
      comments: [],
    });
    expect(after).toMatchObject({ decision: { rule: 'auto-close', code: 'deadline-passed' } });
  });
});
