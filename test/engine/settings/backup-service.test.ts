import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { listAudit } from '../../../electron/engine/audit/audit-log';
import { dispatch } from '../../../electron/engine/api/dispatch';
import { createHandlers } from '../../../electron/engine/api/handlers';
import { createEngine } from '../../../electron/engine/create-engine';
import { openDatabase } from '../../../electron/engine/db/database';
import { migrations } from '../../../electron/engine/db/migrations';
import { silentLog } from '../../../electron/engine/log';
import { engineClosedBy } from '../../../electron/engine/settings/backup-service';
import { createPassphraseVault } from '../../../electron/engine/vault/passphrase-vault';
import { contract } from '../../../shared/ipc/contract';
import { createTempEngine } from '../../support/temp-engine';

describe('backup:create and backup:restore on a running engine', () => {
  let temp: ReturnType<typeof createTempEngine>;
  beforeEach(() => {
    temp = createTempEngine();
  });
  afterEach(() => temp.close());

  const handlers = () => createHandlers(temp.engine, { version: 'test' });
  /** backup:restore as main sees it: through dispatch, as the Result envelope. */
  const restoreAnswer = (file: string) => {
    const calls = handlers();
    return dispatch(
      'backup:restore',
      { path: file },
      (channel, request) => calls[channel](request as never),
      silentLog,
    );
  };

  it('backs up through the channel, answering what the contract promises, and audits it', async () => {
    temp.engine.clients.add({ name: 'Acme Dental', timeZone: 'UTC' });
    const out = path.join(temp.dir, 'backup.db');
    const request = contract['backup:create'].request.parse({ path: out });
    const answer = contract['backup:create'].response.parse(await handlers()['backup:create'](request));
    expect(answer).toMatchObject({
      path: out,
      schemaVersion: migrations.length,
      bytes: fs.statSync(out).size,
    });
    expect(answer.secretsNote).toMatch(/OS keychain open only on this machine/);
    expect(listAudit(temp.engine.database).map((entry) => entry.action)).toContain('database.backed-up');
    await expect(handlers()['backup:create'](request)).rejects.toThrow(/already exists/);
  });

  it('keeps working after a refused restore', async () => {
    const bad = path.join(temp.dir, 'bad.db');
    fs.writeFileSync(bad, 'nope'.repeat(100));
    await expect(handlers()['backup:restore']({ path: bad })).rejects.toThrow(/not an SQLite file/);
    expect(temp.engine.clients.add({ name: 'Still Open', timeZone: 'UTC' }).name).toBe('Still Open');
  });

  it('closes its database around a restore; a new engine opens the restored file with the restore audited', async () => {
    temp.engine.clients.add({ name: 'In The Backup', timeZone: 'UTC' });
    const out = path.join(temp.dir, 'backup.db');
    await temp.engine.backups.create({ path: out });
    temp.engine.clients.add({ name: 'After The Backup', timeZone: 'UTC' });
    const result = await restoreAnswer(out);
    expect(engineClosedBy(result)).toBe(true);
    if (!result.ok) throw new Error(result.error.message);
    const answer = contract['backup:restore'].response.parse(result.value);
    expect(answer).toMatchObject({
      restoredFrom: out,
      schemaVersion: migrations.length,
      restartRequired: true,
    });
    expect(fs.existsSync(answer.previousKeptAs ?? '')).toBe(true);
    // The engine let go of the file: what main does next is start a new engine on it.
    expect(() => temp.engine.clients.list()).toThrow(/not open/);
    const restarted = createEngine({
      dbPath: temp.dbPath,
      vault: createPassphraseVault(undefined),
      actor: 'tester',
    });
    try {
      expect(restarted.clients.list().map((client) => client.name)).toEqual(['In The Backup']);
      const restored = listAudit(restarted.database).find((entry) => entry.action === 'database.restored');
      expect(restored).toMatchObject({ actor: 'tester', subjectName: out });
    } finally {
      restarted.close();
    }
  });

  it('tells main to restart the engine exactly when the restore closed its database', async () => {
    const bad = path.join(temp.dir, 'notes.txt');
    fs.writeFileSync(bad, 'not a backup\n'.repeat(100));
    const refused = await restoreAnswer(bad);
    expect(refused).toMatchObject({ ok: false, error: { code: 'database-not-sqlite' } });
    // A wrong file leaves the engine, its scans and its deployments running: no restart.
    expect(engineClosedBy(refused)).toBe(false);
    expect(temp.engine.clients.add({ name: 'Still Open', timeZone: 'UTC' }).name).toBe('Still Open');

    // Past the checks, the engine closes its database; a failure after that (here another Patchdeck holding the
    // file) needs a fresh engine as much as a success does, on the database that is back in place.
    const backup = path.join(temp.dir, 'backup.db');
    await temp.engine.backups.create({ path: backup });
    const other = openDatabase(temp.dbPath);
    try {
      const failed = await restoreAnswer(backup);
      expect(failed).toMatchObject({ ok: false, error: { code: 'failed' } });
      expect(failed.ok ? '' : failed.error.message).toMatch(/in use by another Patchdeck/);
      expect(engineClosedBy(failed)).toBe(true);
      expect(() => temp.engine.clients.list()).toThrow(/not open/);
    } finally {
      other.close();
    }
  });
});
