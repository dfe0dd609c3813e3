import type { BackupResult, RestoreResult } from '../../../shared/domain/settings';
import { AppError, isAppError } from '../../../shared/errors';
import type { Result } from '../../../shared/result';
import { appendAudit } from '../audit/audit-log';
import type { Database, OpenDatabaseOptions } from '../db/database';
import {
  backupDatabase,
  backupSecretsNote,
  restoreDatabase,
  type BackupOutcome,
  type RestoreOutcome,
} from '../db/backup';
import type { EngineContext } from '../engine-context';

export interface BackupService {
  /** Write a checked, consistent copy of the open database to path (refusing an existing file unless overwrite). */
  create(request: { readonly path: string; readonly overwrite?: boolean }): Promise<BackupResult>;
  /**
   * Replace the database with a backup. A refused file changes nothing; once the file is accepted the engine's
   * database is closed for good, so the process hosting the engine must be restarted (restartRequired), also when
   * the restore then fails (see engineClosedBy).
   */
  restore(request: { readonly path: string }): Promise<RestoreResult>;
}

export interface BackupServiceOptions extends OpenDatabaseOptions {
  /** Stop everything that uses the database and close it; throws (changing nothing) if it cannot stop now. */
  readonly closeEngine: () => void | Promise<void>;
}

/** Record a restore in the restored database's own audit log (the replaced database keeps its own history). */
export function auditRestore(actor: string, at: Date): (restored: Database, outcome: RestoreOutcome) => void {
  return (restored, outcome) =>
    appendAudit(restored, at, actor, {
      action: 'database.restored',
      subjectType: 'database',
      subjectId: null,
      subjectName: outcome.restoredFrom,
      details: { previousKeptAs: outcome.previousKeptAs, schemaVersion: outcome.schemaVersion },
    });
}

/**
 * Whether a restore's answer means the engine closed its database, so that the process hosting it must start a new
 * engine: on success, and on a failure after the backup passed its checks (the engine answers those 'failed'). A
 * refusal before that (not a backup, a deployment under way) leaves the engine running, with its scans and jobs.
 */
export function engineClosedBy(answer: Result<unknown>): boolean {
  return answer.ok || answer.error.code === 'failed';
}

/** Backup and restore as the console's Settings page and the CLI use them. */
export function createBackupService(context: EngineContext, options: BackupServiceOptions): BackupService {
  const { database, clock, actor } = context;
  const binding = options.nativeBinding ? { nativeBinding: options.nativeBinding } : {};
  // SQLite's online backup copies in steps between which other calls run: a restore then would close the database
  // under the copy (the backup failing with "connection is not open") and a backup started during a restore would
  // copy a database about to be replaced. One waits for the other, refused with a sentence saying so.
  let backupsWriting = 0;
  let restoring = false;
  return {
    async create(request) {
      if (restoring) {
        throw new AppError(
          'conflict',
          'A restore is under way: the database is being replaced. Back up the restored database once Patchdeck has restarted.',
        );
      }
      backupsWriting += 1;
      let outcome: BackupOutcome;
      try {
        outcome = await backupDatabase(database, request.path, {
          ...binding,
          overwrite: request.overwrite === true,
        });
      } finally {
        backupsWriting -= 1;
      }
      // Written after the copy, so the backup itself does not claim to have been backed up.
      database.transaction(() =>
        appendAudit(database, clock.now(), actor, {
          action: 'database.backed-up',
          subjectType: 'database',
          subjectId: null,
          subjectName: outcome.path,
          details: { bytes: outcome.bytes, schemaVersion: outcome.schemaVersion },
        }),
      );
      return { ...outcome, secretsNote: backupSecretsNote };
    },
    async restore(request) {
      if (backupsWriting > 0) {
        throw new AppError('conflict', 'A backup is being written: wait for it to finish, then restore.');
      }
      if (restoring) throw new AppError('conflict', 'A restore is already under way: wait for it to finish.');
      restoring = true;
      const now = clock.now();
      let engineClosed = false;
      try {
        const outcome = await restoreDatabase(database.path, request.path, {
          ...binding,
          now,
          beforeSwap: async () => {
            await options.closeEngine();
            engineClosed = true;
          },
          afterRestore: auditRestore(actor, now),
        });
        return { ...outcome, restartRequired: true };
      } catch (error) {
        // Once the database is closed, a failure needs a fresh engine as much as a success: 'failed' says so.
        if (!engineClosed || (isAppError(error) && error.code === 'failed')) throw error;
        throw new AppError('failed', error instanceof Error ? error.message : String(error));
      } finally {
        // A refused file leaves the engine running, so backups are welcome again; once it closed its database, this
        // engine is done and the refusal stands until main starts a new one.
        if (!engineClosed) restoring = false;
      }
    },
  };
}
