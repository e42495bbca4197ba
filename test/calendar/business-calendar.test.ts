import { describe, expect, it } from '@jest/globals';
import {
  BusinessCalendar,
  calendarFor,
  parseInstant,
  parseIsoDate,
  timeZone,
  type CalendarOptions,
  type HolidayType,
} from '../../src/calendar/index.ts';

const saoPaulo = timeZone('America/Sao_Paulo');

function day(text: string): number {
  const parsed = parseIsoDate(text);
  if (parsed === undefined) throw new Error(`bad date ${text}`);
  return parsed;
}

function deadlineOf(from: string, days: number, region = 'BR', types: HolidayType[] = ['public']) {
  const instant = parseInstant(from, saoPaulo);
  if (instant === undefined) throw new Error(`bad instant ${from}`);
  return calendarFor({ region, types }).deadline(instant, days);
}

function isBusiness(date: string, options: CalendarOptions): boolean {
  return calendarFor(options).isBusinessDay(day(date));
}

describe('the validation deadline', () => {
  it('resolved on the Friday before Carnival 2026, with bank holidays, closes after Ash Wednesday week', () => {
    const deadline = deadlineOf('2026-02-13T17:00:00-03:00', 5, 'BR', ['public', 'bank']);
    expect(deadline.lastBusinessDay).toBe('2026-02-24');
    expect(deadline.closesAt).toBe('2026-02-25T00:00:00-03:00');
    expect(deadline.skipped).toEqual([
      { date: '2026-02-16', name: 'Carnaval' },
      { date: '2026-02-17', name: 'Carnaval' },
    ]);
  });

  it('counts Carnival Monday and Tuesday as business days when bank holidays are not configured', () => {
    const deadline = deadlineOf('2026-02-13T17:00:00-03:00', 5, 'BR', ['public']);
    expect(deadline.lastBusinessDay).toBe('2026-02-20');
    expect(deadline.skipped).toEqual([]);
  });

  it('counts Ash Wednesday, a half day in date-holidays, as a whole day off only with optional', () => {
    const withOptional = deadlineOf('2026-02-13T12:00:00-03:00', 1, 'BR', [
      'public',
      'bank',
      'optional',
    ]);
    expect(withOptional.lastBusinessDay).toBe('2026-02-19');
    expect(withOptional.skipped.map((s) => s.date)).toEqual([
      '2026-02-16',
      '2026-02-17',
      '2026-02-18',
    ]);
    const withoutOptional = deadlineOf('2026-02-13T12:00:00-03:00', 1, 'BR', ['public', 'bank']);
    expect(withoutOptional.lastBusinessDay).toBe('2026-02-18');
  });

  it('skips Good Friday in Holy Week', () => {
    // 2026-04-03 is Good Friday; resolved Wednesday of Holy Week.
    const deadline = deadlineOf('2026-04-01T09:00:00-03:00', 5);
    expect(deadline.lastBusinessDay).toBe('2026-04-09');
    expect(deadline.skipped).toEqual([{ date: '2026-04-03', name: 'Sexta-Feira Santa' }]);
  });

  it('gains nothing from Tiradentes when it falls on a weekend', () => {
    // 2029-04-21 is a Saturday: the week after it has five business days.
    expect(new Date(Date.UTC(2029, 3, 21)).getUTCDay()).toBe(6);
    const deadline = deadlineOf('2029-04-20T10:00:00-03:00', 5);
    expect(deadline.lastBusinessDay).toBe('2029-04-27');
    expect(deadline.skipped).toEqual([]);
  });

  it('skips Tiradentes on a weekday', () => {
    // 2026-04-21 is a Tuesday.
    const deadline = deadlineOf('2026-04-17T10:00:00-03:00', 5);
    expect(deadline.lastBusinessDay).toBe('2026-04-27');
    expect(deadline.skipped).toEqual([{ date: '2026-04-21', name: 'Dia de Tiradentes' }]);
  });

  it('skips Corpus Christi as a bank holiday nationally and as a public holiday in São Paulo city', () => {
    // 2026-06-04 is Corpus Christi (Thursday).
    expect(deadlineOf('2026-06-01T10:00:00-03:00', 5, 'BR', ['public']).lastBusinessDay).toBe(
      '2026-06-08',
    );
    expect(
      deadlineOf('2026-06-01T10:00:00-03:00', 5, 'BR', ['public', 'bank']).lastBusinessDay,
    ).toBe('2026-06-09');
    expect(deadlineOf('2026-06-01T10:00:00-03:00', 5, 'BR-SP-SP', ['public']).lastBusinessDay).toBe(
      '2026-06-09',
    );
  });

  it('skips Christmas and New Year, and Dec 24/31 only with optional', () => {
    const publicOnly = deadlineOf('2026-12-22T15:00:00-03:00', 5);
    expect(publicOnly.lastBusinessDay).toBe('2026-12-30');
    expect(publicOnly.skipped).toEqual([{ date: '2026-12-25', name: 'Natal' }]);

    const withOptional = deadlineOf('2026-12-22T15:00:00-03:00', 5, 'BR', ['public', 'optional']);
    // Wed 23 (day 1), [24, 25], Mon 28, 29, 30, [31, Jan 1], Mon Jan 4 (day 5).
    expect(withOptional.lastBusinessDay).toBe('2027-01-04');
    expect(withOptional.skipped.map((s) => s.date)).toEqual([
      '2026-12-24',
      '2026-12-25',
      '2026-12-31',
      '2027-01-01',
    ]);
  });

  it('ignores the time of day: a Friday evening start counts from Monday', () => {
    expect(deadlineOf('2026-03-06T23:30:00-03:00', 1).lastBusinessDay).toBe('2026-03-09');
    expect(deadlineOf('2026-03-06T00:00:00-03:00', 1).lastBusinessDay).toBe('2026-03-09');
  });

  it('starts on a Saturday: day 1 is Monday', () => {
    const deadline = deadlineOf('2026-03-07T11:00:00-03:00', 5);
    expect(deadline.startDate).toBe('2026-03-07');
    expect(deadline.lastBusinessDay).toBe('2026-03-13');
  });

  it('starts on a holiday: day 1 is the next business day', () => {
    // Resolved on Tiradentes (Tuesday 2026-04-21).
    const deadline = deadlineOf('2026-04-21T10:00:00-03:00', 1);
    expect(deadline.lastBusinessDay).toBe('2026-04-22');
  });

  it('uses the São Paulo date of a late-evening start whose UTC date is already the next day', () => {
    // 22:30 in São Paulo on Friday is 01:30 UTC on Saturday.
    const late = deadlineOf('2026-03-06T22:30:00-03:00', 1);
    const sameInstantUtc = deadlineOf('2026-03-07T01:30:00Z', 1);
    expect(late.startDate).toBe('2026-03-06');
    expect(sameInstantUtc.startDate).toBe('2026-03-06');
    expect(sameInstantUtc.lastBusinessDay).toBe('2026-03-09');
    // A Thursday 23:00 start: day 1 is Friday, not Monday.
    expect(deadlineOf('2026-03-05T23:00:00-03:00', 1).lastBusinessDay).toBe('2026-03-06');
  });

  it('writes closesAt with the offset in force, including the daylight-saving years', () => {
    expect(deadlineOf('2026-07-01T10:00:00-03:00', 5).closesAt).toBe('2026-07-09T00:00:00-03:00');
    // São Paulo was on -02:00 in December 2018.
    expect(deadlineOf('2018-12-03T10:00:00-02:00', 1).closesAt).toBe('2018-12-05T00:00:00-02:00');
    // 2018-11-04 started at 01:00 (clocks jumped at midnight): the window closes then.
    const overGap = deadlineOf('2018-11-02T10:00:00-03:00', 0 + 1);
    expect(overGap.lastBusinessDay).toBe('2018-11-05');
    expect(saoPaulo.formatInstant(saoPaulo.startOfDay(day('2018-11-04')))).toBe(
      '2018-11-04T01:00:00-02:00',
    );
  });
});

