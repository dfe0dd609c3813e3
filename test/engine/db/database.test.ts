import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../../electron/engine/db/database';
import { migrations } from '../../../electron/engine/db/migrations';
import { makeTempDir } from '../../support/temp-engine';

describe('openDatabase', () => {
  const temp = makeTempDir();
  afterEach(() => {
    for (const file of fs.readdirSync(temp.dir))
      fs.rmSync(path.join(temp.dir, file), { recursive: true, force: true });
  });

  it('creates a new file in WAL mode with foreign keys on and the latest schema', () => {
    const file = path.join(temp.dir, 'sub', 'new.db');
    const database = openDatabase(file);
    expect(database.pragma('journal_mode')).toBe('wal');
    expect(database.pragma('foreign_keys')).toBe(1);
    expect(database.pragma('synchronous')).toBe(2);
    expect(database.pragma('user_version')).toBe(migrations.length);
    database.close();
  });

  it('is idempotent: reopening runs no migration twice and keeps the data', () => {
    const file = path.join(temp.dir, 'again.db');
    const first = openDatabase(file);
    first.statement("INSERT INTO clients (name, time_zone, created_at) VALUES ('Acme', 'UTC', 'now')").run();
    first.close();
    const second = openDatabase(file);
    expect(second.statement('SELECT name FROM clients').all()).toEqual([{ name: 'Acme' }]);
    second.close();
  });

  it('refuses a file that is not SQLite, names it, and leaves it byte-for-byte unchanged', () => {
    const file = path.join(temp.dir, 'notes.db');
    fs.writeFileSync(file, 'these are my notes, not a database\n'.repeat(200));
    const before = fs.readFileSync(file);
    expect(() => openDatabase(file)).toThrow(
      `The file ${file} is not a Patchdeck database (it is not an SQLite file).`,
    );
    expect(fs.readFileSync(file).equals(before)).toBe(true);
    expect(fs.existsSync(`${file}-wal`)).toBe(false);
  });

  it('refuses a database from a newer Patchdeck without touching it', () => {
    const file = path.join(temp.dir, 'future.db');
    const database = openDatabase(file);
    database.pragma(`user_version = ${migrations.length + 5}`);
    database.close();
    const before = fs.readFileSync(file);
    expect(() => openDatabase(file)).toThrow(
      new RegExp(
        `written by a newer Patchdeck \\(schema ${migrations.length + 5}; this version knows up to ${migrations.length}\\)`,
      ),
    );
    expect(fs.readFileSync(file).equals(before)).toBe(true);
  });

  it('rolls a failing migration back completely', async () => {
    const { migrate } = await import('../../../electron/engine/db/migrate');
    const database = openDatabase(':memory:');
    const broken = [
      ...migrations,
      {
        version: migrations.length + 1,
        name: 'broken',
        up: (db: typeof database) => {
          db.exec('CREATE TABLE half_done (id INTEGER)');
          db.exec('THIS IS NOT SQL');
        },
      },
    ];
    expect(() => migrate(database, broken)).toThrow();
    expect(database.pragma('user_version')).toBe(migrations.length);
    expect(
      database.statement("SELECT count(*) AS n FROM sqlite_master WHERE name = 'half_done'").get(),
    ).toEqual({ n: 0 });
    database.close();
  });
});
