/**
 * `npm run bench [-- --json] [-- --only webhook,sweep,memory,calendar] [-- --quick]`: the service's
 * figures on this machine. Benchmarks live here, never in the test suite. With --json, stdout is
 * exactly one JSON document; progress goes to stderr. Sections left out with --only are null.
 * --quick shortens every run (for working on the benchmarks; the figures are not comparable).
 * --from FILE prints a report saved with --json, as the table, without measuring.
 *
 * Takes about three minutes: webhook ~105 s (more when a latency run has to be repeated), sweep
 * ~45 s (seeding the sandbox, then the sweep), memory ~30 s (the slow-body flood included),
 * calendar ~5 s.
 */
import { readFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { benchAdmin, type AdminBenchResult } from './admin.ts';
import { benchCalendar, type CalendarBenchResult } from './calendar.ts';
import { benchMemory, type MemoryBenchResult } from './memory.ts';
import { benchSweep, type SweepBenchResult } from './sweep.ts';
import { benchWebhook, type LatencyRun, type WebhookBenchResult } from './webhook.ts';

const SECTIONS = ['webhook', 'sweep', 'calendar', 'memory', 'admin'] as const;
type Section = (typeof SECTIONS)[number];

const { values } = parseArgs({
  options: {
    json: { type: 'boolean', default: false },
    only: { type: 'string' },
    quick: { type: 'boolean', default: false },
    from: { type: 'string' },
  },
  strict: true,
});
const only = new Set(
  (values.only ?? SECTIONS.join(','))
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean),
);
for (const name of only) {
  if (!(SECTIONS as readonly string[]).includes(name)) {
    process.stderr.write(`--only: unknown section "${name}" (${SECTIONS.join(', ')})\n`);
    process.exit(2);
  }
}
const wanted = (section: Section) => only.has(section);
const quick = values.quick;
const log = (line: string) => process.stderr.write(`${line}\n`);
const load = () => loadavg().map((l) => Math.round(l * 100) / 100);

async function measure() {
  const machine = {
    cpu: cpus()[0]?.model ?? 'unknown',
    cores: cpus().length,
    node: process.version,
    date: new Date().toISOString(),
    /** 1, 5 and 15 minute load averages: other work on the machine skews every figure */
    loadAverageStart: load(),
    loadAverageEnd: [] as number[],
  };

  const webhook: WebhookBenchResult | null = wanted('webhook')
    ? await benchWebhook({
        log,
        ...(quick ? { durationSeconds: 3, warmupSeconds: 1, latencySeconds: 3 } : {}),
      })
    : null;
  const sweep: SweepBenchResult | null = wanted('sweep')
    ? await benchSweep({
        log,
        ...(quick ? { issues: 2_500, due: 500 } : {}),
      })
    : null;
  let calendar: CalendarBenchResult | null = null;
  if (wanted('calendar')) {
    log('calendar: deadlines on one core');
    calendar = benchCalendar(quick ? 300_000 : undefined);
  }
  const memory: MemoryBenchResult | null = wanted('memory')
    ? await benchMemory({ log, ...(quick ? { deliveries: 50_000 } : {}) })
    : null;
  const admin: AdminBenchResult | null = wanted('admin')
    ? await benchAdmin({ log, ...(quick ? { issues: 2_500 } : {}) })
    : null;
  machine.loadAverageEnd = load();

  return { machine, webhook, sweep, calendar, memory, admin };
}

type Report = Awaited<ReturnType<typeof measure>>;

// --from FILE: print a saved --json report (as the table, or again as JSON) instead of measuring.
const report: Report = values.from
  ? (JSON.parse(readFileSync(values.from, 'utf8')) as Report)
  : await measure();

if (values.json) {
  process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
} else {
  process.stdout.write(table(report));
}

