import {
  formatIsoDate,
  isWeekend,
  parseIsoDate,
  partsOfDay,
  dayFromParts,
  type DayNumber,
} from './calendar-date.ts';
import { daysOffInYear, type HolidayType } from './holiday-source.ts';
import { timeZone, type TimeZone } from './time-zone.ts';

export interface NamedDate {
  /** YYYY-MM-DD */
  date: string;
  name?: string;
}

export interface CalendarOptions {
  /** date-holidays region: BR, BR-SP, BR-SP-SP */
  region: string;
  /** holiday types that count as days off */
  types: readonly HolidayType[];
  /** company closures: days off on top of the holidays */
  closures?: readonly NamedDate[];
  /** days worked although a weekend or a holiday (they win over everything else) */
  workingDays?: readonly NamedDate[];
  timeZone?: string;
}

export interface SkippedDay {
  date: string;
  name: string;
}

export interface Deadline {
  /** the local date on which the clock started */
  startDate: string;
  /** the Nth business day after startDate */
  lastBusinessDay: string;
  /** 00:00 local of the day after lastBusinessDay, as an instant */
  closesAtMs: number;
  /** the same instant written with the zone's offset: 2026-02-25T00:00:00-03:00 */
  closesAt: string;
  /** weekdays between startDate and lastBusinessDay that were not business days, with names */
  skipped: SkippedDay[];
}

export const DEFAULT_TIME_ZONE = 'America/Sao_Paulo';

const FIRST_YEAR = 1900;
const LAST_YEAR = 2199;
const UNKNOWN = 0;
const BUSINESS = 1;
const DAY_OFF = 2;

/**
 * A project's business-day calendar. Each year is computed once, on first use, into one byte per
 * day; after that every question is an array lookup, so a sweep over 100,000 issues spends
 * microseconds here.
 */
export class BusinessCalendar {
  readonly zone: TimeZone;
  readonly options: CalendarOptions;
  private readonly firstDay = dayFromParts(FIRST_YEAR, 1, 1);
  private readonly lastDay = dayFromParts(LAST_YEAR, 12, 31);
  private readonly kind = new Uint8Array(this.lastDay - this.firstDay + 1);
  private readonly names = new Map<DayNumber, string>();
  private readonly closures = new Map<DayNumber, string>();
  private readonly workingDays = new Set<DayNumber>();

  constructor(options: CalendarOptions) {
    this.options = options;
    this.zone = timeZone(options.timeZone ?? DEFAULT_TIME_ZONE);
    for (const closure of options.closures ?? []) {
      this.closures.set(requireDate(closure.date), closure.name ?? 'Fechamento da empresa');
    }
    for (const working of options.workingDays ?? []) {
      this.workingDays.add(requireDate(working.date));
    }
  }

  isBusinessDay(day: DayNumber): boolean {
    return this.kindOf(day) === BUSINESS;
  }

  /** Why a day is not a business day, or undefined when it is one. */
  dayOffReason(day: DayNumber): string | undefined {
    if (this.kindOf(day) === BUSINESS) return undefined;
    return this.names.get(day) ?? (isWeekend(day) ? 'fim de semana' : 'dia não útil');
  }

  /** The Nth business day strictly after `day` (n >= 1). */
  addBusinessDays(day: DayNumber, n: number): DayNumber {
    let current = day;
    for (let counted = 0; counted < n;) {
      current++;
      if (this.kindOf(current) === BUSINESS) counted++;
    }
    return current;
  }

  /** The validation deadline for an issue that entered the status at `startMs` (docs/architecture.md §1, business days). */
  deadline(startMs: number, businessDays: number): Deadline {
    const start = this.zone.localDay(startMs);
    const last = this.addBusinessDays(start, businessDays);
    const closesAtMs = this.zone.startOfDay(last + 1);
    return {
      startDate: formatIsoDate(start),
      lastBusinessDay: formatIsoDate(last),
      closesAtMs,
      closesAt: this.zone.formatInstant(closesAtMs),
      skipped: this.skippedBetween(start + 1, last),
    };
  }

  /** The instant a deadline closes, without the names: the hot path of a sweep. */
  closesAtMs(startMs: number, businessDays: number): number {
    const last = this.addBusinessDays(this.zone.localDay(startMs), businessDays);
    return this.zone.startOfDay(last + 1);
  }

  /** Weekdays in [from, to] that are not business days. Weekends are left out: they always are. */
  skippedBetween(from: DayNumber, to: DayNumber): SkippedDay[] {
    const skipped: SkippedDay[] = [];
    for (let day = from; day <= to; day++) {
      if (!isWeekend(day) && this.kindOf(day) === DAY_OFF) {
        skipped.push({ date: formatIsoDate(day), name: this.names.get(day) ?? 'dia não útil' });
      }
    }
    return skipped;
  }

  private kindOf(day: DayNumber): number {
    const index = day - this.firstDay;
    if (index < 0 || index >= this.kind.length) {
      throw new RangeError(
        `${formatIsoDate(day)} is outside the calendar's years ${FIRST_YEAR}-${LAST_YEAR}`,
      );
    }
    const known = this.kind[index]!;
    if (known !== UNKNOWN) return known;
    this.fillYear(partsOfDay(day).year);
    return this.kind[index]!;
  }

  private fillYear(year: number): void {
    const first = dayFromParts(year, 1, 1);
    const last = dayFromParts(year, 12, 31);
    const holidays = new Map<DayNumber, string>();
    // An entry of the previous year may run into this one (a multi-day holiday over New Year).
    for (const y of [year - 1, year]) {
      if (y < FIRST_YEAR) continue;
      for (const [day, name] of daysOffInYear(
        this.options.region,
        this.options.types,
        y,
        this.zone,
      )) {
        if (day >= first && day <= last && !holidays.has(day)) holidays.set(day, name);
      }
    }
    for (let day = first; day <= last; day++) {
      let kind = BUSINESS;
      const name = this.closures.get(day) ?? holidays.get(day);
      if (this.workingDays.has(day)) kind = BUSINESS;
      else if (name !== undefined) {
        kind = DAY_OFF;
        this.names.set(day, name);
      } else if (isWeekend(day)) kind = DAY_OFF;
      this.kind[day - this.firstDay] = kind;
    }
  }
}

function requireDate(text: string): DayNumber {
  const day = parseIsoDate(text);
  if (day === undefined) throw new RangeError(`"${text}" is not a calendar date (YYYY-MM-DD)`);
  return day;
}

const calendars = new Map<string, BusinessCalendar>();

/** One calendar per distinct set of options, shared by every caller (per-year caches survive). */
export function calendarFor(options: CalendarOptions): BusinessCalendar {
  const key = JSON.stringify([
    options.region,
    [...options.types].sort(),
    options.closures ?? [],
    options.workingDays ?? [],
    options.timeZone ?? DEFAULT_TIME_ZONE,
  ]);
  let calendar = calendars.get(key);
  if (!calendar) {
    calendar = new BusinessCalendar(options);
    calendars.set(key, calendar);
  }
  return calendar;
}
