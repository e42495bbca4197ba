/**
 * Child process of bench/sweep.ts: the sandbox Jira on its own core, as a remote Jira would be,
 * seeded with the sweep's issues and then put behind the rate limit and latency.
 *
 * argv: issues due requestsPerSecond burst latencyMs nowIso
 *
 * Issues are SUP "Chamado"s reported by customers, walked Aberto → Em Atendimento → validation
 * through the store with `silent: true` (no webhooks), as test/e2e/world.ts `arrangeIssue` does.
 * Every 5th issue (by key) is due, so due and not-due issues share the search pages. No issue has
 * a comment after it entered validation, so the sweep can decide them all without reading comments.
 *
 * Requests: `report` (issues by status, closing comments, calls by operation, 429s answered).
 */
import { fileURLToPath } from 'node:url';
import { loadProjectsFile, projectCalendar } from '../src/config/index.ts';
import { MARKER_PROPERTY } from '../src/rules/index.ts';
import { createSandbox } from '../src/sandbox/index.ts';
import { serveParent } from './child.ts';

const [issuesArg, dueArg, rpsArg, burstArg, latencyArg, nowArg] = process.argv.slice(2);
const issues = Number(issuesArg);
const due = Number(dueArg);
const requestsPerSecond = Number(rpsArg);
const burst = Number(burstArg);
const latencyMs = Number(latencyArg);
const nowMs = Date.parse(nowArg ?? '');
if (![issues, due, requestsPerSecond, burst, latencyMs, nowMs].every(Number.isFinite)) {
  throw new Error('usage: sandbox-server.ts issues due requestsPerSecond burst latencyMs nowIso');
}

const STATUS = {
  analysts: 'Em Atendimento',
  validation: 'Tarefa Resolvida – Aguardando Validação do cliente',
  closed: 'Fechado',
};
const ANALYST = 'analista@pixeon.example';
const REPORTERS = ['clinica@cliente.example', 'recepcao@clinica2.example'];
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

const config = loadProjectsFile(fileURLToPath(new URL('../config/projects.yaml', import.meta.url)));
const project = config.projects.SUP!;
const calendar = projectCalendar(project);
const days = project.validation.businessDays;
const reminderDays = days - Math.min(project.reminder.businessDaysBefore, days);

// Windows for "entered validation", read against the SUP calendar at `now` (checked below):
// due issues entered 15 to 8 calendar days before now (5 business days have passed whatever
// holidays fall in between); not-due ones entered 6 days to 3 hours before now, which with now on
// a Tuesday means their reminder (1 business day before closing) is not due either.
const dueFrom = nowMs - 15 * DAY;
const dueSpan = 7 * DAY;
const notDueFrom = nowMs - 6 * DAY;
const notDueSpan = 6 * DAY - 3 * HOUR;

const sandbox = createSandbox({ demoIssues: false, now: nowMs });
const started = performance.now();
const every = Math.round(issues / due);
let dueCount = 0;
let reminderDue = 0;
const dueKeys = new Set<string>();
for (let n = 0; n < issues; n++) {
  const isDue = n % every === 0 && dueCount < due;
  // A stride through the window: every hour of the day, every day of the week.
  const share = ((n * 7_919) % 10_007) / 10_007;
  const entered = isDue ? dueFrom + share * dueSpan : notDueFrom + share * notDueSpan;
  const reporter = REPORTERS[n % REPORTERS.length]!;
  const issue = sandbox.store.createIssue(
    { summary: `Chamado de carga ${n + 1}`, reporter, assignee: ANALYST },
    { by: reporter, at: entered - 2 * DAY, silent: true },
  );
  sandbox.store.moveToStatus(issue.key, STATUS.analysts, {
    by: ANALYST,
    at: entered - DAY,
    silent: true,
  });
  sandbox.store.moveToStatus(issue.key, STATUS.validation, {
    by: ANALYST,
    at: entered,
    silent: true,
  });
  const closesAt = calendar.closesAtMs(entered, days);
  if (closesAt <= nowMs !== isDue) {
    throw new Error(`${issue.key}: entered ${new Date(entered).toISOString()}, due ${!isDue}`);
  }
  if (isDue) {
    dueCount++;
    dueKeys.add(issue.key);
  } else if (calendar.closesAtMs(entered, reminderDays) <= nowMs) reminderDue++;
}
if (dueCount !== due || reminderDue > 0) {
  throw new Error(`seeded ${dueCount} due issues (wanted ${due}), ${reminderDue} reminders due`);
}
const seedMs = Math.round(performance.now() - started);

const running = await sandbox.start(0, '127.0.0.1');
// The limits apply from here: seeding went through the store, not the API.
sandbox.faults.set({ rateLimit: { requestsPerSecond, burst }, latencyMs });
sandbox.faults.resetCounts();
sandbox.stats.reset();

serveParent(
  { url: running.url, issues, due: dueCount, seedMs },
  async (cmd) => {
    if (cmd !== 'report') throw new Error(`unknown request ${cmd}`);
    const byStatus: Record<string, number> = {};
    let closedDue = 0;
    let closingComments = 0;
    for (const issue of sandbox.store.allIssues()) {
      const name = sandbox.site.status(issue.statusId).name;
      byStatus[name] = (byStatus[name] ?? 0) + 1;
      if (name === STATUS.closed && dueKeys.has(issue.key)) closedDue++;
      closingComments += issue.comments.filter(
        (c) =>
          (c.properties.get(MARKER_PROPERTY) as { kind?: string } | undefined)?.kind === 'closing',
      ).length;
    }
    return {
      byStatus,
      closedDue,
      closingComments,
      calls: sandbox.stats.snapshot(),
      faults: { ...sandbox.faults.counts },
    };
  },
  () => sandbox.close(),
);
