import { AppError, isAppError } from '../../../shared/errors';
import { contract, type Channel, type Request, type Response } from '../../../shared/ipc/contract';
import { err, ok, type Result } from '../../../shared/result';
import type { Log } from '../log';
import { parseInput } from './parse-input';

export type ChannelCall = <C extends Channel>(channel: C, request: Request<C>) => Promise<Response<C>>;

export function isChannel(name: unknown): name is Channel {
  return typeof name === 'string' && Object.hasOwn(contract, name);
}

/**
 * One request across a trust boundary: parse it with the channel's schema, call, and answer with a Result.
 * Expected failures (AppError) become error values; anything else is a bug, logged once here and answered
 * with a generic sentence so no internals leak to the renderer.
 */
export async function dispatch<C extends Channel>(
  channel: C,
  raw: unknown,
  call: ChannelCall,
  log: Log,
): Promise<Result<Response<C>>> {
  try {
    const request = parseInput(contract[channel].request, raw ?? {}) as Request<C>;
    return ok(await call(channel, request));
  } catch (error) {
    return err(toErrorShape(error, channel, log));
  }
}

/** Turn anything thrown into the shape the renderer can show. */
export function toErrorShape(error: unknown, channel: string, log: Log) {
  if (isAppError(error)) return error.toShape();
  log.error(`Unexpected error in ${channel}`, {
    error: error instanceof Error ? error.stack : String(error),
  });
  return new AppError(
    'unexpected',
    'Something went wrong inside Patchdeck; the details are in the log.',
  ).toShape();
}
