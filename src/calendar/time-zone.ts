import { dayFromParts, MS_PER_DAY, pad2, partsOfDay, type DayNumber } from './calendar-date.ts';

const MS_PER_HOUR = 3_600_000;
const MS_PER_MINUTE = 60_000;

/**
 * UTC offsets of one IANA time zone, read from the platform's tz database through Intl and cached
 * per year as a list of transitions. After the first touch of a year, converting an instant to
 * its local calendar date is a table lookup: no Intl call, no dependence on the host's TZ.
 *
 * Brazil has had no daylight saving time since 2019, but issue histories and the ANBIMA tests go
 * back to 2001, when São Paulo still moved its clocks (at local midnight, which then did not exist).
 */
export class TimeZone {
  readonly name: string;
  private readonly formatter: Intl.DateTimeFormat;
  /** year -> sorted transitions [fromUtcMs, offsetMs] covering that UTC year */
  private readonly years = new Map<number, Array<[number, number]>>();

  constructor(name: string) {
    this.name = name;
    this.formatter = new Intl.DateTimeFormat('en-US', {
      timeZone: name,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
  }

  static isValid(name: string): boolean {
    try {
      new Intl.DateTimeFormat('en-US', { timeZone: name });
      return true;
    } catch {
      return false;
    }
  }

  /** Offset from UTC in ms at an instant (local = utc + offset); -3h for São Paulo today. */
  offsetAt(utcMs: number): number {
    const year = new Date(utcMs).getUTCFullYear();
    let transitions = this.years.get(year);
    if (!transitions) {
      transitions = this.computeYear(year);
      this.years.set(year, transitions);
    }
    let offset = transitions[0]![1];
    for (const [from, value] of transitions) {
      if (utcMs >= from) offset = value;
      else break;
    }
    return offset;
  }

  /** The local calendar date of an instant. */
  localDay(utcMs: number): DayNumber {
    return Math.floor((utcMs + this.offsetAt(utcMs)) / MS_PER_DAY);
  }

  /**
   * The first instant of a local calendar date. Where midnight did not exist (a DST start at
   * 00:00), that is the moment the clocks jumped.
   */
  startOfDay(day: DayNumber): number {
    const localMidnight = day * MS_PER_DAY;
    // Try the offsets in force around that midnight; keep the earliest candidate that maps back.
    const candidates = [
      localMidnight - this.offsetAt(localMidnight - 14 * MS_PER_HOUR),
      localMidnight - this.offsetAt(localMidnight + 14 * MS_PER_HOUR),
    ].filter((utc) => this.localDay(utc) === day && this.localMsOfDay(utc) === 0);
    if (candidates.length > 0) return Math.min(...candidates);
    // Midnight skipped: the day starts at the transition itself.
    let low = localMidnight - 14 * MS_PER_HOUR;
    let high = localMidnight + 14 * MS_PER_HOUR;
    while (high - low > MS_PER_MINUTE) {
      const mid = low + Math.floor((high - low) / 2 / MS_PER_MINUTE) * MS_PER_MINUTE;
      if (this.localDay(mid) < day) low = mid;
      else high = mid;
    }
    return high;
  }

  /** `2026-02-25T00:00:00-03:00`: an instant written in this zone's local time with its offset. */
  formatInstant(utcMs: number): string {
    const offset = this.offsetAt(utcMs);
    const local = utcMs + offset;
    const day = Math.floor(local / MS_PER_DAY);
    const { year, month, day: dom } = partsOfDay(day);
    const msOfDay = local - day * MS_PER_DAY;
    const hours = Math.floor(msOfDay / MS_PER_HOUR);
    const minutes = Math.floor((msOfDay % MS_PER_HOUR) / MS_PER_MINUTE);
    const seconds = Math.floor((msOfDay % MS_PER_MINUTE) / 1000);
    const sign = offset < 0 ? '-' : '+';
    const abs = Math.abs(offset);
    const offsetText = `${sign}${pad2(Math.floor(abs / MS_PER_HOUR))}:${pad2(Math.floor((abs % MS_PER_HOUR) / MS_PER_MINUTE))}`;
    return `${String(year).padStart(4, '0')}-${pad2(month)}-${pad2(dom)}T${pad2(hours)}:${pad2(minutes)}:${pad2(seconds)}${offsetText}`;
  }

  /** Interprets a wall-clock time in this zone (used for ISO strings that carry no offset). */
  fromLocal(day: DayNumber, msOfDay: number): number {
    const guess = day * MS_PER_DAY + msOfDay;
    const first = guess - this.offsetAt(guess);
    return guess - this.offsetAt(first);
  }

  private localMsOfDay(utcMs: number): number {
    const local = utcMs + this.offsetAt(utcMs);
    return local - Math.floor(local / MS_PER_DAY) * MS_PER_DAY;
  }

  private offsetFromIntl(utcMs: number): number {
    const parts: Record<string, number> = {};
    for (const part of this.formatter.formatToParts(new Date(utcMs))) {
      if (part.type !== 'literal') parts[part.type] = Number(part.value);
    }
    const asUtc =
      dayFromParts(parts.year!, parts.month!, parts.day!) * MS_PER_DAY +
      parts.hour! * MS_PER_HOUR +
      parts.minute! * MS_PER_MINUTE +
      parts.second! * 1000;
    const wholeSeconds = Math.floor(utcMs / 1000) * 1000;
    return asUtc - wholeSeconds;
  }

  /** Samples the year every 6 hours and bisects each change down to the minute. */
  private computeYear(year: number): Array<[number, number]> {
    const start = Date.UTC(year, 0, 1);
    const end = Date.UTC(year + 1, 0, 1);
    const transitions: Array<[number, number]> = [[start, this.offsetFromIntl(start)]];
    let previous = transitions[0]![1];
    for (let t = start + 6 * MS_PER_HOUR; t <= end; t += 6 * MS_PER_HOUR) {
      const offset = this.offsetFromIntl(t);
      if (offset === previous) continue;
      let low = t - 6 * MS_PER_HOUR;
      let high = t;
      while (high - low > MS_PER_MINUTE) {
        const mid = low + Math.floor((high - low) / 2 / MS_PER_MINUTE) * MS_PER_MINUTE;
        if (this.offsetFromIntl(mid) === previous) low = mid;
        else high = mid;
      }
      transitions.push([high, offset]);
      previous = offset;
    }
    return transitions;
  }
}

const zones = new Map<string, TimeZone>();

export function timeZone(name: string): TimeZone {
  let zone = zones.get(name);
  if (!zone) {
    zone = new TimeZone(name);
    zones.set(name, zone);
  }
  return zone;
}
