/**
 * Calendário (month grids with named, scoped days; the deadline calculator) and Configuração
 * (projects as loaded, next runs, the doctor's last checklist).
 */
import { describe, expect, it } from '@jest/globals';
import { AdminInputError, type CalendarDay } from '../../src/admin/admin-model.ts';
import { calendarFor } from '../../src/calendar/index.ts';
import type { ProjectsFile } from '../../src/config/index.ts';
import { config, sup } from '../rules/fixtures.ts';
import { adminWorld } from './support.ts';

const withDays: ProjectsFile = {
  ...config,
  projects: {
    SUP: {
      ...sup,
      calendar: {
        ...sup.calendar,
        closures: [{ date: '2026-12-28', name: 'Recesso de fim de ano' }],
        workingDays: [{ date: '2027-01-30', name: 'Sábado de inventário' }],
      },
    },
  },
};

function dayOf(w: ReturnType<typeof adminWorld>, date: string): CalendarDay | undefined {
  const [view] = w.admin.calendar().projects;
  return view!.months.flatMap((m) => m.days).find((d) => d.date === date);
}

describe('the admin calendar', () => {
  it('shows the current month and the next two, each day named with its kind and scope', () => {
    const w = adminWorld({ config: withDays });
    w.clock.now = Date.parse('2026-12-10T12:00:00-03:00');

    const [view] = w.admin.calendar().projects;

    expect(view).toMatchObject({ project: 'SUP', region: 'BR-SP-SP', businessDays: 5 });
    expect(view!.months.map((m) => [m.month, m.days.length])).toEqual([
      ['2026-12', 31],
      ['2027-01', 31],
      ['2027-02', 28],
    ]);
    expect(dayOf(w, '2026-12-25')).toEqual({
      date: '2026-12-25',
      business: false,
      kind: 'holiday',
      name: 'Natal',
      scope: 'national',
    });
    expect(dayOf(w, '2027-01-25')).toMatchObject({
      business: false,
      kind: 'holiday',
      scope: 'city',
    });
    expect(dayOf(w, '2026-12-28')).toEqual({
      date: '2026-12-28',
      business: false,
      kind: 'closure',
      name: 'Recesso de fim de ano',
    });
    expect(dayOf(w, '2027-01-30')).toEqual({
      date: '2027-01-30',
      business: true,
      kind: 'working-day',
      name: 'Sábado de inventário',
    });
    expect(dayOf(w, '2027-01-31')).toMatchObject({ business: false, kind: 'weekend' });
    expect(dayOf(w, '2026-12-29')).toEqual({ date: '2026-12-29', business: true });
  });

  it("marks São Paulo state's 9 July as a state holiday", () => {
    const w = adminWorld();
    w.clock.now = Date.parse('2027-06-15T12:00:00-03:00');
    expect(dayOf(w, '2027-07-09')).toMatchObject({
      business: false,
      kind: 'holiday',
      scope: 'state',
    });
  });

  it('answers the calculator as the deadline command does, and refuses what it cannot read', () => {
    const w = adminWorld({ config: withDays });
    const from = '2026-12-23T17:00:00-03:00';
    const expected = calendarFor(withDays.projects.SUP!.calendar).deadline(Date.parse(from), 5);

    const answer = w.admin.deadline('SUP', from);

    expect(answer).toEqual({
      project: 'SUP',
      from,
      days: 5,
      startDate: '2026-12-23',
      lastBusinessDay: expected.lastBusinessDay,
      closesAt: expected.closesAt,
      skipped: expected.skipped,
    });
    // Dec 24 is an `optional` holiday, not among SUP's types; the closure and New Year's Day are.
    expect(answer.skipped.map((s) => s.date)).toEqual(['2026-12-25', '2026-12-28', '2027-01-01']);
    // A wall-clock time is read in the project's zone.
    expect(w.admin.deadline('SUP', '2026-12-23T17:00').from).toBe(from);
    expect(() => w.admin.deadline('NOPE', from)).toThrow(AdminInputError);
    expect(() => w.admin.deadline('SUP', '23/12/2026')).toThrow(AdminInputError);
    expect(() => w.admin.deadline('SUP', '2026-02-30')).toThrow(AdminInputError);
  });

  it('says what was wrong with the request in Portuguese', () => {
    const w = adminWorld();
    const message = (project: string, from: string) => {
      try {
        w.admin.deadline(project, from);
      } catch (error) {
        if (error instanceof AdminInputError) return error.message;
        throw error;
      }
      throw new Error('expected an AdminInputError');
    };

    expect(message('NOPE', '2026-12-23')).toBe('o projeto NOPE não está configurado');
    expect(message('SUP', '23/12/2026')).toBe(
      'data inválida: "23/12/2026" (use aaaa-mm-dd ou data e hora ISO, como 2026-02-13T17:00:00-03:00)',
    );
    expect(message('SUP', '1850-03-02')).toBe(
      'a data 1850-03-02 está fora dos anos que o calendário cobre',
    );
  });
});

describe('the admin config section', () => {
  it('lists the projects as loaded and when each schedule runs next, in its time zone', () => {
    const w = adminWorld();

    const section = w.admin.config();

    expect(section.configFile).toBe('config/projects.yaml');
    expect(section.projects).toEqual([
      expect.objectContaining({
        key: 'SUP',
        businessDays: 5,
        reminder: { enabled: true, businessDaysBefore: 1 },
        calendar: { region: 'BR-SP-SP', types: ['public', 'bank'], timeZone: 'America/Sao_Paulo' },
        assignBackToAnalyst: true,
      }),
    ]);
    expect(section.projects[0]!.statuses.validation).toBe(
      (sup.statuses.validation as { name: string }).name,
    );
    // The world's clock is 2026-03-20T02:00-03:00, the full sweep's own minute.
    expect(section.schedules).toEqual({
      timeZone: 'America/Sao_Paulo',
      scheduler: true,
      maxWritesPerRun: config.schedules.maxWritesPerRun,
      runs: [
        { mode: 'full', cron: '0 2 * * *', nextRun: '2026-03-21T02:00:00-03:00' },
        { mode: 'catch-up', cron: '*/15 * * * *', nextRun: '2026-03-20T02:15:00-03:00' },
      ],
    });
    expect(section.doctor).toBeUndefined();
  });
});
