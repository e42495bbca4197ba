/**
 * Próximos encerramentos and Aguardando o cliente, built from one dry-run sweep of the in-memory
 * Jira: closing dates as the BR-SP-SP calendar computes them, reminder states, paging, the chart.
 */
import { describe, expect, it } from '@jest/globals';
import { AdminInputError } from '../../src/admin/admin-model.ts';
import { enteredCurrentStatus } from '../../src/domain/index.ts';
import { VALIDATION_PROPERTY } from '../../src/rules/index.ts';
import { CLINIC } from '../rules/fixtures.ts';
import { DUE, NOT_DUE, REMINDER } from '../jobs/in-memory.ts';
import { adminWorld, SITE } from './support.ts';

describe('the admin forecast', () => {
  it('lists every validation issue in closing order, with its window, reminder and decision', async () => {
    const w = adminWorld();
    w.put(3, NOT_DUE);
    w.put(1, DUE);
    w.put(2, REMINDER);
    const sent = w.put(4, NOT_DUE);
    const stored = w.jira.issues.get(sent)!;
    stored.properties = {
      [VALIDATION_PROPERTY]: {
        cycle: enteredCurrentStatus(stored)!.historyId,
        reminderCommentAt: '2026-03-19T09:00:00.000-0300',
      },
    };

    const section = await w.admin.forecast(1);

    expect(section.cached).toBe(false);
    expect(section.due).toBe(1);
    expect(
      section.rows.map((r) => [r.issue, r.lastBusinessDay, r.closesAt, r.businessDaysLeft]),
    ).toEqual([
      ['SUP-1', '2026-03-09', '2026-03-10T00:00:00-03:00', 0],
      ['SUP-2', '2026-03-20', '2026-03-21T00:00:00-03:00', 1],
      ['SUP-3', '2026-03-25', '2026-03-26T00:00:00-03:00', 4],
      ['SUP-4', '2026-03-25', '2026-03-26T00:00:00-03:00', 4],
    ]);
    const [due, reminder, notDue, reminded] = section.rows;
    expect(due).toMatchObject({
      project: 'SUP',
      url: `${SITE}/browse/SUP-1`,
      summary: 'Laudo não imprime',
      customer: CLINIC.displayName,
      enteredAt: '2026-03-02T10:00:00-03:00',
      decision: { outcome: 'closed', rule: 'auto-close' },
    });
    expect(due!.decision.actions.length).toBeGreaterThan(0);
    // Past its close, it is closed next: no reminder will go out.
    expect(due!.reminder).toEqual({ state: 'not-sent' });
    expect(reminder!.reminder).toEqual({ state: 'due' });
    expect(reminder!.decision).toMatchObject({ outcome: 'reminded', rule: 'reminder' });
    expect(notDue!.reminder).toEqual({ state: 'scheduled', at: '2026-03-25T00:00:00-03:00' });
    expect(notDue!.decision).toMatchObject({ outcome: 'not-due', actions: [] });
    expect(reminded!.reminder).toEqual({ state: 'sent', at: '2026-03-19T09:00:00-03:00' });
    expect(section.jiraCalls).toBe(w.jira.calls.length);
  });

  it('charts closes per day from today to the 10th business day, the due ones on today, weekends named', async () => {
    const w = adminWorld();
    w.put(1, DUE);
    w.put(2, REMINDER);
    w.put(3, NOT_DUE);

    const [chart] = (await w.admin.forecast(1)).charts;

    expect(chart!.project).toBe('SUP');
    // Friday 03-20 is the 1st business day, Thursday 04-02 the 10th (Good Friday is 04-03).
    expect(chart!.days.map((d) => d.date)).toEqual([
      ...['2026-03-20', '2026-03-21', '2026-03-22', '2026-03-23', '2026-03-24', '2026-03-25'],
      ...['2026-03-26', '2026-03-27', '2026-03-28', '2026-03-29', '2026-03-30', '2026-03-31'],
      ...['2026-04-01', '2026-04-02'],
    ]);
    const closes = Object.fromEntries(
      chart!.days.filter((d) => d.closes).map((d) => [d.date, d.closes]),
    );
    expect(closes).toEqual({ '2026-03-20': 1, '2026-03-21': 1, '2026-03-26': 1 });
    expect(chart!.days[1]!.dayOff).toEqual({ kind: 'weekend', name: 'Fim de semana' });
    expect(chart!.days[0]!.dayOff).toBeUndefined();
  });

  it('marks a holiday in the chart, named', async () => {
    const w = adminWorld();
    w.clock.now = Date.parse('2026-03-30T12:00:00-03:00');
    const [chart] = (await w.admin.forecast(1)).charts;
    const goodFriday = chart!.days.find((d) => d.date === '2026-04-03');
    expect(goodFriday!.dayOff).toEqual({
      kind: 'holiday',
      name: 'Sexta-Feira Santa',
    });
  });

  it('pages 50 at a time; a page out of range is a bad request', async () => {
    const w = adminWorld();
    for (let n = 1; n <= 120; n++) w.put(n, NOT_DUE);

    const first = await w.admin.forecast(1);
    const last = await w.admin.forecast(3);

    expect(first.paging).toEqual({ page: 1, pageSize: 50, total: 120, pages: 3 });
    expect(first.rows).toHaveLength(50);
    expect(last.rows).toHaveLength(20);
    // Same closing moment: in key order, SUP-2 before SUP-10.
    expect(first.rows.slice(0, 3).map((r) => r.issue)).toEqual(['SUP-1', 'SUP-2', 'SUP-3']);
    expect(last.rows.at(-1)!.issue).toBe('SUP-120');
    await expect(w.admin.forecast(4)).rejects.toThrow(AdminInputError);
    await expect(w.admin.forecast(9)).rejects.toThrow(
      new AdminInputError('a página 9 não existe (1 a 3)'),
    );
    await expect(w.admin.forecast(0)).rejects.toThrow(AdminInputError);
    await expect(w.admin.pending(2)).rejects.toThrow(AdminInputError);
    expect((await w.admin.pending(1)).paging).toEqual({
      page: 1,
      pageSize: 50,
      total: 0,
      pages: 1,
    });
  });
});

describe('the admin pending list', () => {
  it('lists pending issues longest first, with business days waiting and a missed reply', async () => {
    const w = adminWorld();
    const recent = w.put(1, '2026-03-18T10:00:00-03:00', 'pending');
    const older = w.put(2, '2026-03-11T10:00:00-03:00', 'pending');
    w.clock.now = Date.parse('2026-03-19T10:00:00-03:00');
    w.jira.comment(recent, CLINIC);
    w.clock.now = Date.parse('2026-03-20T02:00:00-03:00');

    const section = await w.admin.pending(1);

    expect(
      section.rows.map((r) => [r.issue, r.since, r.businessDaysWaiting, r.replyWaiting]),
    ).toEqual([
      // 03-12, 13, 16, 17, 18, 19; today not counted
      [older, '2026-03-11T10:00:00-03:00', 6, false],
      [recent, '2026-03-18T10:00:00-03:00', 1, true],
    ]);
    expect(section.replyWaiting).toBe(1);
    expect(section.rows[1]!.decision).toMatchObject({
      outcome: 'moved-to-analysts',
      rule: 'customer-reply',
      code: 'missed-reply',
      explanation: expect.stringMatching(/^O cliente respondeu enquanto o chamado estava pendente/),
      // The analyst who asked is the assignee already: no assign step.
      steps: ['Transição para «Em Atendimento»'],
    });
    // The dry run wrote nothing.
    expect(w.jira.issues.get(recent)!.status.name).toBe('Pendente Informação do cliente');
  });
});
