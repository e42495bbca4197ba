import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from '@jest/globals';
import { calendarFor, formatIsoDate, parseIsoDate } from '../../src/calendar/index.ts';

const anbimaFile = fileURLToPath(
  new URL('../../../shared/reference/anbima/anbima-holidays.txt', import.meta.url),
);
const available = existsSync(anbimaFile);
if (!available) {
  console.warn(
    `SKIPPED: ANBIMA suite, ${anbimaFile} is absent (../shared is not beside the checkout)`,
  );
}

// ANBIMA's list is national public holidays plus Carnival Monday/Tuesday and Corpus Christi:
// exactly the BR calendar with types public + bank.
(available ? describe : describe.skip)("ANBIMA's national holidays 2001-2099", () => {
  it('agree with the BR public+bank calendar on every weekday of every year', () => {
    const holidays = new Set(
      readFileSync(anbimaFile, 'utf8')
        .split('\n')
        .map((line) => line.trim())
        .filter(Boolean),
    );
    expect(holidays.size).toBeGreaterThan(900);
    const calendar = calendarFor({ region: 'BR', types: ['public', 'bank'] });
    const disagreements: string[] = [];
    const first = parseIsoDate('2001-01-01')!;
    const last = parseIsoDate('2099-12-31')!;
    let weekdays = 0;
    for (let day = first; day <= last; day++) {
      const dow = (day + 4) % 7;
      if (dow === 0 || dow === 6) continue;
      weekdays++;
      const date = formatIsoDate(day);
      const anbimaBusiness = !holidays.has(date);
      if (calendar.isBusinessDay(day) !== anbimaBusiness) {
        disagreements.push(`${date}: ANBIMA ${anbimaBusiness ? 'business day' : 'holiday'}`);
      }
    }
    expect(weekdays).toBeGreaterThan(25_000);
    expect(disagreements).toEqual([]);
  });
});
