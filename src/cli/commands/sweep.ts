import { parseInstant, timeZone } from '../../calendar/index.ts';
import { loadEnv, loadProjectsFile } from '../../config/index.ts';
import { DryRunRecorder, JiraActionRunner } from '../../actions/index.ts';
import { runSweep, type SweepReport } from '../../jobs/index.ts';
import { buildGateway } from '../../service/gateway-factory.ts';
import { jiraConnection } from '../../service/jira-connection.ts';
import { createLogger } from '../../service/logger.ts';
import { EXIT_FAILURE, EXIT_OK, printJson, UsageError, type CliIo } from '../cli-io.ts';
import { parseOptions } from '../parse-options.ts';
import { formatReport } from '../sweep-report-text.ts';

const USAGE = 'usage: sweep [--dry-run] [--now <ISO>] [--project KEY] [--catch-up] [--json]';

export async function sweepCommand(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseOptions(
    args,
    {
      'dry-run': { type: 'boolean', default: false },
      now: { type: 'string' },
      project: { type: 'string', multiple: true },
      'catch-up': { type: 'boolean', default: false },
      json: { type: 'boolean', default: false },
    },
    USAGE,
  );
  if (positionals.length > 0)
    throw new UsageError(`unexpected argument "${positionals[0]}"\n${USAGE}`);
  const env = loadEnv(io.env);
  const config = loadProjectsFile(env.CONFIG_FILE);
  let nowMs = Date.now();
  if (values.now !== undefined) {
    const parsed = parseInstant(values.now, timeZone(config.schedules.timeZone));
    if (parsed === undefined)
      throw new UsageError(`--now: "${values.now}" is not an ISO date-time`);
    nowMs = parsed;
  }
  for (const key of values.project ?? []) {
    if (!config.projects[key])
      throw new UsageError(`project ${key} is not configured in ${env.CONFIG_FILE}`);
  }

  const log = createLogger({
    level: env.LOG_LEVEL,
    destination: 'stderr',
    secrets: secretsOf(env),
  });
  const connection = jiraConnection(env);
  const { gateway, calls } = buildGateway(connection, {
    maxConcurrency: env.JIRA_MAX_CONCURRENCY,
    log,
  });
  const runner = values['dry-run'] ? new DryRunRecorder() : new JiraActionRunner(gateway);
  let bot: string;
  try {
    bot = (await gateway.myself()).accountId;
  } catch (error) {
    const where = connection.sandbox
      ? ` (the sandbox at ${connection.baseUrl}: is \`npm start\` running?)`
      : '';
    io.stderr(`sweep: cannot reach Jira${where}: ${(error as Error).message}\n`);
    return EXIT_FAILURE;
  }
  // A CronJob pod being stopped gets SIGTERM: finish the current issue, report, exit.
  let stopRequested = false;
  const stop = () => {
    stopRequested = true;
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
  let report: SweepReport;
  try {
    report = await runSweep({
      gateway,
      calls,
      config,
      runner,
      botAccountId: bot,
      nowMs,
      log,
      mode: values['catch-up'] ? 'catch-up' : 'full',
      ...(values.project ? { projectKeys: values.project } : {}),
      shouldStop: () => stopRequested,
      concurrency: env.JIRA_MAX_CONCURRENCY,
    });
  } finally {
    process.off('SIGTERM', stop);
    process.off('SIGINT', stop);
  }
  if (values.json) printJson(io, report);
  else io.stdout(formatReport(report));
  return report.stoppedEarly || report.counts.failed > 0 ? EXIT_FAILURE : EXIT_OK;
}

function secretsOf(env: ReturnType<typeof loadEnv>): string[] {
  return [env.JIRA_API_TOKEN, env.WEBHOOK_SHARED_TOKEN, ...env.WEBHOOK_SECRETS].filter(
    (s): s is string => !!s,
  );
}
