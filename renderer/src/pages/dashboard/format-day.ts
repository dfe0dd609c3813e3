import { formatDate } from '../../format';

/**
 * A calendar day (YYYY-MM-DD: an end-of-life date, a snapshot's day) in the technician's locale. formatDate reads
 * such a string as midnight UTC, which west of UTC is the evening before: the day is read at local midnight instead.
 */
export function formatDay(day: string): string {
  return /^\d{4}-\d{2}-\d{2}$/.test(day) ? formatDate(`${day}T00:00:00`) : formatDate(day);
}
