export { checkTimeZone, isValidTimeZone } from './time-zone';
export { wallClockToInstant } from './wall-clock';
export type { LocalDate } from './wall-clock';
export { formatWindowSpec, parseWindowSpec, weekdays } from './window-spec';
export type { MaintenanceWindowSpec, WallClockTime, Weekday } from './window-spec';
export { nextOccurrence, occurrencesBetween, openOccurrenceAt } from './occurrences';
export type { MaintenanceWindowOccurrence } from './occurrences';
