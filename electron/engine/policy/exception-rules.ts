import { assertNever } from '../../../shared/errors';
import type { ExceptionTarget } from '../../../shared/domain/policies';
import type { DeviceFacts, UpdateFacts } from './update-facts';

/** The part of an exception its rule reads. */
export interface ExceptionFacts {
  readonly package: string;
  readonly target: ExceptionTarget;
  readonly expiresAt: string;
}

/** An exception stops counting at its expiry instant (then it waits in the review list). */
export function exceptionExpired(exception: Pick<ExceptionFacts, 'expiresAt'>, now: Date): boolean {
  return Date.parse(exception.expiresAt) <= now.getTime();
}

/**
 * Whether an exception holds this update back on this device: it has not expired, it names the package (or one
 * of the update's advisory ids, such as a KB) without regard to case, and it targets the device itself, one of
 * its tags, or its client.
 */
export function exceptionHolds(
  exception: ExceptionFacts,
  device: DeviceFacts,
  update: UpdateFacts,
  now: Date,
): boolean {
  if (exceptionExpired(exception, now)) return false;
  const held = exception.package.toLowerCase();
  if (update.name.toLowerCase() !== held && !update.advisoryIds.some((id) => id.toLowerCase() === held))
    return false;
  const { target } = exception;
  switch (target.kind) {
    case 'device':
      return target.deviceId === device.id;
    case 'tag':
      return device.tags.some((tag) => tag.toLowerCase() === target.tag.toLowerCase());
    case 'client':
      return target.clientId === device.clientId;
    default:
      return assertNever(target, 'exception target');
  }
}

/** Exceptions by lower-cased package or KB, so a device's updates find theirs without scanning every exception. */
export function indexExceptions<Exception extends ExceptionFacts>(
  exceptions: readonly Exception[],
): Map<string, Exception[]> {
  const index = new Map<string, Exception[]>();
  for (const exception of exceptions) {
    const key = exception.package.toLowerCase();
    const list = index.get(key);
    if (list) list.push(exception);
    else index.set(key, [exception]);
  }
  return index;
}

/** The exception of the index that holds this update on this device, by its name or an advisory id, if any. */
export function holdingException<Exception extends ExceptionFacts>(
  index: ReadonlyMap<string, readonly Exception[]>,
  device: DeviceFacts,
  update: UpdateFacts,
  now: Date,
): Exception | undefined {
  if (index.size === 0) return undefined;
  const holding = (name: string) =>
    index.get(name.toLowerCase())?.find((exception) => exceptionHolds(exception, device, update, now));
  return holding(update.name) ?? update.advisoryIds.map(holding).find((exception) => exception !== undefined);
}

/** Whether any exception of the index holds this update on this device (see exceptionHolds). */
export function heldByException(
  index: ReadonlyMap<string, readonly ExceptionFacts[]>,
  device: DeviceFacts,
  update: UpdateFacts,
  now: Date,
): boolean {
  return holdingException(index, device, update, now) !== undefined;
}
