import { calendarFor, parseInstant, timeZone } from '../src/calendar/index.ts';

export interface CalendarBenchResult {
  /** closesAt instants per second: what a sweep computes for every issue */
  deadlinesPerSecond: number;
  /** full deadlines (dates, offset-formatted closesAt, named skipped days) per second */
  fullDeadlinesPerSecond: number;
  samples: number;
}

/**
 * Business-day deadlines on one core: start instants spread over 2024-2027 at odd hours, the SUP
 * calendar (BR-SP-SP, public + bank), 5 business days. Years are warmed first: the sweep pays the
 * per-year precomputation once per process.
 */
export function benchCalendar(samples = 3_000_000): CalendarBenchResult {
  const calendar = calendarFor({ region: 'BR-SP-SP', types: ['public', 'bank'] });
  const start = parseInstant('2024-01-01T00:00:00-03:00', timeZone('America/Sao_Paulo'))!;
  const span = 4 * 365 * 86_400_000;
  const step = 7_919_333; // ms, a prime-ish stride: every hour of the day, every day of the week
  const starts = new Float64Array(100_000);
  for (let i = 0; i < starts.length; i++) starts[i] = start + ((i * step) % span);
  for (const s of starts) calendar.closesAtMs(s, 5);

  let checksum = 0;
  let t0 = performance.now();
  for (let i = 0; i < samples; i++) checksum += calendar.closesAtMs(starts[i % starts.length]!, 5);
  const hotSeconds = (performance.now() - t0) / 1000;

  const fullSamples = Math.floor(samples / 10);
  t0 = performance.now();
  for (let i = 0; i < fullSamples; i++) {
    checksum += calendar.deadline(starts[i % starts.length]!, 5).skipped.length;
  }
  const fullSeconds = (performance.now() - t0) / 1000;
  if (Number.isNaN(checksum))
    throw new Error('unreachable: keeps the loops from being optimised away');

  return {
    deadlinesPerSecond: Math.round(samples / hotSeconds),
    fullDeadlinesPerSecond: Math.round(fullSamples / fullSeconds),
    samples,
  };
}
