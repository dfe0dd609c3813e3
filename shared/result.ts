import type { AppErrorShape } from './errors';

/** The envelope every IPC answer travels in: expected failures are values, never thrown across the boundary. */
export type Result<T> =
  { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: AppErrorShape };

export function ok<T>(value: T): Result<T> {
  return { ok: true, value };
}

export function err<T = never>(error: AppErrorShape): Result<T> {
  return { ok: false, error };
}
