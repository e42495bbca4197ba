import { ConfigError } from '../../config/index.ts';
import { ConfigFileUnreadable } from '../../config/yaml-file.ts';
import { reportText, runDoctor, type DoctorReport } from '../../doctor/index.ts';
import { bootstrap } from '../../service/bootstrap.ts';
import { loadWebhookDefinition } from '../../service/webhook-registration.ts';
import {
  EXIT_FAILURE,
  EXIT_OK,
  printJson,
  stderrLines,
  UsageError,
  type CliIo,
} from '../cli-io.ts';
import { noPositionals, parseOptions } from '../parse-options.ts';

const USAGE = `usage: doctor [--project KEY] [--json]
  checks the live Jira site against the projects file and prints a checklist, each item with what
  to do; exits 0 when no error fails, 1 otherwise (README, "The doctor")`;

const OPTIONS = {
  project: { type: 'string', multiple: true },
  json: { type: 'boolean', default: false },
} as const;

/** `doctor`: proves the setup before the first night, instead of a failure at 02:00. */
export async function doctorCommand(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseOptions(args, OPTIONS, USAGE);
  noPositionals(positionals, USAGE);
  let report: DoctorReport;
  try {
    const boot = await bootstrap({
      env: io.env,
      log: { destination: 'stderr', stream: stderrLines(io) },
      maxConcurrency: 2,
    });
    const projects = values.project;
    for (const key of projects ?? []) {
      if (!(key in boot.config.projects)) {
        throw new UsageError(
          `--project ${key}: not in the projects file (${Object.keys(boot.config.projects).join(', ')})`,
        );
      }
    }
    report = await runDoctor({
      jira: boot.jira.gateway,
      config: boot.config,
      definition: loadWebhookDefinition(),
      baseUrl: boot.connection.baseUrl,
      siteUrl: boot.connection.siteUrl,
      publicUrl: boot.env.PUBLIC_URL,
      // `npm start` signs the embedded sandbox's webhook with a secret made up for its run.
      hasSecret: boot.webhookSecrets.length > 0 || boot.connection.sandbox,
      ...(projects ? { projects } : {}),
    });
  } catch (error) {
    // A projects file with problems is the first failed check; a wrong path stays bad input.
    if (!(error instanceof ConfigError) || error instanceof ConfigFileUnreadable) throw error;
    report = {
      ok: false,
      checks: [
        {
          name: 'projects file',
          ok: false,
          severity: 'error',
          detail: error.message,
          fix: 'correct the projects file (`npm run --silent cli -- config check` lists every problem)',
        },
      ],
    };
  }
  if (values.json) printJson(io, report);
  else io.stdout(reportText(report));
  return report.ok ? EXIT_OK : EXIT_FAILURE;
}
