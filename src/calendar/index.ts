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
  dayFromParts,
  formatIsoDate,
  isWeekend,
  parseIsoDate,
  partsOfDay,
  weekday,
  type DayNumber,
} from './calendar-date.ts';
export {
  HOLIDAY_TYPES,
  regionProblem,
  scopedDaysOffInYear,
  type HolidayScope,
  type HolidayType,
  type ScopedHoliday,
} from './holiday-source.ts';
export { TimeZone, timeZone } from './time-zone.ts';
export { parseInstant } from './parse-instant.ts';