describe('Dia da Consciência Negra (Lei 14.759/2023, national from 2024)', () => {
  const cases: Array<[region: string, year: number, dayOff: boolean]> = [
    ['BR', 2023, false],
    ['BR', 2024, true],
    ['BR-SP', 2019, false],
    // São Paulo state made it a state holiday for 2023 (the entry date-holidays ends 2023-12-21),
    ['BR-SP', 2023, true],
    // and that state entry shadows the national one from 2024 in date-holidays 3.37: the calendar
    // puts the national holiday back.
    ['BR-SP', 2024, true],
    ['BR-SP', 2025, true],
    ['BR-RJ', 2024, true],
    ['BR-AM', 2025, true],
    ['BR-MT', 2030, true],
    // The city of São Paulo had it as a municipal holiday before it became national.
    ['BR-SP-SP', 2023, true],
    ['BR-SP-SP', 2024, true],
  ];

  it.each(cases)('in %s on Nov 20 %i a day off: %s', (region, year, dayOff) => {
    expect(isBusiness(`${year}-11-20`, { region, types: ['public'] })).toBe(!dayOff);
  });

  it('names it among the skipped days', () => {
    // 2026-11-20 is a Friday.
    const deadline = deadlineOf('2026-11-19T10:00:00-03:00', 1, 'BR-SP');
    expect(deadline.lastBusinessDay).toBe('2026-11-23');
    expect(deadline.skipped).toEqual([{ date: '2026-11-20', name: 'Dia da Consciência Negra' }]);
  });
});

