import type { AppErrorShape } from '../../../shared/errors';

/** One message per form field; `form` holds what belongs to no single field. */
export type FieldErrors<F extends string> = Partial<Record<F | 'form', string>>;

/** null when saved; otherwise what to show next to which field. */
export type SaveOutcome<F extends string> = FieldErrors<F> | null;

/** A validation problem as zod reports it (only the parts a form needs). */
export interface Issue {
  readonly path: readonly PropertyKey[];
  readonly message: string;
}

/**
 * Which form field an engine or schema path belongs to. `aliases` maps dotted paths (longest match wins, so
 * `auth.keyPath` beats `auth`) to field names; list indexes are dropped so `tags.3` lands on `tags`.
 */
export function fieldForPath<F extends string>(
  path: string,
  fields: readonly F[],
  aliases: Readonly<Record<string, F>> = {},
): F | 'form' {
  const parts = path.split('.').filter((part) => part !== '' && !/^\d+$/.test(part));
  for (let length = parts.length; length > 0; length -= 1) {
    const prefix = parts.slice(0, length).join('.');
    const alias = aliases[prefix];
    if (alias !== undefined) return alias;
    if ((fields as readonly string[]).includes(prefix)) return prefix as F;
  }
  return 'form';
}

/** All problems of a schema check, the first per field, so every wrong field shows its message at once. */
export function errorsFromIssues<F extends string>(
  issues: readonly Issue[],
  fields: readonly F[],
  aliases: Readonly<Record<string, F>> = {},
): FieldErrors<F> {
  const errors: FieldErrors<F> = {};
  for (const issue of issues) {
    const field = fieldForPath(issue.path.map(String).join('.'), fields, aliases);
    errors[field] ??= issue.message;
  }
  return errors;
}

/**
 * An engine refusal placed next to the field it names (e.g. a conflict on `name`); without a field it is a
 * form-level message. The message is the engine's sentence, written for the technician.
 */
export function errorsFromAppError<F extends string>(
  error: AppErrorShape,
  fields: readonly F[],
  aliases: Readonly<Record<string, F>> = {},
): FieldErrors<F> {
  const field = error.field === undefined ? 'form' : fieldForPath(error.field, fields, aliases);
  return { [field]: error.message } as FieldErrors<F>;
}

/** True when the errors object holds at least one message. */
export function hasErrors(errors: FieldErrors<string>): boolean {
  return Object.values(errors).some((message) => message !== undefined);
}
