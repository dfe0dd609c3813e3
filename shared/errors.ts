/**
 * Expected failures travel as values: a code the program can branch on and a sentence a technician
 * understands. Bugs are not AppErrors; they go to the one unexpected-error handler.
 */
export const errorCodes = [
  'invalid-input',
  'not-found',
  'conflict',
  'database-not-sqlite',
  'database-too-new',
  'vault-unavailable',
  'unreachable',
  'auth-failed',
  'host-key-mismatch',
  'timeout',
  'failed',
  'cancelled',
  'forbidden',
  'unexpected',
] as const;
export type ErrorCode = (typeof errorCodes)[number];

export interface AppErrorShape {
  readonly code: ErrorCode;
  readonly message: string;
  /** The input field the message is about, so a form can show it next to that field. */
  readonly field?: string;
}

export class AppError extends Error implements AppErrorShape {
  readonly code: ErrorCode;
  readonly field?: string;

  constructor(code: ErrorCode, message: string, field?: string) {
    super(message);
    this.name = 'AppError';
    this.code = code;
    if (field !== undefined) this.field = field;
  }

  toShape(): AppErrorShape {
    return this.field === undefined
      ? { code: this.code, message: this.message }
      : { code: this.code, message: this.message, field: this.field };
  }
}

export function isAppError(value: unknown): value is AppError {
  return value instanceof AppError;
}

/** Exhaustiveness check for switches over unions: a new member that is not handled fails to compile. */
export function assertNever(value: never, what = 'value'): never {
  throw new Error(`Unhandled ${what}: ${JSON.stringify(value)}`);
}