describe('what is not a day off', () => {
  it('observances are business days whatever the types (Dia dos Namorados, June 12 2026, a Friday)', () => {
    expect(isBusiness('2026-06-12', { region: 'BR', types: ['public', 'bank', 'optional'] })).toBe(
      true,
    );
  });

  it('state holidays count only in that state (Revolução Constitucionalista, July 9 in São Paulo)', () => {
    expect(isBusiness('2026-07-09', { region: 'BR', types: ['public'] })).toBe(true);
    expect(isBusiness('2026-07-09', { region: 'BR-SP', types: ['public'] })).toBe(false);
  });

  it('city holidays count only in that city (São Paulo anniversary, Jan 25 2027, a Monday)', () => {
    expect(isBusiness('2027-01-25', { region: 'BR-SP', types: ['public'] })).toBe(true);
    expect(isBusiness('2027-01-25', { region: 'BR-SP-SP', types: ['public'] })).toBe(false);
  });
});

describe('company closures and extra working days', () => {
  const calendar = new BusinessCalendar({
    region: 'BR',
    types: ['public'],
    closures: [{ date: '2026-12-24', name: 'Recesso de Natal' }, { date: '2026-12-28' }],
    // A Saturday worked to make up for the closures, and Nov 20 worked by agreement.
    workingDays: [{ date: '2026-12-19' }, { date: '2026-11-20' }],
  });

  it('closes on closure days and names them', () => {
    expect(calendar.isBusinessDay(day('2026-12-24'))).toBe(false);
    expect(calendar.dayOffReason(day('2026-12-24'))).toBe('Recesso de Natal');
    expect(calendar.dayOffReason(day('2026-12-28'))).toBe('Fechamento da empresa');
  });

  it('works on extra working days, even a Saturday or a national holiday', () => {
    expect(calendar.isBusinessDay(day('2026-12-19'))).toBe(true);
    expect(calendar.isBusinessDay(day('2026-11-20'))).toBe(true);
  });

  it('counts both in a deadline', () => {
    const start = parseInstant('2026-12-18T10:00:00-03:00', saoPaulo)!;
    // Sat 19 (worked), Mon 21, Tue 22, Wed 23, [24 closed, 25 Christmas, 28 closed], Tue 29.
    const deadline = calendar.deadline(start, 5);
    expect(deadline.lastBusinessDay).toBe('2026-12-29');
    expect(deadline.skipped.map((s) => s.name)).toEqual([
      'Recesso de Natal',
      'Natal',
      'Fechamento da empresa',
    ]);
  });

  it('rejects a closure date that does not exist', () => {
    expect(
      () =>
        new BusinessCalendar({
          region: 'BR',
          types: ['public'],
          closures: [{ date: '2026-02-30' }],
        }),
    ).toThrow(/2026-02-30/);
  });
});

describe('addBusinessDays', () => {
  const calendar = calendarFor({ region: 'BR', types: ['public', 'bank'] });

  it('is the Nth business day strictly after the date', () => {
    expect(calendar.addBusinessDays(day('2026-03-02'), 1)).toBe(day('2026-03-03'));
    expect(calendar.addBusinessDays(day('2026-03-02'), 5)).toBe(day('2026-03-09'));
    expect(calendar.addBusinessDays(day('2026-03-02'), 20)).toBe(day('2026-03-30'));
  });

  it('crosses years lazily and consistently', () => {
    expect(calendar.addBusinessDays(day('2099-12-30'), 2)).toBe(day('2100-01-04'));
  });
});

describe('the time zone is São Paulo, never the host', () => {
  it('reads instants without an offset as São Paulo wall-clock time', () => {
    expect(parseInstant('2026-03-06T22:30', saoPaulo)).toBe(Date.parse('2026-03-07T01:30:00Z'));
    expect(parseInstant('2026-03-06', saoPaulo)).toBe(Date.parse('2026-03-06T03:00:00Z'));
  });

  it('rejects what is not an ISO date-time', () => {
    for (const text of [
      'yesterday',
      '2026-02-30T10:00:00Z',
      '2026-13-01',
      '2026-03-06T25:00',
      '',
    ]) {
      expect(parseInstant(text, saoPaulo)).toBeUndefined();
    }
  });
});
