import { parseIsoDate } from './calendar-date.ts';
import type { TimeZone } from './time-zone.ts';

const DATE_TIME =
  /^(\d{4}-\d{2}-\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|[+-]\d{2}:?\d{2})?)?$/;

/**
 * Reads an ISO 8601 date or date-time. With an offset (or Z) it is that instant; without one it is
 * a wall-clock time in `zone` (never the host's zone); a bare date is 00:00 of that date in `zone`.
 * Returns undefined for anything else, including dates that do not exist.
 */
export function parseInstant(text: string, zone: TimeZone): number | undefined {
  const match = DATE_TIME.exec(text.trim());
  if (!match) return undefined;
  const [, datePart, hh = '00', mm = '00', ss = '00', fraction = '', offset] = match;
  const day = parseIsoDate(datePart!);
  if (day === undefined) return undefined;
  const [hours, minutes, seconds] = [Number(hh), Number(mm), Number(ss)];
  if (hours > 23 || minutes > 59 || seconds > 59) return undefined;
  const msOfDay =
    ((hours * 60 + minutes) * 60 + seconds) * 1000 + Number(fraction.padEnd(3, '0').slice(0, 3));
  if (offset === undefined) return zone.fromLocal(day, msOfDay);
  if (offset === 'Z') return day * 86_400_000 + msOfDay;
  const sign = offset.startsWith('-') ? -1 : 1;
  const digits = offset.slice(1).replace(':', '');
  const offsetMs = sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2))) * 60_000;
  return day * 86_400_000 + msOfDay - offsetMs;
}
