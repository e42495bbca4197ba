import { ConfigError, DEFAULT_PROJECTS_FILE, loadProjectsFile } from '../../config/index.ts';
import { ConfigFileUnreadable } from '../../config/yaml-file.ts';
import { EXIT_FAILURE, EXIT_OK, printJson, UsageError, type CliIo } from '../cli-io.ts';
import { parseOptions } from '../parse-options.ts';

const USAGE = 'usage: config check [--file PATH] [--json]';

export function configCommand(args: string[], io: CliIo): number {
  const { values, positionals } = parseOptions(
    args,
    { file: { type: 'string' }, json: { type: 'boolean', default: false } },
    USAGE,
  );
  if (positionals.length !== 1 || positionals[0] !== 'check') {
    throw new UsageError(
      positionals[0] === undefined || positionals[0] === 'check'
        ? USAGE
        : `unknown subcommand "${positionals[0]}"\n${USAGE}`,
    );
  }
  const file = values.file ?? io.env.CONFIG_FILE ?? DEFAULT_PROJECTS_FILE;
  try {
    const config = loadProjectsFile(file);
    const projects = Object.entries(config.projects).map(([key, project]) => ({
      key,
      validationBusinessDays: project.validation.businessDays,
      calendar: `${project.calendar.region} (${project.calendar.types.join(', ')})`,
      reminder: project.reminder.enabled,
    }));
    if (values.json) printJson(io, { file, valid: true, problems: [], projects });
    else {
      io.stdout(`${file}: valid, ${projects.length} project(s)\n`);
      for (const p of projects) {
        io.stdout(
          `  ${p.key}: closes after ${p.validationBusinessDays} business days, calendar ${p.calendar}, reminder ${p.reminder ? 'on' : 'off'}\n`,
        );
      }
    }
    return EXIT_OK;
  } catch (error) {
    // A file that is not there is a wrong path (exit 2), not an invalid file.
    if (!(error instanceof ConfigError) || error instanceof ConfigFileUnreadable) throw error;
    if (values.json) printJson(io, { file, valid: false, problems: error.problems, projects: [] });
    else io.stderr(`${error.message}\n`);
    return EXIT_FAILURE;
  }
}
