import { describe, expect, it } from '@jest/globals';
import { calendarFor, parseIsoDate } from '../../src/calendar/index.ts';
import { DEMO_CLOSURE_NAME, withDemoClosure } from '../../src/service/demo-calendar.ts';
import { CONFIG } from '../support/world.ts';

const at = (iso: string) => Date.parse(iso);

describe('withDemoClosure', () => {
  it.each([
    // Wednesday: Thu, Fri, then Monday
    ['2026-12-02T20:00:00-03:00', '2026-12-07'],
    // Friday: Mon, Tue, Wed
    ['2026-12-04T09:00:00-03:00', '2026-12-09'],
    // Saturday: the weekend counts for nothing
    ['2026-12-05T09:00:00-03:00', '2026-12-09'],
    // before Christmas (a holiday): Wed 23, Thu 24 (optional: a business day), Mon 28
    ['2026-12-22T10:00:00-03:00', '2026-12-28'],
    // 23:30 in São Paulo is already the next day in UTC: today is São Paulo's
    ['2026-12-01T23:30:00-03:00', '2026-12-04'],
  ])('at %s adds "%s" to SUP, the 3rd business day after today', (now, date) => {
    const { config, closure } = withDemoClosure(CONFIG, at(now));
    expect(closure).toEqual({ project: 'SUP', date, name: DEMO_CLOSURE_NAME });
    expect(config.projects.SUP!.calendar.closures).toContainEqual({
      date,
      name: DEMO_CLOSURE_NAME,
    });
    const calendar = calendarFor(config.projects.SUP!.calendar);
    expect(calendar.dayOffReason(parseIsoDate(date)!)).toBe(DEMO_CLOSURE_NAME);
  });

  it('leaves the loaded config as it was (a copy is changed, never the file)', () => {
    const before = JSON.stringify(CONFIG);
    const { config } = withDemoClosure(CONFIG, at('2026-12-02T20:00:00-03:00'));
    expect(JSON.stringify(CONFIG)).toBe(before);
    expect(config).not.toBe(CONFIG);
    expect(config.projects.SUP!.validation).toBe(CONFIG.projects.SUP!.validation);
  });

  it('changes nothing for a config without the project', () => {
    expect(withDemoClosure(CONFIG, at('2026-12-02T20:00:00-03:00'), 'OPS')).toEqual({
      config: CONFIG,
    });
  });
});
