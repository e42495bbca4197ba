export {
  BusinessCalendar,
  calendarFor,
  DEFAULT_TIME_ZONE,
  type CalendarOptions,
  type Deadline,
  type NamedDate,
  type SkippedDay,
} from './business-calendar.ts';
export {
  formatBrazilianDate,
  formatIsoDate,
  parseIsoDate,
  type DayNumber,
} from './calendar-date.ts';
export { HOLIDAY_TYPES, regionProblem, type HolidayType } from './holiday-source.ts';
export { TimeZone, timeZone } from './time-zone.ts';
export { parseInstant } from './parse-instant.ts';
