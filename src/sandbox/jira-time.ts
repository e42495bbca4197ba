import type { TimeZone } from '../calendar/index.ts';
import { pad2, parseIsoDate } from '../calendar/calendar-date.ts';

const MS_PER_MINUTE = 60_000;

/**
 * Jira's timestamp format, `2026-02-13T17:00:00.000-0300`: milliseconds, and an offset without a
 * colon (which is not RFC 3339, so clients must not parse it with a strict RFC 3339 parser).
 */
export function formatJiraTimestamp(utcMs: number, zone: TimeZone): string {
  const offset = zone.offsetAt(utcMs);
  const local = new Date(utcMs + offset);
  const sign = offset < 0 ? '-' : '+';
  const abs = Math.abs(offset) / MS_PER_MINUTE;
  return (
    `${String(local.getUTCFullYear()).padStart(4, '0')}-${pad2(local.getUTCMonth() + 1)}-` +
    `${pad2(local.getUTCDate())}T${pad2(local.getUTCHours())}:${pad2(local.getUTCMinutes())}:` +
    `${pad2(local.getUTCSeconds())}.${String(local.getUTCMilliseconds()).padStart(3, '0')}` +
    `${sign}${pad2(Math.floor(abs / 60))}${pad2(abs % 60)}`
  );
}

const UNIT_MS: Record<string, number> = {
  w: 7 * 86_400_000,
  d: 86_400_000,
  h: 3_600_000,
  m: MS_PER_MINUTE,
};

/**
 * A period such as `-15m`, `-2d`, `-1w 2d` or `4h` (Jira's relative dates), in ms. Jira reads
 * `4w 2d` without a sign as a period in the future, like `+4w 2d`.
 */
export function parsePeriod(text: string): number | undefined {
  const match = /^([+-])?\s*((?:\d+\s*[wdhm]\s*)+)$/i.exec(text.trim());
  if (!match) return undefined;
  const sign = match[1] === '-' ? -1 : 1;
  let total = 0;
  for (const part of match[2]!.matchAll(/(\d+)\s*([wdhm])/gi)) {
    total += Number(part[1]) * UNIT_MS[part[2]!.toLowerCase()]!;
  }
  return sign * total;
}

const JQL_DATE = /^(\d{4})[-/](\d{2})[-/](\d{2})(?:\s+(\d{2}):(\d{2}))?$/;

/**
 * A JQL date literal (`2026-02-13 17:00`, `2026/02/13`, or a period relative to `now`), read in
 * the site's time zone. Returns undefined when the text is neither.
 */
export function parseJqlDate(text: string, now: number, zone: TimeZone): number | undefined {
  const period = parsePeriod(text);
  if (period !== undefined) return now + period;
  const match = JQL_DATE.exec(text.trim());
  if (!match) return undefined;
  const [, year, month, day, hh = '00', mm = '00'] = match;
  const dayNumber = parseIsoDate(`${year}-${month}-${day}`);
  const [hours, minutes] = [Number(hh), Number(mm)];
  if (dayNumber === undefined || hours > 23 || minutes > 59) return undefined;
  return zone.fromLocal(dayNumber, (hours * 60 + minutes) * MS_PER_MINUTE);
}
