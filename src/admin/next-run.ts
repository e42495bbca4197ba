/**
 * When a cron expression next fires, in a time zone: node-cron's own parse of the fields (the
 * scheduler's reading), matched day by day. A stopped node-cron task cannot tell its next run.
 */
import { parse } from 'node-cron';
import { partsOfDay, timeZone, weekday, type DayNumber } from '../calendar/index.ts';

/** Far enough for any schedule a sweep has (yearly ones included). */
const DAYS_AHEAD = 400;

export function nextRun(expression: string, zoneName: string, afterMs: number): number | undefined {
  let fields;
  try {
    fields = parse(expression);
  } catch {
    return undefined;
  }
  const zone = timeZone(zoneName);
  const first = zone.localDay(afterMs);
  for (let day = first; day <= first + DAYS_AHEAD; day++) {
    if (!dayMatches(fields, day)) continue;
    for (const hour of fields.hour) {
      for (const minute of fields.minute) {
        for (const second of fields.second) {
          const at = zone.fromLocal(day, ((hour * 60 + minute) * 60 + second) * 1000);
          if (at > afterMs) return at;
        }
      }
    }
  }
  return undefined;
}

function dayMatches(fields: ReturnType<typeof parse>, day: DayNumber): boolean {
  const { month, day: dom } = partsOfDay(day);
  if (!fields.month.includes(month)) return false;
  const lastOfMonth = partsOfDay(day + 1).month !== month;
  const domOk = fields.dayOfMonth.some((d) => d === dom || (d === 'L' && lastOfMonth));
  const dow = weekday(day);
  const dowOk = fields.dayOfWeek.some((d) => d === dow || (d === 7 && dow === 0));
  return domOk && dowOk;
}
