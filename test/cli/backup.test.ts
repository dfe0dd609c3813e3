import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../electron/engine/db/database';
import { migrations } from '../../electron/engine/db/migrations';
import { runPatchdeck } from '../support/cli';
import { makeTempDir } from '../support/temp-engine';

describe('patchdeck backup and restore', () => {
  const temp = makeTempDir();
  const db = path.join(temp.dir, 'live', 'patchdeck.db');
  const cli = (args: string[]) => runPatchdeck(['--db', db, ...args]);
  const clients = async () => {
    const run = await cli(['--json', 'client', 'list']);
    expect(run.code).toBe(0);
    return (JSON.parse(run.stdout) as { name: string }[]).map((client) => client.name).sort();
  };
  /** Every file of the database's folder with a hash of its bytes. */
  const liveFolder = () =>
    Object.fromEntries(
      fs
        .readdirSync(path.dirname(db))
        .sort()
        .map((name) => [
          name,
          createHash('sha256')
            .update(fs.readFileSync(path.join(path.dirname(db), name)))
            .digest('hex'),
        ]),
    );

  beforeAll(async () => {
    expect((await cli(['client', 'add', 'Acme Dental'])).code).toBe(0);
  });
  afterAll(() => temp.cleanup());

  it('backs up to a new file, says what the passwords inside need, and refuses to overwrite without --force', async () => {
    const out = path.join(temp.dir, 'first.db');
    const run = await cli(['backup', '--out', out]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(
      new RegExp(`^Backed up the database to ${out} \\(\\d+ bytes, schema ${migrations.length}\\)`),
    );
    expect(run.stdout).toMatch(/OS keychain open only on this machine for this user/);
    const copy = openDatabase(out);
    expect(copy.statement('SELECT name FROM clients').pluck().all()).toEqual(['Acme Dental']);
    copy.close();

    const before = fs.readFileSync(out);
    const again = await cli(['backup', '--out', out]);
    expect(again.code).toBe(2);
    expect(again.stdout).toBe('');
    expect(again.stderr.trim()).toBe(
      `patchdeck: ${out} already exists: choose another name, or replace it with --force.`,
    );
    expect(fs.readFileSync(out).equals(before)).toBe(true);

    const forced = await cli(['--json', 'backup', '--out', out, '--force']);
    expect(forced.code).toBe(0);
    const result = JSON.parse(forced.stdout) as { path: string; bytes: number; schemaVersion: number };
    expect(result).toMatchObject({
      path: out,
      bytes: fs.statSync(out).size,
      schemaVersion: migrations.length,
    });

    const missing = await cli(['backup']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/--out is required/);
  });

  it('refuses a bad file with exit 2 and one sentence, leaving the database byte for byte', async () => {
    const notes = path.join(temp.dir, 'notes.txt');
    fs.writeFileSync(notes, 'not a database\n'.repeat(100));
    const good = path.join(temp.dir, 'for-truncation.db');
    expect((await cli(['backup', '--out', good])).code).toBe(0);
    const truncated = path.join(temp.dir, 'truncated.db');
    fs.writeFileSync(truncated, fs.readFileSync(good).subarray(0, 8192));
    const future = path.join(temp.dir, 'future.db');
    fs.copyFileSync(good, future);
    const newer = openDatabase(future);
    newer.pragma(`user_version = ${migrations.length + 1}`);
    newer.close();

    const before = liveFolder();
    for (const [file, message] of [
      [notes, /is not a Patchdeck backup \(it is not an SQLite file\)/],
      [truncated, /is truncated/],
      [future, /was written by a newer Patchdeck/],
      [path.join(temp.dir, 'nowhere.db'), /does not exist/],
    ] as const) {
      const run = await cli(['restore', file]);
      expect(run.code).toBe(2);
      expect(run.stdout).toBe('');
      expect(run.stderr).toMatch(message);
      expect(run.stderr.trim().split('\n')).toHaveLength(1);
      expect(liveFolder()).toEqual(before);
    }
    expect((await cli(['restore'])).stderr).toMatch(/Missing argument: the backup file/);

    // Restoring to a new place leaves no trace of a refused backup: not even the database's folder.
    const elsewhere = path.join(temp.dir, 'new-office', 'laptop', 'patchdeck.db');
    const refused = await runPatchdeck(['--db', elsewhere, 'restore', notes]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/is not a Patchdeck backup/);
    expect(fs.existsSync(path.join(temp.dir, 'new-office'))).toBe(false);
  });

  it('restores a backup, keeping the previous database beside it', async () => {
    const backup = path.join(temp.dir, 'before-bravo.db');
    expect((await cli(['backup', '--out', backup])).code).toBe(0);
    expect((await cli(['client', 'add', 'Bravo Law'])).code).toBe(0);
    expect(await clients()).toEqual(['Acme Dental', 'Bravo Law']);

    const run = await cli(['--json', 'restore', backup]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const result = JSON.parse(run.stdout) as {
      database: string;
      restoredFrom: string;
      previousKeptAs: string;
    };
    expect(result.restoredFrom).toBe(backup);
    expect(path.basename(result.previousKeptAs)).toMatch(
      /^patchdeck\.db\.before-restore-\d{4}-\d\d-\d\dT\d\d-\d\d-\d\dZ$/,
    );
    expect(await clients()).toEqual(['Acme Dental']);
    const kept = openDatabase(result.previousKeptAs);
    expect(kept.statement('SELECT name FROM clients ORDER BY name').pluck().all()).toEqual([
      'Acme Dental',
      'Bravo Law',
    ]);
    kept.close();
    expect(
      fs.readdirSync(path.dirname(db)).filter((name) => /-(wal|shm|journal)$|\.tmp$/.test(name)),
    ).toEqual([]);
  });

  it('refuses while another Patchdeck has the database open', async () => {
    const backup = path.join(temp.dir, 'while-open.db');
    expect((await cli(['backup', '--out', backup])).code).toBe(0);
    const app = openDatabase(db);
    try {
      const run = await cli(['restore', backup]);
      expect(run.code).toBe(2);
      expect(run.stderr).toMatch(
        /is in use by another Patchdeck \(the desktop app or a running command\): close it, then restore/,
      );
    } finally {
      app.close();
    }
  });

  it('restores over a database this Patchdeck refuses to open', async () => {
    const backup = path.join(temp.dir, 'rescue.db');
    expect((await cli(['backup', '--out', backup])).code).toBe(0);
    const live = openDatabase(db);
    live.pragma(`user_version = ${migrations.length + 7}`);
    live.close();
    expect((await cli(['client', 'list'])).code).toBe(2);
    const run = await cli(['restore', backup]);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^Restored .* from .*rescue\.db/);
    expect(await clients()).toEqual(['Acme Dental']);
  });
});
