import { calendarFor, formatIsoDate } from '../calendar/index.ts';
import type { ProjectsFile } from '../config/index.ts';

export const DEMO_CLOSURE_NAME = 'Recesso da empresa (demonstração)';
/** Which business day after today the closure falls on: inside every demo issue's window. */
const DEMO_CLOSURE_BUSINESS_DAY = 3;

/** A company closure the embedded default adds for the demo, in memory only. */
export interface DemoClosure {
  project: string;
  /** YYYY-MM-DD */
  date: string;
  name: string;
}

/**
 * The projects with one company closure added to `project`'s calendar on the 3rd business day
 * after today (in the project's zone). A real holiday is rarely within the next two weeks, and
 * the demo should show closes pushed back by a day off. Pure: the file is never written; a config
 * without that project comes back unchanged.
 */
export function withDemoClosure(
  config: ProjectsFile,
  nowMs: number,
  project = 'SUP',
): { config: ProjectsFile; closure?: DemoClosure } {
  const found = config.projects[project];
  if (!found) return { config };
  const calendar = calendarFor(found.calendar);
  const today = calendar.zone.localDay(nowMs);
  const date = formatIsoDate(calendar.addBusinessDays(today, DEMO_CLOSURE_BUSINESS_DAY));
  const closures = [...found.calendar.closures, { date, name: DEMO_CLOSURE_NAME }];
  const changed = { ...found, calendar: { ...found.calendar, closures } };
  return {
    config: { ...config, projects: { ...config.projects, [project]: changed } },
    closure: { project, date, name: DEMO_CLOSURE_NAME },
  };
}
