/** The schedules' next runs, read with node-cron's parser, in the schedules' time zone. */
import { describe, expect, it } from '@jest/globals';
import { nextRun } from '../../src/admin/next-run.ts';

const ZONE = 'America/Sao_Paulo';
const next = (cron: string, after: string) => {
  const at = nextRun(cron, ZONE, Date.parse(after));
  return at === undefined ? undefined : new Date(at).toISOString();
};

describe('nextRun', () => {
  it('finds the next matching minute in the zone, strictly after the given instant', () => {
    expect(next('0 2 * * *', '2026-03-20T01:59:00-03:00')).toBe('2026-03-20T05:00:00.000Z');
    expect(next('0 2 * * *', '2026-03-20T02:00:00-03:00')).toBe('2026-03-21T05:00:00.000Z');
    expect(next('*/15 * * * *', '2026-03-20T02:07:30-03:00')).toBe('2026-03-20T05:15:00.000Z');
  });

  it('honours weekdays, the last day of the month, and seconds', () => {
    // Saturday 2026-03-21 → Monday 03-23 at 09:00
    expect(next('0 9 * * 1-5', '2026-03-21T10:00:00-03:00')).toBe('2026-03-23T12:00:00.000Z');
    expect(next('0 23 L * *', '2026-02-10T00:00:00-03:00')).toBe('2026-03-01T02:00:00.000Z');
    expect(next('30 0 3 * * *', '2026-03-20T00:00:00-03:00')).toBe('2026-03-20T06:00:30.000Z');
  });

  it('answers undefined for an expression it cannot read', () => {
    expect(next('not a cron', '2026-03-20T00:00:00-03:00')).toBeUndefined();
  });
});
