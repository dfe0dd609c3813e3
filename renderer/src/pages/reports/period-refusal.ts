import type { AppErrorShape } from '../../../../shared/errors';

/** A refusal of the report's period: the date field it is about, and the sentence to show under it. */
export interface PeriodRefusal {
  readonly field: 'from' | 'to';
  readonly message: string;
}

/** True for a calendar day written YYYY-MM-DD (what the engine accepts), false for anything else. */
function isDay(text: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return false;
  const parsed = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(parsed.getTime()) && parsed.toISOString().startsWith(text);
}

/**
 * The engine refuses a period naming the field (`from`, `to`), in the command line's words (`--from … is after
 * --to …`), which the CLI keeps as its contract. The console says the same in the names of its own fields, next to
 * the field. null when the refusal is not about the period.
 */
export function periodRefusal(
  error: AppErrorShape,
  period: { readonly from: string; readonly to: string },
  timeZone: string | undefined,
): PeriodRefusal | null {
  if (error.code !== 'invalid-input' || (error.field !== 'from' && error.field !== 'to')) return null;
  const field = error.field;
  const label = field === 'from' ? 'From' : 'To';
  const day = period[field];
  // Both fields refuse a day that is not one; From alone can also be after the period's end.
  if (field === 'to' || !isDay(day)) {
    return { field, message: `${label} '${day}' is not a date like 2026-11-01.` };
  }
  if (period.to !== '') {
    return {
      field,
      message: `From ${day} is after To ${period.to}: the period would be empty. Choose a From on or before To.`,
    };
  }
  const zone =
    timeZone === undefined ? "in the client's time zone" : `in ${timeZone}, the client's time zone`;
  return {
    field,
    message: `From ${day} is after today (${zone}): the period would be empty. Choose an earlier From.`,
  };
}
