import { ExceptionInput, ExceptionUpdate, type PatchException } from '../../../shared/domain/policies';
import { AppError } from '../../../shared/errors';
import { parseInput } from '../api/parse-input';
import { appendAudit } from '../audit/audit-log';
import { findClientById } from '../db/repositories/clients';
import { findDeviceById, listDevices } from '../db/repositories/devices';
import { deleteException, insertException, listExceptionRows } from '../db/repositories/policies';
import type { EngineContext } from '../engine-context';
import { exceptionExpired } from './exception-rules';

/** Held packages: a package or KB kept off a device, a tag or a client, with a reason and an expiry. */
export interface ExceptionService {
  /** Every exception, soonest expiry first, each marked expired or not. */
  list(): PatchException[];
  /** The expired ones, for the technician's review (renew or remove). */
  expired(): PatchException[];
  add(input: ExceptionInput): PatchException;
  /** Renew an exception after review: a new expiry, a new reason, or both; the package and target stay. */
  update(input: ExceptionUpdate): PatchException;
  remove(id: number): void;
}

export function createExceptionService(context: EngineContext): ExceptionService {
  const { database, clock, actor } = context;

  const list = (): PatchException[] => {
    const now = clock.now();
    return listExceptionRows(database).map((row) => ({ ...row, expired: exceptionExpired(row, now) }));
  };

  const checkTarget = (input: ReturnType<typeof ExceptionInput.parse>) => {
    const { target } = input;
    if (target.kind === 'device' && !findDeviceById(database, target.deviceId))
      throw new AppError('not-found', `There is no device with id ${target.deviceId}.`, 'target.deviceId');
    if (target.kind === 'client' && !findClientById(database, target.clientId))
      throw new AppError('not-found', `There is no client with id ${target.clientId}.`, 'target.clientId');
    if (
      target.kind === 'tag' &&
      !listDevices(database).some((device) =>
        device.tags.some((tag) => tag.toLowerCase() === target.tag.toLowerCase()),
      )
    )
      throw new AppError('not-found', `No device has the tag '${target.tag}'.`, 'target.tag');
    checkExpiry(input.expiresAt);
  };

  const checkExpiry = (expiresAt: string) => {
    if (Date.parse(expiresAt) <= clock.now().getTime())
      throw new AppError('invalid-input', `The expiry ${expiresAt} has already passed.`, 'expiresAt');
  };

  const find = (id: number): PatchException => {
    const existing = list().find((exception) => exception.id === id);
    if (!existing) throw new AppError('not-found', `There is no exception with id ${id}.`, 'id');
    return existing;
  };

  return {
    list,
    expired: () => list().filter((exception) => exception.expired),
    add(input) {
      const parsed = parseInput(ExceptionInput, input);
      return database.transaction(() => {
        checkTarget(parsed);
        const now = clock.now();
        const id = insertException(database, {
          package: parsed.package,
          target: parsed.target,
          reason: parsed.reason,
          expiresAt: new Date(Date.parse(parsed.expiresAt)).toISOString(),
          createdAt: now.toISOString(),
          actor,
        });
        const added = list().find((exception) => exception.id === id);
        if (!added) throw new Error(`exception ${id} vanished after insert`);
        appendAudit(database, now, actor, {
          action: 'exception.added',
          subjectType: 'exception',
          subjectId: id,
          subjectName: added.package,
          details: {
            target: added.target,
            targetName: added.targetName,
            reason: added.reason,
            expiresAt: added.expiresAt,
          },
        });
        return added;
      });
    },
    update(input) {
      const parsed = parseInput(ExceptionUpdate, input);
      return database.transaction(() => {
        const before = find(parsed.id);
        if (parsed.expiresAt !== undefined) checkExpiry(parsed.expiresAt);
        const expiresAt =
          parsed.expiresAt === undefined
            ? before.expiresAt
            : new Date(Date.parse(parsed.expiresAt)).toISOString();
        const reason = parsed.reason ?? before.reason;
        database
          .statement('UPDATE patch_exceptions SET reason = ?, expires_at = ? WHERE id = ?')
          .run(reason, expiresAt, parsed.id);
        const after = find(parsed.id);
        appendAudit(database, clock.now(), actor, {
          action: 'exception.updated',
          subjectType: 'exception',
          subjectId: after.id,
          subjectName: after.package,
          details: {
            target: after.target,
            targetName: after.targetName,
            before: { reason: before.reason, expiresAt: before.expiresAt },
            after: { reason: after.reason, expiresAt: after.expiresAt },
          },
        });
        return after;
      });
    },
    remove(id) {
      database.transaction(() => {
        const existing = find(id);
        if (!deleteException(database, id))
          throw new AppError('not-found', `There is no exception with id ${id}.`, 'id');
        appendAudit(database, clock.now(), actor, {
          action: 'exception.removed',
          subjectType: 'exception',
          subjectId: id,
          subjectName: existing.package,
          details: {
            target: existing.target,
            targetName: existing.targetName,
            reason: existing.reason,
            expiresAt: existing.expiresAt,
          },
        });
      });
    },
  };
}
