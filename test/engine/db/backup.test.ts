import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { backupDatabase, checkBackupFile, restoreDatabase } from '../../../electron/engine/db/backup';
import { openDatabase, type Database } from '../../../electron/engine/db/database';
import { migrate } from '../../../electron/engine/db/migrate';
import { migrations } from '../../../electron/engine/db/migrations';
import { makeTempDir } from '../../support/temp-engine';

const clientNames = (database: Database) =>
  database.statement('SELECT name FROM clients ORDER BY name').pluck().all() as string[];

const addClient = (database: Database, name: string) =>
  database.statement("INSERT INTO clients (name, time_zone, created_at) VALUES (?, 'UTC', 'now')").run(name);

/** Every byte of every file in the folder, by name: the proof that a refused restore touched nothing. */
function folderImage(folder: string): Record<string, string> {
  return Object.fromEntries(
    fs
      .readdirSync(folder)
      .sort()
      .map((name) => [
        name,
        createHash('sha256')
          .update(fs.readFileSync(path.join(folder, name)))
          .digest('hex'),
      ]),
  );
}

describe('backupDatabase', () => {
  let temp: ReturnType<typeof makeTempDir>;
  let dbPath: string;
  let database: Database;
  beforeEach(() => {
    temp = makeTempDir();
    dbPath = path.join(temp.dir, 'patchdeck.db');
    database = openDatabase(dbPath);
  });
  afterEach(() => {
    database.close();
    temp.cleanup();
  });

  it('copies what is committed while another connection holds an open write transaction', async () => {
    addClient(database, 'Acme Dental');
    const other = openDatabase(dbPath);
    try {
      other.exec('BEGIN IMMEDIATE');
      addClient(other, 'Not Yet Committed');
      const out = path.join(temp.dir, 'backup.db');
      const outcome = await backupDatabase(database, out);
      other.exec('COMMIT');
      expect(outcome).toEqual({ path: out, bytes: fs.statSync(out).size, schemaVersion: migrations.length });
      // One self-contained file: no -wal to carry along.
      expect(fs.readdirSync(temp.dir).filter((name) => name.startsWith('backup.db'))).toEqual(['backup.db']);
      const copy = openDatabase(out);
      expect(clientNames(copy)).toEqual(['Acme Dental']);
      copy.close();
      expect(clientNames(database)).toEqual(['Acme Dental', 'Not Yet Committed']);
    } finally {
      other.close();
    }
  });

  it('is consistent while another connection commits between its steps', async () => {
    // About 20 MB, so the copy takes many steps and the writer gets in between them.
    const filler = 'x'.repeat(10_000);
    database.transaction(() => {
      for (let n = 0; n < 2_000; n += 1) {
        database.statement('INSERT INTO settings (key, value) VALUES (?, ?)').run(`filler-${n}`, filler);
      }
    });
    const writer = openDatabase(dbPath);
    let pairs = 0;
    let writing = true;
    const writeLoop = () => {
      if (!writing) return;
      // Each transaction writes two rows: a consistent copy has both or neither.
      writer.transaction(() => {
        writer.statement('INSERT INTO settings (key, value) VALUES (?, ?)').run(`pair-${pairs}-a`, '1');
        writer.statement('INSERT INTO settings (key, value) VALUES (?, ?)').run(`pair-${pairs}-b`, '1');
      });
      pairs += 1;
      setImmediate(writeLoop);
    };
    setImmediate(writeLoop);
    const out = path.join(temp.dir, 'busy.db');
    try {
      await backupDatabase(database, out);
    } finally {
      writing = false;
      writer.close();
    }
    expect(pairs).toBeGreaterThan(0);
    const copy = openDatabase(out);
    const keys = copy.statement("SELECT key FROM settings WHERE key LIKE 'pair-%'").pluck().all() as string[];
    copy.close();
    const halves = new Map<string, number>();
    for (const key of keys) {
      const pair = key.slice(0, key.lastIndexOf('-'));
      halves.set(pair, (halves.get(pair) ?? 0) + 1);
    }
    expect([...halves.values()].every((count) => count === 2)).toBe(true);
    expect(keys.length).toBeLessThanOrEqual(pairs * 2);
  });

  it('refuses an existing file unless told to overwrite, and never the database itself', async () => {
    const out = path.join(temp.dir, 'taken.db');
    fs.writeFileSync(out, 'an older backup');
    await expect(backupDatabase(database, out)).rejects.toThrow(
      `${out} already exists: choose another name, or replace it with --force.`,
    );
    expect(fs.readFileSync(out, 'utf8')).toBe('an older backup');
    addClient(database, 'Acme Dental');
    await backupDatabase(database, out, { overwrite: true });
    const copy = openDatabase(out);
    expect(clientNames(copy)).toEqual(['Acme Dental']);
    copy.close();
    await expect(backupDatabase(database, dbPath, { overwrite: true })).rejects.toThrow(
      /is the database itself/,
    );
    await expect(backupDatabase(database, path.join(temp.dir, 'missing', 'x.db'))).rejects.toThrow(
      /the folder .*missing does not exist/,
    );
    await expect(backupDatabase(database, temp.dir, { overwrite: true })).rejects.toThrow(/it is a folder/);
    expect(fs.readdirSync(temp.dir).filter((name) => name.endsWith('.tmp'))).toEqual([]);
  });
});

