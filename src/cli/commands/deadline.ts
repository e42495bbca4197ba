import {
  calendarFor,
  HOLIDAY_TYPES,
  parseInstant,
  regionProblem,
  timeZone,
  DEFAULT_TIME_ZONE,
  type CalendarOptions,
  type HolidayType,
} from '../../calendar/index.ts';
import { loadProjectsFile, DEFAULT_PROJECTS_FILE } from '../../config/index.ts';
import { EXIT_OK, printJson, UsageError, type CliIo } from '../cli-io.ts';
import { parseOptions, positiveInteger } from '../parse-options.ts';

const USAGE = `usage: deadline --from <ISO datetime> --days <N> [--holidays BR|BR-SP|BR-SP-SP]
                [--types public,bank,optional] [--project KEY [--file PATH]] [--json]`;

export function deadlineCommand(args: string[], io: CliIo): number {
  const { values, positionals } = parseOptions(
    args,
    {
      from: { type: 'string' },
      days: { type: 'string' },
      holidays: { type: 'string' },
      types: { type: 'string' },
      project: { type: 'string' },
      file: { type: 'string' },
      json: { type: 'boolean', default: false },
    },
    USAGE,
  );
  if (positionals.length > 0)
    throw new UsageError(`unexpected argument "${positionals[0]}"\n${USAGE}`);
  if (values.from === undefined) throw new UsageError(`--from is required\n${USAGE}`);
  if (values.project && (values.holidays || values.types)) {
    throw new UsageError(
      '--project takes the calendar from the config: drop --holidays and --types',
    );
  }

  let calendarOptions: CalendarOptions;
  let days: number | undefined =
    values.days === undefined ? undefined : positiveInteger(values.days, '--days');
  if (values.project) {
    const file = values.file ?? io.env.CONFIG_FILE ?? DEFAULT_PROJECTS_FILE;
    const project = loadProjectsFile(file).projects[values.project];
    if (!project) throw new UsageError(`project ${values.project} is not configured in ${file}`);
    calendarOptions = project.calendar;
    days ??= project.validation.businessDays;
  } else {
    const region = values.holidays ?? 'BR';
    const problem = regionProblem(region);
    if (problem) throw new UsageError(`--holidays: ${problem}`);
    calendarOptions = { region, types: parseTypes(values.types ?? 'public') };
  }
  if (days === undefined) throw new UsageError(`--days is required\n${USAGE}`);

  const zone = timeZone(calendarOptions.timeZone ?? DEFAULT_TIME_ZONE);
  const fromMs = parseInstant(values.from, zone);
  if (fromMs === undefined) {
    throw new UsageError(
      `--from: "${values.from}" is not an ISO date-time such as 2026-02-13T17:00:00-03:00`,
    );
  }
  const deadline = calendarFor(calendarOptions).deadline(fromMs, days);
  const result = {
    from: zone.formatInstant(fromMs),
    days,
    lastBusinessDay: deadline.lastBusinessDay,
    closesAt: deadline.closesAt,
    skipped: deadline.skipped,
    startDate: deadline.startDate,
    holidays: calendarOptions.region,
    types: [...calendarOptions.types],
    timeZone: zone.name,
  };
  if (values.json) {
    printJson(io, result);
    return EXIT_OK;
  }
  const lines = [
    `from              ${result.from} (day 0 is ${result.startDate})`,
    `business days     ${days} (${result.holidays}; ${result.types.join(', ')})`,
    `last business day ${result.lastBusinessDay}`,
    `closes at         ${result.closesAt}`,
    result.skipped.length === 0
      ? 'skipped           no holidays on weekdays'
      : `skipped           ${result.skipped.map((s) => `${s.date} ${s.name}`).join('\n                  ')}`,
  ];
  io.stdout(`${lines.join('\n')}\n`);
  return EXIT_OK;
}

function parseTypes(text: string): HolidayType[] {
  const types = text
    .split(',')
    .map((t) => t.trim())
    .filter(Boolean);
  const known = new Set<string>(HOLIDAY_TYPES);
  const wrong = types.filter((t) => !known.has(t));
  if (types.length === 0 || wrong.length > 0) {
    throw new UsageError(
      `--types: ${wrong.length ? `unknown type ${wrong.join(', ')}` : 'empty'}; expected a list of ${HOLIDAY_TYPES.join(', ')}`,
    );
  }
  return [...new Set(types)] as HolidayType[];
}
