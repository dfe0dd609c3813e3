import BetterSqlite3 from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';
import { AppError } from '../../../shared/errors';
import { migrations } from './migrations';
import { latestSchemaVersion, migrate } from './migrate';

export type SqlValue = string | number | bigint | Buffer | null;
export type Statement = BetterSqlite3.Statement<unknown[], unknown>;

/** The engine's handle on its SQLite file: prepared statements are cached, transactions are explicit. */
export interface Database {
  readonly path: string;
  /**
   * A prepared statement for this SQL text, prepared once per connection. Modes such as pluck() and raw() stick
   * to the cached statement, so set them only on SQL text that is used in that one place.
   */
  statement(sql: string): Statement;
  /** Run fn in one transaction (BEGIN IMMEDIATE), committing when it returns, rolling back when it throws. */
  transaction<T>(fn: () => T): T;
  exec(sql: string): void;
  pragma(text: string): unknown;
  /** Copy the whole database to toFile with SQLite's online backup API: a consistent snapshot while others write. */
  backup(toFile: string): Promise<void>;
  close(): void;
}

export interface OpenDatabaseOptions {
  /**
   * better-sqlite3's compiled binding. Node (tests, CLI) and Electron need different builds of the same addon;
   * the app passes the Electron build's path so neither overwrites the other.
   */
  readonly nativeBinding?: string;
}

/**
 * Open (or create) a Patchdeck database and bring its schema up to date. A file that is not SQLite, or was
 * written by a newer Patchdeck, is refused before anything is written to it.
 */
export function openDatabase(file: string, options: OpenDatabaseOptions = {}): Database {
  if (file !== ':memory:') fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  const raw = openRaw(file, options);
  try {
    const version = readSchemaVersion(raw, file);
    if (version > latestSchemaVersion(migrations)) {
      throw new AppError(
        'database-too-new',
        `The database ${file} was written by a newer Patchdeck (schema ${version}; this version knows up to ${latestSchemaVersion(migrations)}). Update Patchdeck to open it.`,
      );
    }
    raw.pragma('journal_mode = WAL');
    raw.pragma('foreign_keys = ON');
    raw.pragma('busy_timeout = 5000');
    // A lost commit could lose a job step or an audit entry: durability over the last bit of write speed.
    raw.pragma('synchronous = FULL');
    const database = wrap(raw, file);
    migrate(database, migrations);
    return database;
  } catch (error) {
    raw.close();
    throw error;
  }
}

function openRaw(file: string, options: OpenDatabaseOptions): BetterSqlite3.Database {
  try {
    return new BetterSqlite3(file, options.nativeBinding ? { nativeBinding: options.nativeBinding } : {});
  } catch (error) {
    throw new AppError('failed', `Cannot open the database ${file}: ${(error as Error).message}`);
  }
}

function readSchemaVersion(raw: BetterSqlite3.Database, file: string): number {
  try {
    // Reading the header is the first touch of the file: a non-SQLite file fails here, before any write.
    raw.prepare('SELECT count(*) FROM sqlite_master').get();
    return Number(raw.pragma('user_version', { simple: true }));
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code === 'SQLITE_NOTADB' || code === 'SQLITE_CORRUPT') {
      throw new AppError(
        'database-not-sqlite',
        `The file ${file} is not a Patchdeck database (it is not an SQLite file).`,
      );
    }
    throw error;
  }
}

function wrap(raw: BetterSqlite3.Database, file: string): Database {
  const cache = new Map<string, Statement>();
  return {
    path: file,
    statement(sql) {
      let prepared = cache.get(sql);
      if (!prepared) {
        prepared = raw.prepare(sql);
        cache.set(sql, prepared);
      }
      return prepared;
    },
    transaction(fn) {
      return raw.transaction(fn).immediate();
    },
    exec(sql) {
      raw.exec(sql);
    },
    pragma(text) {
      return raw.pragma(text, { simple: true });
    },
    async backup(toFile) {
      let remaining = Number.POSITIVE_INFINITY;
      await raw.backup(toFile, {
        progress({ remainingPages }) {
          // A write by another connection restarts the copy; copying the rest in one step (one read snapshot, which
          // in WAL mode blocks no writer) makes sure a busy database still gets backed up.
          const restarted = remainingPages > remaining;
          remaining = remainingPages;
          return restarted ? Number.MAX_SAFE_INTEGER : 1000;
        },
      });
    },
    close() {
      cache.clear();
      raw.close();
    },
  };
}
