import { parseInstant, timeZone } from '../../calendar/index.ts';
import type { ProjectsFile } from '../../config/index.ts';
import { projectByKey } from '../../domain/index.ts';
import { errorMessage } from '../../jira/index.ts';
import type { SweepMode, SweepReport } from '../../jobs/index.ts';
import { scheduledMode } from '../../jobs/scheduled-mode.ts';
import { bootstrap, type Bootstrapped } from '../../service/bootstrap.ts';
import { createSweepRunner } from '../../service/sweep-runner.ts';
import {
  EXIT_FAILURE,
  EXIT_OK,
  printJson,
  stderrLines,
  UsageError,
  type CliIo,
} from '../cli-io.ts';
import { noPositionals, parseOptions } from '../parse-options.ts';
import { formatReport } from '../sweep-report-text.ts';

const USAGE = `usage: sweep [--dry-run] [--now <ISO>] [--project KEY] [--catch-up | --scheduled] [--json]
  --dry-run    read Jira, write nothing, print the plan
  --now ISO    plan as if it were then (with --dry-run only)
  --project    only this project (repeatable)
  --catch-up   the light run: recently updated issues, repairs only
  --scheduled  the full sweep if the nightly schedule (schedules.sweep) fell in the last
               10 minutes, the catch-up otherwise: what the one CronJob runs on every tick`;

const OPTIONS = {
  'dry-run': { type: 'boolean', default: false },
  now: { type: 'string' },
  project: { type: 'string', multiple: true },
  'catch-up': { type: 'boolean', default: false },
  scheduled: { type: 'boolean', default: false },
  json: { type: 'boolean', default: false },
} as const;

export async function sweepCommand(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseOptions(args, OPTIONS, USAGE);
  noPositionals(positionals, USAGE);
  if (values.now !== undefined && !values['dry-run']) {
    // A real sweep "at" another time would close issues whose window is still open.
    throw new UsageError(
      '--now needs --dry-run: a sweep that writes always runs at the real time, or it would close issues before their window ends',
    );
  }
  if (values.scheduled && values['catch-up'])
    throw new UsageError('--scheduled picks the mode itself: leave out --catch-up');
  const boot = await bootstrap({
    env: io.env,
    log: { destination: 'stderr', stream: stderrLines(io) },
  });
  const nowMs = values.now === undefined ? Date.now() : parseNow(values.now, boot.config);
  for (const key of values.project ?? []) {
    if (!projectByKey(boot.config.projects, key))
      throw new UsageError(`project ${key} is not configured in ${boot.env.CONFIG_FILE}`);
  }
  if (!(await reachJira(boot, io))) return EXIT_FAILURE;
  const run = createSweepRunner({
    jira: boot.jira,
    config: boot.config,
    log: boot.log,
    concurrency: boot.env.JIRA_MAX_CONCURRENCY,
    botAccountId: boot.jira.botAccountId,
  });
  const report = await untilStopped((shouldStop) =>
    run(modeOf(values, boot.config, nowMs), {
      dryRun: values['dry-run'],
      nowMs,
      ...(values.project ? { projectKeys: values.project } : {}),
      shouldStop,
    }),
  );
  if (values.json) printJson(io, report);
  else
    io.stdout(
      formatReport(report, boot.connection.sandbox ? {} : { siteUrl: boot.connection.siteUrl }),
    );
  // A blocked issue waits on an admin (a transition's configuration): the CronJob shows it too.
  const failed =
    report.counts.failed > 0 ||
    report.counts.blocked > 0 ||
    (report.failedProjects?.length ?? 0) > 0;
  return report.stoppedEarly || failed ? EXIT_FAILURE : EXIT_OK;
}

function modeOf(
  values: { 'catch-up': boolean; scheduled: boolean },
  config: ProjectsFile,
  nowMs: number,
): SweepMode {
  if (values.scheduled) return scheduledMode(config.schedules, nowMs);
  return values['catch-up'] ? 'catch-up' : 'full';
}

function parseNow(text: string, config: ProjectsFile): number {
  const parsed = parseInstant(text, timeZone(config.schedules.timeZone));
  if (parsed === undefined) throw new UsageError(`--now: "${text}" is not an ISO date-time`);
  return parsed;
}

/** Asks Jira who the bot is; says so on stderr when Jira cannot be reached. */
async function reachJira(boot: Bootstrapped, io: CliIo): Promise<boolean> {
  try {
    await boot.jira.botAccountId();
    return true;
  } catch (error) {
    const where = boot.connection.sandbox
      ? ` (the sandbox at ${boot.connection.baseUrl}: is \`npm start\` running?)`
      : '';
    io.stderr(`sweep: cannot reach Jira${where}: ${errorMessage(error)}\n`);
    return false;
  }
}

/** A CronJob pod being stopped gets SIGTERM: finish the current issue, report, exit. */
async function untilStopped(
  sweep: (shouldStop: () => boolean) => Promise<SweepReport>,
): Promise<SweepReport> {
  let stopRequested = false;
  const stop = () => {
    stopRequested = true;
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
  try {
    return await sweep(() => stopRequested);
  } finally {
    process.off('SIGTERM', stop);
    process.off('SIGINT', stop);
  }
}
