import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { listAudit } from '../../../electron/engine/audit/audit-log';
import { createHandlers } from '../../../electron/engine/api/handlers';
import { createEngine } from '../../../electron/engine/create-engine';
import { migrations } from '../../../electron/engine/db/migrations';
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
    const answer = contract['backup:restore'].response.parse(
      await handlers()['backup:restore']({ path: out }),
    );
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
});