describe('restoreDatabase', () => {
  let temp: ReturnType<typeof makeTempDir>;
  let dbPath: string;
  let good: string;
  beforeEach(async () => {
    temp = makeTempDir();
    dbPath = path.join(temp.dir, 'live', 'patchdeck.db');
    const database = openDatabase(dbPath);
    addClient(database, 'In The Backup');
    good = path.join(temp.dir, 'good-backup.db');
    await backupDatabase(database, good);
    addClient(database, 'After The Backup');
    database.close();
  });
  afterEach(() => temp.cleanup());

  const now = new Date('2026-11-22T10:20:30Z');

  it('swaps the backup in, keeps the previous database, and leaves no stale -wal or -shm', async () => {
    const backupBytes = fs.readFileSync(good);
    const outcome = await restoreDatabase(dbPath, good, { now });
    const kept = `${dbPath}.before-restore-2026-11-22T10-20-30Z`;
    expect(outcome).toEqual({ restoredFrom: good, previousKeptAs: kept, schemaVersion: migrations.length });
    expect(fs.readdirSync(path.dirname(dbPath)).sort()).toEqual([
      'patchdeck.db',
      'patchdeck.db.before-restore-2026-11-22T10-20-30Z',
    ]);
    expect(fs.readFileSync(good).equals(backupBytes)).toBe(true);
    const restored = openDatabase(dbPath);
    expect(clientNames(restored)).toEqual(['In The Backup']);
    restored.close();
    const previous = openDatabase(kept);
    expect(clientNames(previous)).toEqual(['After The Backup', 'In The Backup']);
    previous.close();
  });

  it('refuses while another connection has the database open, changing nothing', async () => {
    const holder = openDatabase(dbPath);
    try {
      const before = folderImage(path.dirname(dbPath));
      await expect(restoreDatabase(dbPath, good, { now })).rejects.toThrow(/is in use by another Patchdeck/);
      expect(folderImage(path.dirname(dbPath))).toEqual(before);
      expect(clientNames(holder)).toEqual(['After The Backup', 'In The Backup']);
    } finally {
      holder.close();
    }
  });

  it('brings a backup from an older schema up to date', async () => {
    const old = path.join(temp.dir, 'schema-5.db');
    const database = openDatabase(old);
    // Rebuild the file as schema 5 wrote it: drop everything, then run only the first five migrations.
    const objects = database
      .statement(
        "SELECT type, name FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' AND type IN ('table', 'view')",
      )
      .all() as { type: string; name: string }[];
    database.pragma('foreign_keys = OFF');
    for (const object of objects)
      database.exec(`DROP ${object.type.toUpperCase()} IF EXISTS "${object.name}"`);
    database.pragma('user_version = 0');
    migrate(database, migrations.slice(0, 5));
    addClient(database, 'From Schema Five');
    database.close();
    expect(checkBackupFile(old)).toBe(5);
    const outcome = await restoreDatabase(dbPath, old, { now });
    expect(outcome.schemaVersion).toBe(5);
    const restored = openDatabase(dbPath);
    expect(restored.pragma('user_version')).toBe(migrations.length);
    expect(clientNames(restored)).toEqual(['From Schema Five']);
    expect(
      restored.statement("SELECT count(*) FROM sqlite_master WHERE name = 'patch_status'").pluck().get(),
    ).toBe(1);
    restored.close();
  });

  const damaged: [string, () => string, RegExp][] = [
    [
      'a file that is not SQLite',
      () => {
        const file = path.join(temp.dir, 'notes.txt');
        fs.writeFileSync(file, 'these are my notes\n'.repeat(500));
        return file;
      },
      /is not a Patchdeck backup \(it is not an SQLite file\)/,
    ],
    [
      'an empty file',
      () => {
        const file = path.join(temp.dir, 'empty.db');
        fs.writeFileSync(file, '');
        return file;
      },
      /is empty/,
    ],
    [
      'a truncated backup',
      () => {
        const file = path.join(temp.dir, 'truncated.db');
        const bytes = fs.readFileSync(good);
        fs.writeFileSync(file, bytes.subarray(0, Math.floor(bytes.length / 2)));
        return file;
      },
      /is truncated: it has \d+ bytes of the \d+ its header announces/,
    ],
    [
      'a backup cut inside its header',
      () => {
        const file = path.join(temp.dir, 'stub.db');
        fs.writeFileSync(file, fs.readFileSync(good).subarray(0, 40));
        return file;
      },
      /is truncated: it has 40 bytes/,
    ],
    [
      'a corrupt backup',
      () => {
        const file = path.join(temp.dir, 'corrupt.db');
        const bytes = Buffer.from(fs.readFileSync(good));
        const pageSize = bytes.readUInt16BE(16);
        // Scribble over the middle of every page after the first: b-tree headers and cells turn to garbage.
        for (let page = 1; page * pageSize < bytes.length; page += 1) {
          bytes.fill(0xa5, page * pageSize, page * pageSize + 64);
        }
        fs.writeFileSync(file, bytes);
        return file;
      },
      /is damaged: SQLite's integrity check reports|is not a Patchdeck backup/,
    ],
    [
      'a backup from a newer Patchdeck',
      () => {
        const file = path.join(temp.dir, 'future.db');
        fs.copyFileSync(good, file);
        const future = openDatabase(file);
        future.pragma(`user_version = ${migrations.length + 3}`);
        future.close();
        return file;
      },
      new RegExp(
        `was written by a newer Patchdeck \\(schema ${migrations.length + 3}; this version knows up to ${migrations.length}\\)`,
      ),
    ],
    [
      "another program's SQLite file",
      () => {
        const file = path.join(temp.dir, 'other.db');
        const other = openDatabase(file);
        for (const table of ['audit_log', 'devices', 'credentials']) {
          other.pragma('foreign_keys = OFF');
          other.exec(`DROP TABLE ${table}`);
        }
        other.close();
        return file;
      },
      /is an SQLite database but not a Patchdeck backup \(it lacks the tables credentials, devices, audit_log\)/,
    ],
    ['a missing file', () => path.join(temp.dir, 'nowhere.db'), /does not exist/],
  ];

  it.each(damaged)('refuses %s, leaving the current database byte for byte', async (_what, make, message) => {
    const file = make();
    const before = folderImage(path.dirname(dbPath));
    const candidate = fs.existsSync(file) ? fs.readFileSync(file) : null;
    await expect(restoreDatabase(dbPath, file, { now })).rejects.toThrow(message);
    expect(folderImage(path.dirname(dbPath))).toEqual(before);
    if (candidate) expect(fs.readFileSync(file).equals(candidate)).toBe(true);
    const current = openDatabase(dbPath);
    expect(clientNames(current)).toEqual(['After The Backup', 'In The Backup']);
    current.close();
  });

  it("takes a copied live database's last commits from the -wal beside it", async () => {
    const live = openDatabase(path.join(temp.dir, 'other-laptop', 'patchdeck.db'));
    try {
      addClient(live, 'Only In The Wal');
      const copied = path.join(temp.dir, 'copied.db');
      fs.copyFileSync(live.path, copied);
      fs.copyFileSync(`${live.path}-wal`, `${copied}-wal`);
      const walBytes = fs.readFileSync(`${copied}-wal`);
      await restoreDatabase(dbPath, copied, { now });
      expect(fs.readFileSync(`${copied}-wal`).equals(walBytes)).toBe(true);
    } finally {
      live.close();
    }
    const restored = openDatabase(dbPath);
    expect(clientNames(restored)).toEqual(['Only In The Wal']);
    restored.close();
  });

  it('refuses to restore the database onto itself', async () => {
    await expect(restoreDatabase(dbPath, dbPath, { now })).rejects.toThrow(/is the current database itself/);
  });

  it('puts a current database SQLite cannot read aside, with its sidecars', async () => {
    fs.writeFileSync(dbPath, 'garbage where the database was');
    fs.writeFileSync(`${dbPath}-wal`, 'stale wal');
    const outcome = await restoreDatabase(dbPath, good, { now });
    expect(fs.readFileSync(outcome.previousKeptAs ?? '', 'utf8')).toBe('garbage where the database was');
    expect(fs.readFileSync(`${outcome.previousKeptAs}-wal`, 'utf8')).toBe('stale wal');
    expect(fs.existsSync(`${dbPath}-wal`)).toBe(false);
    const restored = openDatabase(dbPath);
    expect(clientNames(restored)).toEqual(['In The Backup']);
    restored.close();
  });

  it('puts the previous database back when the restored one cannot be opened', async () => {
    const before = fs.readFileSync(dbPath);
    await expect(
      restoreDatabase(dbPath, good, {
        now,
        afterRestore: () => {
          throw new Error('simulated failure after the swap');
        },
      }),
    ).rejects.toThrow(
      /could not be brought up to date \(simulated failure after the swap\); the previous database is back in place/,
    );
    // Byte for byte but the header's mode bytes and change counters: the swap left it in rollback mode, as one file.
    const after = fs.readFileSync(dbPath);
    for (const bytes of [before, after]) bytes.fill(0, 18, 20).fill(0, 24, 28).fill(0, 92, 96);
    expect(after.equals(before)).toBe(true);
    expect(fs.readdirSync(path.dirname(dbPath))).toEqual(['patchdeck.db']);
  });
});
