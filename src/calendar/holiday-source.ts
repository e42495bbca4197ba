import Holidays from 'date-holidays';
import { dayFromParts, parseIsoDate, type DayNumber } from './calendar-date.ts';
import type { TimeZone } from './time-zone.ts';

/** The holiday types a project may count as days off. date-holidays also has `observance` and
 * `school`, which are never days off (Mother's day, Valentine's day). */
export const HOLIDAY_TYPES = ['public', 'bank', 'optional'] as const;
export type HolidayType = (typeof HOLIDAY_TYPES)[number];

export interface RegionCode {
  country: string;
  state?: string;
  city?: string;
}

export function parseRegion(text: string): RegionCode {
  const [country = '', state, city] = text.split('-');
  return { country, ...(state ? { state } : {}), ...(city ? { city } : {}) };
}

/** Says what is wrong with a region code, or undefined when date-holidays knows it. */
export function regionProblem(text: string): string | undefined {
  if (!/^[A-Z]{2}(-[A-Z0-9]{1,5}){0,2}$/.test(text)) {
    return `"${text}" is not a region code like BR, BR-SP or BR-SP-SP`;
  }
  const { country, state, city } = parseRegion(text);
  const catalogue = new Holidays();
  const countries = catalogue.getCountries() ?? {};
  if (!(country in countries)) return `date-holidays has no country ${country}`;
  if (state) {
    const states = catalogue.getStates(country) ?? {};
    if (!(state in states)) {
      return `date-holidays has no state ${state} in ${country}; known: ${Object.keys(states).join(', ')}`;
    }
    if (city) {
      const regions = catalogue.getRegions(country, state) ?? {};
      if (!(city in regions)) {
        const known = Object.keys(regions);
        return `date-holidays has no region ${city} in ${country}-${state}; known: ${known.length ? known.join(', ') : 'none'}`;
      }
    }
  }
  return undefined;
}

/** Brazil's Lei 14.759/2023 made Nov 20 a national holiday from 2024. */
const NATIONAL_BLACK_CONSCIOUSNESS_FROM = 2024;

/**
 * The days off of one region and year, with their names, read from date-holidays and corrected for
 * what date-holidays 3.37 gets wrong for Brazil:
 *
 * - National holidays apply in every state and city, but the state data of SP, RJ, AM and MT
 *   overrides Nov 20 and loses the national one from 2024. So the national calendar is always
 *   merged into the regional one, and Nov 20 is asserted for Brazil from 2024 in case a later
 *   data release drops it from the national list too.
 * - Entries are instants with a start and an end; partial days (Ash Wednesday until 14:00, Dec 24
 *   and Dec 31 from 14:00) count as whole days off when their type counts. Multi-day entries
 *   cover every local date they touch.
 * - Observances never count (their type is never in `types`).
 */
export function daysOffInYear(
  region: string,
  types: readonly HolidayType[],
  year: number,
  zone: TimeZone,
): Map<DayNumber, string> {
  const { country, state, city } = parseRegion(region);
  const sources = [new Holidays(country, state ?? '', city ?? '', { timezone: zone.name })];
  if (state) sources.push(new Holidays(country, { timezone: zone.name }));

  const wanted = new Set<string>(types);
  const daysOff = new Map<DayNumber, string>();
  for (const source of sources) {
    for (const holiday of source.getHolidays(year) || []) {
      if (!wanted.has(holiday.type)) continue;
      const first = parseIsoDate(holiday.date.slice(0, 10));
      if (first === undefined) continue;
      // The end is exclusive: the last local date touched is that of the millisecond before it.
      const last = Math.max(first, zone.localDay(holiday.end.getTime() - 1));
      for (let day = first; day <= last; day++) {
        if (!daysOff.has(day)) daysOff.set(day, holiday.name);
      }
    }
  }
  if (country === 'BR' && year >= NATIONAL_BLACK_CONSCIOUSNESS_FROM && wanted.has('public')) {
    const nov20 = dayFromParts(year, 11, 20);
    if (!daysOff.has(nov20)) daysOff.set(nov20, 'Dia Nacional de Zumbi e da Consciência Negra');
  }
  return daysOff;
}

export type HolidayScope = 'national' | 'state' | 'city';

export interface ScopedHoliday {
  name: string;
  scope: HolidayScope;
}

/**
 * The days off of daysOffInYear, each with the level of the region it comes from: national when
 * the country's calendar has it, else state when the state's has it, else city. The names are
 * those the business calendar uses (the full region's).
 */
export function scopedDaysOffInYear(
  region: string,
  types: readonly HolidayType[],
  year: number,
  zone: TimeZone,
): Map<DayNumber, ScopedHoliday> {
  const { country, state, city } = parseRegion(region);
  const national = daysOffInYear(country, types, year, zone);
  const ofState = state ? daysOffInYear(`${country}-${state}`, types, year, zone) : national;
  const all = city ? daysOffInYear(region, types, year, zone) : ofState;
  const scoped = new Map<DayNumber, ScopedHoliday>();
  for (const [day, name] of all) {
    const scope = national.has(day) ? 'national' : ofState.has(day) ? 'state' : 'city';
    scoped.set(day, { name, scope });
  }
  return scoped;
}
