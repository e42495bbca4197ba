import {
  calendarFor,
  HOLIDAY_TYPES,
  parseInstant,
  regionProblem,
  timeZone,
  DEFAULT_TIME_ZONE,
  type CalendarOptions,
  type Deadline,
  type HolidayType,
} from '../../calendar/index.ts';
import { loadProjectsFile, DEFAULT_PROJECTS_FILE } from '../../config/index.ts';
import { projectByKey } from '../../domain/index.ts';
import { EXIT_OK, printJson, UsageError, type CliIo } from '../cli-io.ts';
import { noPositionals, parseOptions, positiveInteger } from '../parse-options.ts';

const USAGE = `usage: deadline --from <ISO datetime> --days <N> [--holidays BR|BR-SP|BR-SP-SP]
                [--types public,bank,optional] [--project KEY [--file PATH]] [--json]`;

const OPTIONS = {
  from: { type: 'string' },
  days: { type: 'string' },
  holidays: { type: 'string' },
  types: { type: 'string' },
  project: { type: 'string' },
  file: { type: 'string' },
  json: { type: 'boolean', default: false },
} as const;

type Values = ReturnType<typeof parseOptions<typeof OPTIONS>>['values'];

export function deadlineCommand(args: string[], io: CliIo): number {
  const { values, positionals } = parseOptions(args, OPTIONS, USAGE);
  noPositionals(positionals, USAGE);
  if (values.from === undefined) throw new UsageError(`--from is required\n${USAGE}`);
  const { calendarOptions, days } = chooseCalendar(values, io);
  const zone = timeZone(calendarOptions.timeZone ?? DEFAULT_TIME_ZONE);
  const fromMs = parseInstant(values.from, zone);
  if (fromMs === undefined) {
    throw new UsageError(
      `--from: "${values.from}" is not an ISO date-time such as 2026-02-13T17:00:00-03:00`,
    );
  }
  const deadline = computeDeadline(calendarOptions, fromMs, days, values.from);
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
  if (values.json) printJson(io, result);
  else io.stdout(formatDeadline(result));
  return EXIT_OK;
}

/** The calendar and the window: a project's from the projects file, or the options'. */
function chooseCalendar(
  values: Values,
  io: CliIo,
): { calendarOptions: CalendarOptions; days: number } {
  if (values.project && (values.holidays || values.types)) {
    throw new UsageError(
      '--project takes the calendar from the config: drop --holidays and --types',
    );
  }
  const days = values.days === undefined ? undefined : positiveInteger(values.days, '--days');
  if (values.project) {
    const file = values.file ?? io.env.CONFIG_FILE ?? DEFAULT_PROJECTS_FILE;
    const project = projectByKey(loadProjectsFile(file).projects, values.project);
    if (!project) throw new UsageError(`project ${values.project} is not configured in ${file}`);
    return { calendarOptions: project.calendar, days: days ?? project.validation.businessDays };
  }
  const region = values.holidays ?? 'BR';
  const problem = regionProblem(region);
  if (problem) throw new UsageError(`--holidays: ${problem}`);
  if (days === undefined) throw new UsageError(`--days is required\n${USAGE}`);
  return { calendarOptions: { region, types: parseTypes(values.types ?? 'public') }, days };
}

function computeDeadline(
  options: CalendarOptions,
  fromMs: number,
  days: number,
  from: string,
): Deadline {
  try {
    return calendarFor(options).deadline(fromMs, days);
  } catch (error) {
    // The calendar covers a fixed range of years; a window reaching past it is bad input.
    if (!(error instanceof RangeError)) throw error;
    throw new UsageError(
      `--days ${days} from ${from} goes outside the years the calendar covers (${error.message})`,
    );
  }
}

function formatDeadline(result: {
  from: string;
  startDate: string;
  days: number;
  holidays: string;
  types: string[];
  lastBusinessDay: string;
  closesAt: string;
  skipped: { date: string; name: string }[];
}): string {
  const lines = [
    `from              ${result.from} (day 0 is ${result.startDate})`,
    `business days     ${result.days} (${result.holidays}; ${result.types.join(', ')})`,
    `last business day ${result.lastBusinessDay}`,
    `closes at         ${result.closesAt}`,
    result.skipped.length === 0
      ? 'skipped           no holidays on weekdays'
      : `skipped           ${result.skipped.map((s) => `${s.date} ${s.name}`).join('\n                  ')}`,
  ];
  return `${lines.join('\n')}\n`;
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
