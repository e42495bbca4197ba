/**
 * What kind of day a date is in a project's calendar, named: a weekend, a holiday (with its
 * scope), a company closure, or an extra working day. The business calendar answers only
 * "business or not, and why"; the admin page tells the kinds apart.
 */
import {
  isWeekend,
  parseIsoDate,
  partsOfDay,
  scopedDaysOffInYear,
  type BusinessCalendar,
  type DayNumber,
  type ScopedHoliday,
} from '../calendar/index.ts';
import type { CalendarDay, DayKind } from './admin-model.ts';

export const WEEKEND_NAME = 'Fim de semana';
const WORKING_DAY_NAME = 'Dia útil extra';
const CLOSURE_NAME = 'Fechamento da empresa';

/** A calendar's named days, read once per calendar and year. */
export class DayKinds {
  private readonly closures = new Map<DayNumber, string>();
  private readonly workingDays = new Map<DayNumber, string>();
  private readonly holidays = new Map<number, Map<DayNumber, ScopedHoliday>>();

  readonly calendar: BusinessCalendar;

  constructor(calendar: BusinessCalendar) {
    this.calendar = calendar;
    for (const closure of calendar.options.closures ?? []) {
      const day = parseIsoDate(closure.date);
      if (day !== undefined) this.closures.set(day, closure.name ?? CLOSURE_NAME);
    }
    for (const working of calendar.options.workingDays ?? []) {
      const day = parseIsoDate(working.date);
      if (day !== undefined) this.workingDays.set(day, working.name ?? WORKING_DAY_NAME);
    }
  }

  /** The day as the month grid shows it. */
  day(day: DayNumber, date: string): CalendarDay {
    const business = this.calendar.isBusinessDay(day);
    const working = this.workingDays.get(day);
    if (working !== undefined) return { date, business, kind: 'working-day', name: working };
    const closure = this.closures.get(day);
    if (closure !== undefined) return { date, business, kind: 'closure', name: closure };
    const holiday = this.holiday(day);
    if (holiday)
      return { date, business, kind: 'holiday', name: holiday.name, scope: holiday.scope };
    if (isWeekend(day)) return { date, business, kind: 'weekend', name: WEEKEND_NAME };
    return { date, business };
  }

  /** Why a day is not a business day, or undefined when it is one. */
  dayOff(day: DayNumber, date: string): { kind: DayKind; name: string } | undefined {
    const shown = this.day(day, date);
    if (shown.business) return undefined;
    return { kind: shown.kind ?? 'holiday', name: shown.name ?? 'Dia não útil' };
  }

  private holiday(day: DayNumber): ScopedHoliday | undefined {
    const { year } = partsOfDay(day);
    let ofYear = this.holidays.get(year);
    if (!ofYear) {
      const { region, types } = this.calendar.options;
      ofYear = scopedDaysOffInYear(region, types, year, this.calendar.zone);
      // A multi-day entry of the previous year may run into this one, as the calendar reads it.
      for (const [d, h] of scopedDaysOffInYear(region, types, year - 1, this.calendar.zone)) {
        if (partsOfDay(d).year === year && !ofYear.has(d)) ofYear.set(d, h);
      }
      this.holidays.set(year, ofYear);
    }
    return ofYear.get(day);
  }
}
