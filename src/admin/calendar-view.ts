/** 4. Calendário: month grids per project, and the deadline calculator (the `deadline` command). */
import {
  dayFromParts,
  formatIsoDate,
  parseInstant,
  partsOfDay,
  type BusinessCalendar,
} from '../calendar/index.ts';
import { projectCalendar, type ProjectsFile } from '../config/index.ts';
import { projectByKey } from '../domain/index.ts';
import {
  AdminInputError,
  type CalendarMonth,
  type DeadlineAnswer,
  type ProjectCalendarView,
} from './admin-model.ts';
import { DayKinds } from './day-kinds.ts';

/** The current month and the next two. */
export const CALENDAR_MONTHS = 3;

const kindsOf = new WeakMap<BusinessCalendar, DayKinds>();

/** One DayKinds per calendar (the calendars are shared, so are their named days). */
export function dayKinds(calendar: BusinessCalendar): DayKinds {
  let kinds = kindsOf.get(calendar);
  if (!kinds) {
    kinds = new DayKinds(calendar);
    kindsOf.set(calendar, kinds);
  }
  return kinds;
}

export function projectCalendarViews(config: ProjectsFile, nowMs: number): ProjectCalendarView[] {
  return Object.entries(config.projects).map(([key, project]) => {
    const calendar = projectCalendar(project);
    const today = partsOfDay(calendar.zone.localDay(nowMs));
    const months: CalendarMonth[] = [];
    for (let i = 0; i < CALENDAR_MONTHS; i++) {
      const index = today.month - 1 + i;
      months.push(monthGrid(calendar, today.year + Math.floor(index / 12), (index % 12) + 1));
    }
    return {
      project: key,
      region: project.calendar.region,
      types: [...project.calendar.types],
      timeZone: calendar.zone.name,
      businessDays: project.validation.businessDays,
      months,
    };
  });
}

export function monthGrid(calendar: BusinessCalendar, year: number, month: number): CalendarMonth {
  const kinds = dayKinds(calendar);
  const first = dayFromParts(year, month, 1);
  const next = month === 12 ? dayFromParts(year + 1, 1, 1) : dayFromParts(year, month + 1, 1);
  const days = [];
  for (let day = first; day < next; day++) days.push(kinds.day(day, formatIsoDate(day)));
  return { month: formatIsoDate(first).slice(0, 7), days };
}

/**
 * "If resolved at `from`, closes at …": the `deadline --project` answer. `from` is read as the
 * command reads it (an offset, or a wall-clock time in the project's zone).
 */
export function deadlineAnswer(config: ProjectsFile, key: string, from: string): DeadlineAnswer {
  const project = projectByKey(config.projects, key);
  if (!project) throw new AdminInputError(`o projeto ${key} não está configurado`);
  const calendar = projectCalendar(project);
  const fromMs = parseInstant(from, calendar.zone);
  if (fromMs === undefined) {
    throw new AdminInputError(
      `data inválida: "${from}" (use aaaa-mm-dd ou data e hora ISO, como 2026-02-13T17:00:00-03:00)`,
    );
  }
  const days = project.validation.businessDays;
  let deadline;
  try {
    deadline = calendar.deadline(fromMs, days);
  } catch (error) {
    if (!(error instanceof RangeError)) throw error;
    throw new AdminInputError(`a data ${from} está fora dos anos que o calendário cobre`);
  }
  return {
    project: key,
    from: calendar.zone.formatInstant(fromMs),
    days,
    startDate: deadline.startDate,
    lastBusinessDay: deadline.lastBusinessDay,
    closesAt: deadline.closesAt,
    skipped: deadline.skipped,
  };
}
