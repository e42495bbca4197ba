/**
 * Calendar dates as whole day numbers (days since 1970-01-01), so that business-day arithmetic is
 * integer arithmetic and never touches an instant, a UTC midnight or the host's time zone.
 */
export type DayNumber = number;

const MS_PER_DAY = 86_400_000;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Parses `YYYY-MM-DD`, rejecting dates that do not exist (2026-02-30). */
export function parseIsoDate(text: string): DayNumber | undefined {
  const match = ISO_DATE.exec(text);
  if (!match) return undefined;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const day0 = dayFromParts(year, month, day);
  const back = partsOfDay(day0);
  return back.year === year && back.month === month && back.day === day ? day0 : undefined;
}

export function dayFromParts(year: number, month: number, day: number): DayNumber {
  return Math.floor(Date.UTC(year, month - 1, day) / MS_PER_DAY);
}

export function partsOfDay(day: DayNumber): { year: number; month: number; day: number } {
  const date = new Date(day * MS_PER_DAY);
  return { year: date.getUTCFullYear(), month: date.getUTCMonth() + 1, day: date.getUTCDate() };
}

export function formatIsoDate(day: DayNumber): string {
  const parts = partsOfDay(day);
  return `${String(parts.year).padStart(4, '0')}-${pad2(parts.month)}-${pad2(parts.day)}`;
}

/** 0 = Sunday ... 6 = Saturday. 1970-01-01 was a Thursday. */
export function weekday(day: DayNumber): number {
  return (((day + 4) % 7) + 7) % 7;
}

export function isWeekend(day: DayNumber): boolean {
  const dow = weekday(day);
  return dow === 0 || dow === 6;
}

export function pad2(value: number): string {
  return String(value).padStart(2, '0');
}

export { MS_PER_DAY };

/** dd/mm/aaaa, the way the comment templates write dates to Brazilian customers. */
export function formatBrazilianDate(day: DayNumber): string {
  const parts = partsOfDay(day);
  return `${pad2(parts.day)}/${pad2(parts.month)}/${parts.year}`;
}
