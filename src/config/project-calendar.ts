import { calendarFor, type BusinessCalendar } from '../calendar/index.ts';
import type { ProjectConfig } from './projects-schema.ts';

/** The business-day calendar a project's config describes (shared across callers). */
export function projectCalendar(project: ProjectConfig): BusinessCalendar {
  return calendarFor(project.calendar);
}
