/**
 * `npm run bench [-- --json]`: the service's figures on this machine. Benchmarks live here, never
 * in the test suite. Sections not built yet are reported as null rather than invented.
 */
import { cpus } from 'node:os';
import { benchCalendar } from './calendar.ts';

const json = process.argv.includes('--json');

const report = {
  machine: {
    cpu: cpus()[0]?.model ?? 'unknown',
    cores: cpus().length,
    node: process.version,
    date: new Date().toISOString(),
  },
  calendar: benchCalendar(),
};

if (json) {
  process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
} else {
  const rows: Array<[string, string]> = [
    [
      'machine',
      `${report.machine.cpu} (${report.machine.cores} cores), Node ${report.machine.node}`,
    ],
    ['calendar: deadlines/s (closesAt)', report.calendar.deadlinesPerSecond.toLocaleString('en')],
    [
      'calendar: full deadlines/s (with names)',
      report.calendar.fullDeadlinesPerSecond.toLocaleString('en'),
    ],
  ];
  const width = Math.max(...rows.map(([name]) => name.length));
  for (const [name, value] of rows) process.stdout.write(`${name.padEnd(width)}  ${value}\n`);
}
