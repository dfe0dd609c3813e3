import type { z } from 'zod';
import { AppError } from '../../../shared/errors';

/**
 * Parse input at a boundary (IPC, CLI). The first problem becomes an AppError naming the field, so a form can
 * show it next to that field and the CLI can print it as one sentence.
 */
export function parseInput<S extends z.ZodType>(schema: S, value: unknown): z.output<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const field = issue?.path.map(String).join('.') || undefined;
  const message = issue?.message ?? 'invalid input';
  return throwInvalid(field, message);
}

function throwInvalid(field: string | undefined, message: string): never {
  // Our schemas' messages name their field; zod's generic ones ("Invalid input: expected string") do not.
  const named = field && message.startsWith('Invalid') ? `${field}: ${message}` : message;
  throw new AppError('invalid-input', named, field);
}