function table(r: Report): string {
  const n = (value: number | null | undefined, digits = 0) =>
    value === null || value === undefined
      ? 'n/a'
      : value.toLocaleString('en', { maximumFractionDigits: digits });
  const mark = (ok: boolean) => (ok ? 'met' : 'MISSED');
  const others = (run: LatencyRun) =>
    run.others?.length
      ? `, others: ${run.others.map((o) => `p99 ${o.p99Ms} ms at ${o.machineCpu} cores`).join(', ')}`
      : '';
  const rows: Array<[string, string]> = [
    ['machine', `${r.machine.cpu} (${r.machine.cores} cores), Node ${r.machine.node}`],
    [
      'load average (1/5/15 min)',
      `${r.machine.loadAverageStart.join(' ')} at start, ${r.machine.loadAverageEnd.join(' ')} at end`,
    ],
  ];
  if (r.webhook) {
    const w = r.webhook;
    rows.push(
      [
        'webhook: service app, deliveries/s',
        `${n(w.rps)} (best of ${w.repeats.serviceRps.map((x) => n(x)).join(', ')})`,
      ],
      [
        'webhook: bare express 204, requests/s',
        `${n(w.bareExpressRps)} (best of ${w.repeats.bareRps.map((x) => n(x)).join(', ')})`,
      ],
      ['webhook: ratio service/bare (≥ 0.75)', `${w.ratio} ${mark(w.pass.ratio)}`],
      [
        'webhook: receiver alone (createWebhookApp)',
        `${n(w.receiverOnlyRps)} (${w.receiverOnlyRatio} of bare)`,
      ],
      ['webhook: bare + body read (read-body.ts)', n(w.bareRawRps)],
      ['webhook: CPU ratio, bare/service µs per request', String(w.cpuRatio)],
      [
        'webhook: server µs per request',
        `bare ${w.runs.bare.serverMicrosPerRequest}, bare+raw ${w.runs['bare-raw'].serverMicrosPerRequest}, receiver ${w.runs.receiver.serverMicrosPerRequest}, service ${w.runs.service.serverMicrosPerRequest}`,
      ],
      [
        'webhook: CPU in the bare run (cores)',
        `autocannon ${w.runs.bare.loadGeneratorCpu}, server ${w.runs.bare.serverCpu}, whole machine ${w.runs.bare.machineCpu}`,
      ],
      [
        `webhook: latency at ${w.settings.latencyRate}/s, p50 / p99 (< 5 ms)`,
        `${w.p50Ms} / ${w.p99Ms} ms ${mark(w.pass.p99Ms)} (p99.9 ${w.runs.serviceLatency.p999Ms}, max ${w.runs.serviceLatency.maxMs}; autocannon's CO-corrected p99 ${w.runs.serviceLatency.autocannon.p99Ms} ms; machine ${w.runs.serviceLatency.machineCpu} cores busy; run ${w.runs.serviceLatency.attempt} of ${w.runs.serviceLatency.attempts}${others(w.runs.serviceLatency)})`,
      ],
      [
        'webhook: bare latency p50 / p99',
        `${w.runs.bareLatency.p50Ms} / ${w.runs.bareLatency.p99Ms} ms (machine ${w.runs.bareLatency.machineCpu} cores busy; run ${w.runs.bareLatency.attempt} of ${w.runs.bareLatency.attempts}${others(w.runs.bareLatency)})`,
      ],
    );
  }
  if (r.sweep) {
    const s = r.sweep;
    rows.push(
      ['sweep: issues in validation / due', `${n(s.issues)} / ${n(s.due)}`],
      ['sweep: closed (= due)', `${n(s.closed)} ${mark(s.pass.closedEqualsDue)}`],
      ['sweep: Jira calls per closed (≤ 3)', `${s.callsPerClosed} ${mark(s.pass.callsPerClosed)}`],
      [
        'sweep: Jira calls per not due (≤ 0.05)',
        `${s.callsPerNotDue} ${mark(s.pass.callsPerNotDue)}`,
      ],
      [
        'sweep: wall time',
        `${s.seconds} s, ${n(s.jiraCalls.accepted)} calls accepted (${s.callsPerSecond}/s), ${s.jiraCalls.rateLimited} answered 429`,
      ],
      [
        'sweep: floor = accepted calls / R',
        `${s.floorSeconds} s (R = ${s.settings.requestsPerSecond}/s, burst ${s.settings.burst}, latency ${s.settings.latencyMs} ms, JIRA_MAX_CONCURRENCY ${s.settings.jiraConcurrency})`,
      ],
      ['sweep: ratio to floor (≤ 1.2)', `${s.ratioToFloor} ${mark(s.pass.ratioToFloor)}`],
    );
  }
  if (r.calendar) {
    rows.push(
      ['calendar: deadlines/s (closesAt)', n(r.calendar.deadlinesPerSecond)],
      ['calendar: full deadlines/s (with names)', n(r.calendar.fullDeadlinesPerSecond)],
    );
  }
  if (r.memory) {
    const m = r.memory;
    for (const run of [m.unconfigured, m.configured]) {
      rows.push([
        `memory: ${n(run.deliveries)} deliveries, ${run.variant}`,
        `RSS ${run.rssStartMb} → ${run.rssEndMb} MB (+${run.rssGrowthMb}; +${run.rssGrowthAfterFirstCheckpointMb} after the first ${n(run.checkpoints[0]?.deliveries)}), heap used ${run.heapUsedStartMb} → ${run.heapUsedEndMb} MB (+${run.heapUsedGrowthMb}), dedupe ${n(run.dedupeEntries)}`,
      ]);
    }
    rows.push([
      'memory: growth < 50 MB',
      `RSS ${mark(m.pass.rss)}, retained heap ${mark(m.pass.heapRetained)}`,
    ]);
    const f = m.slowBodyFlood;
    if (f) {
      const answers = Object.entries(f.answers)
        .map(([status, count]) => `${count} × ${status}`)
        .join(', ');
      rows.push(
        [
          `memory: slow-body flood, ${f.clients} clients × ${n(f.bodyBytes)} bytes`,
          `RSS ${f.rssBeforeMb} → peak ${f.rssPeakMb} MB (sampled ${f.rssPeakSampledMb}), ${f.rssAfterMb} MB after; answers ${answers}`,
        ],
        [
          'memory: flood peak RSS < 256 MB, /healthz',
          `${mark(f.pass.rssPeak)}; /healthz ${f.healthz.requests - f.healthz.failures}/${f.healthz.requests} answered, slowest ${f.healthz.maxMs} ms ${mark(f.pass.healthz)}`,
        ],
      );
    }
  }
  if (r.admin) {
    const a = r.admin;
    rows.push(
      [
        `admin: first view, ${n(a.issues)} in validation`,
        `${n(a.firstLoadMs)} ms, ${n(a.firstLoadJiraCalls)} Jira calls (R = ${a.settings.requestsPerSecond}/s, latency ${a.settings.latencyMs} ms)`,
      ],
      [
        'admin: slowest later view, pages 1-200 (≤ 2000 ms)',
        `${n(a.warmMaxMs)} ms ${mark(a.pass.warmMaxMs)}, ${a.warmJiraCalls} Jira calls ${mark(a.pass.warmWithoutCalls)}`,
      ],
    );
  }
  const width = Math.max(...rows.map(([name]) => name.length));
  return rows.map(([name, value]) => `${name.padEnd(width)}  ${value}\n`).join('');
}
