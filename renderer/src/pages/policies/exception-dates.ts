/** End of the chosen day in the technician's zone: an exception "until 30 Nov" still holds on 30 Nov. */
export function endOfDay(day: string): string {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(day)) return day;
  const date = new Date(`${day}T23:59:59`);
  return Number.isNaN(date.getTime()) ? day : date.toISOString();
}

/** The day (YYYY-MM-DD, technician's zone) `days` after the later of now and the instant: a renewal's default. */
export function dayAfter(instant: string, days: number, now = new Date()): string {
  const base = new Date(Math.max(Date.parse(instant) || 0, now.getTime()) + days * 86_400_000);
  const pad = (value: number) => String(value).padStart(2, '0');
  return `${base.getFullYear()}-${pad(base.getMonth() + 1)}-${pad(base.getDate())}`;
}
