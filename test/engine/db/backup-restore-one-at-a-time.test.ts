import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { checkBackupFile } from '../../../electron/engine/db/backup';
import { AppError } from '../../../shared/errors';
import { createTempEngine } from '../../support/temp-engine';

/** The answer of a call, as a value: what a test compares whether it succeeded or was refused. */
function settled<T>(promise: Promise<T>): Promise<{ ok: true; value: T } | { ok: false; error: AppError }> {
  return promise.then(
    (value) => ({ ok: true as const, value }),
    (error: unknown) => {
      if (error instanceof AppError) return { ok: false as const, error };
      throw error;
    },
  );
}

describe('a backup and a restore on the same engine never overlap', () => {
  let temp: ReturnType<typeof createTempEngine>;
  let earlierBackup: string;
  beforeEach(async () => {
    temp = createTempEngine();
    temp.engine.clients.add({ name: 'In The Earlier Backup', timeZone: 'UTC' });
    earlierBackup = path.join(temp.dir, 'earlier.db');
    await temp.engine.backups.create({ path: earlierBackup });
    temp.engine.clients.add({ name: 'Added Since', timeZone: 'UTC' });
    // Some megabytes, so that SQLite's online backup needs many steps and is still copying when the restore comes.
    temp.engine.database.exec(
      'CREATE TABLE filler (bytes BLOB); WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 2000) INSERT INTO filler SELECT randomblob(4000) FROM n;',
    );
  });
  afterEach(() => temp.close());

  it('refuses a restore while a backup is being written, and the backup completes', async () => {
    const out = path.join(temp.dir, 'now.db');
    const backup = settled(temp.engine.backups.create({ path: out }));
    const restore = await settled(temp.engine.backups.restore({ path: earlierBackup }));

    expect(restore.ok ? 'restored' : `${restore.error.code}: ${restore.error.message}`).toBe(
      'conflict: A backup is being written: wait for it to finish, then restore.',
    );
    const written = await backup;
    expect(written.ok ? written.value.path : written.error.message).toBe(out);
    expect(() => checkBackupFile(out)).not.toThrow();
    // The engine kept its database: nothing was replaced.
    expect(temp.engine.clients.list().map((client) => client.name)).toEqual([
      'Added Since',
      'In The Earlier Backup',
    ]);
    // Once the backup is done, the restore is allowed.
    const later = await settled(temp.engine.backups.restore({ path: earlierBackup }));
    expect(later.ok).toBe(true);
  });

  it('refuses a backup while a restore is under way, and the restore completes', async () => {
    const restore = settled(temp.engine.backups.restore({ path: earlierBackup }));
    const backup = await settled(temp.engine.backups.create({ path: path.join(temp.dir, 'now.db') }));

    expect(backup.ok ? 'written' : `${backup.error.code}: ${backup.error.message}`).toBe(
      'conflict: A restore is under way: the database is being replaced. Back up the restored database once Patchdeck has restarted.',
    );
    const restored = await restore;
    expect(restored.ok ? restored.value.restoredFrom : restored.error.message).toBe(earlierBackup);
    // This engine let go of its database for good: until main starts a new one, a backup gets the same sentence.
    await expect(temp.engine.backups.create({ path: path.join(temp.dir, 'later.db') })).rejects.toThrow(
      /^A restore is under way/,
    );
  });
});
