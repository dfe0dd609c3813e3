import BetterSqlite3 from 'better-sqlite3';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { AppError } from '../../../shared/errors';
import { openDatabase, type Database, type OpenDatabaseOptions } from './database';
import { latestSchemaVersion } from './migrate';
import { migrations } from './migrations';

/** Every Patchdeck database since the first schema has these; a file without them is some other program's. */
const patchdeckTables = ['clients', 'credentials', 'devices', 'settings', 'audit_log'] as const;
const sqliteMagic = Buffer.from('SQLite format 3\0', 'latin1');
// Where SQLite keeps the main file's sidecars; a stale one next to a swapped-in file would be read as its own.
const sidecars = ['-wal', '-shm', '-journal'] as const;

/** What the technician must know about passwords inside a backup: the copy holds them sealed, as the database does. */
export const backupSecretsNote =
  'Saved passwords stay encrypted in the copy: those sealed by the desktop app with the OS keychain open only on this machine for this user; those sealed with a passphrase need the same PATCHDECK_VAULT_PASSPHRASE.';

export interface BackupOptions extends OpenDatabaseOptions {
  /** Replace an existing file at the target (default: refuse). */
  readonly overwrite?: boolean;
}

export interface BackupOutcome {
  readonly path: string;
  readonly bytes: number;
  readonly schemaVersion: number;
}

export interface RestoreOptions extends OpenDatabaseOptions {
  readonly now?: Date;
  /**
   * Called once the file is known good and before the current database is touched: the engine closes its own
   * connection here, since the swap needs the file to itself.
   */
  readonly beforeSwap?: () => void | Promise<void>;
  /** Called with the restored database, open and up to date, e.g. to record the restore in its audit log. */
  readonly afterRestore?: (restored: Database, outcome: RestoreOutcome) => void;
}

export interface RestoreOutcome {
  readonly restoredFrom: string;
  /** Where the replaced database now lives (null when there was none). */
  readonly previousKeptAs: string | null;
  /** The backup's schema version, before it was brought up to date. */
  readonly schemaVersion: number;
}

function errorCode(error: unknown): string | undefined {
  return (error as { code?: string }).code;
}

function removeWithSidecars(file: string): void {
  for (const suffix of ['', ...sidecars]) fs.rmSync(`${file}${suffix}`, { force: true });
}

function fsyncFile(file: string): void {
  const fd = fs.openSync(file, 'r+');
  try {
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

/** Make a rename durable: on POSIX the directory entry is flushed separately (Windows has no directory fsync). */
function fsyncFolder(folder: string): void {
  if (process.platform === 'win32') return;
  const fd = fs.openSync(folder, 'r');
  try {
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

function temporaryNameIn(folder: string, base: string): string {
  return path.join(folder, `.${base}.${process.pid}-${randomBytes(4).toString('hex')}.tmp`);
}

/** A file-system stamp for names: 2026-11-22T12-34-56Z. */
function stampOf(now: Date): string {
  return now
    .toISOString()
    .replace(/\.\d{3}Z$/, 'Z')
    .replaceAll(':', '-');
}

/** The header's idea of the file's length; SQLite trusts it only when the two change counters agree. */
function expectedLength(header: Buffer): number | null {
  const rawPageSize = header.readUInt16BE(16);
  const pageSize = rawPageSize === 1 ? 65_536 : rawPageSize;
  const pages = header.readUInt32BE(28);
  const counterMatches = header.readUInt32BE(24) === header.readUInt32BE(92);
  return counterMatches && pages > 0 ? pages * pageSize : null;
}

function startsWithSqliteMagic(file: string): boolean {
  const start = Buffer.alloc(sqliteMagic.length);
  const fd = fs.openSync(file, 'r');
  try {
    return fs.readSync(fd, start, 0, start.length, 0) === start.length && start.equals(sqliteMagic);
  } finally {
    fs.closeSync(fd);
  }
}

/** Refuse what is plainly not a whole SQLite file, from its first 100 bytes, before SQLite reads it. */
function checkHeader(file: string, shownAs: string): void {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(file);
  } catch (error) {
    throw new AppError(
      'invalid-input',
      errorCode(error) === 'ENOENT'
        ? `The backup file ${shownAs} does not exist.`
        : `Cannot read the backup file ${shownAs}: ${(error as Error).message}`,
    );
  }
  if (stat.isDirectory()) throw new AppError('invalid-input', `${shownAs} is a folder, not a backup file.`);
  if (stat.size === 0) throw new AppError('invalid-input', `The backup file ${shownAs} is empty.`);
  const header = Buffer.alloc(100);
  const fd = fs.openSync(file, 'r');
  let read: number;
  try {
    read = fs.readSync(fd, header, 0, 100, 0);
  } finally {
    fs.closeSync(fd);
  }
  if (read < sqliteMagic.length || !header.subarray(0, sqliteMagic.length).equals(sqliteMagic)) {
    throw new AppError(
      'database-not-sqlite',
      `The file ${shownAs} is not a Patchdeck backup (it is not an SQLite file).`,
    );
  }
  const expected = read === 100 ? expectedLength(header) : null;
  if (read < 100 || (expected !== null && stat.size < expected)) {
    throw new AppError(
      'invalid-input',
      `The backup file ${shownAs} is truncated: it has ${stat.size} bytes${expected === null ? '' : ` of the ${expected} its header announces`}.`,
    );
  }
}

/**
 * Check a candidate on a private copy (so the technician's file is never written): SQLite opens it, it passes
 * integrity_check, its schema is not newer than this Patchdeck's, and it has Patchdeck's tables. Leaves the copy
 * as one self-contained file (rollback journal mode, no -wal) and answers its schema version.
 */
function checkCandidate(file: string, shownAs: string, options: OpenDatabaseOptions): number {
  checkHeader(file, shownAs);
  let raw: BetterSqlite3.Database;
  try {
    raw = new BetterSqlite3(file, {
      fileMustExist: true,
      ...(options.nativeBinding ? { nativeBinding: options.nativeBinding } : {}),
    });
  } catch (error) {
    throw new AppError(
      'invalid-input',
      `Cannot open the backup file ${shownAs}: ${(error as Error).message}`,
    );
  }
  try {
    let problems: string[];
    try {
      raw.prepare('SELECT count(*) FROM sqlite_master').get();
      problems = (raw.pragma('integrity_check(5)') as { integrity_check: string }[]).map(
        (row) => row.integrity_check,
      );
    } catch (error) {
      const code = errorCode(error);
      if (code === 'SQLITE_NOTADB') {
        throw new AppError(
          'database-not-sqlite',
          `The file ${shownAs} is not a Patchdeck backup (it is not an SQLite file).`,
        );
      }
      if (code === 'SQLITE_CORRUPT') problems = [(error as Error).message];
      else throw error;
    }
    if (problems.length !== 1 || problems[0] !== 'ok') {
      throw new AppError(
        'invalid-input',
        `The backup file ${shownAs} is damaged: SQLite's integrity check reports "${problems[0] ?? 'no answer'}".`,
      );
    }
    const version = Number(raw.pragma('user_version', { simple: true }));
    const latest = latestSchemaVersion(migrations);
    if (version > latest) {
      throw new AppError(
        'database-too-new',
        `The backup file ${shownAs} was written by a newer Patchdeck (schema ${version}; this version knows up to ${latest}). Update Patchdeck to restore it.`,
      );
    }
    const present = new Set(
      raw.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").pluck().all() as string[],
    );
    const missing = patchdeckTables.filter((table) => !present.has(table));
    if (version < 1 || missing.length > 0) {
      throw new AppError(
        'invalid-input',
        `The file ${shownAs} is an SQLite database but not a Patchdeck backup (${version < 1 ? 'it has no Patchdeck schema version' : `it lacks the tables ${missing.join(', ')}`}).`,
      );
    }
    // One self-contained file: a WAL-mode copy would otherwise need its -wal next to it wherever it goes.
    raw.pragma('journal_mode = DELETE');
    return version;
  } finally {
    raw.close();
  }
}

/**
 * Back up a live database: SQLite's online backup API copies a consistent snapshot while other connections keep
 * writing; the copy must pass integrity_check, and it appears under its name only whole (temp file in the target
 * folder, fsync, then link or rename). An existing file is replaced only with `overwrite`.
 */
export async function backupDatabase(
  database: Database,
  toFile: string,
  options: BackupOptions = {},
): Promise<BackupOutcome> {
  const target = path.resolve(toFile);
  const folder = path.dirname(target);
  const live = path.resolve(database.path);
  if ([live, ...sidecars.map((suffix) => `${live}${suffix}`)].includes(target)) {
    throw new AppError(
      'invalid-input',
      `${toFile} is the database itself: choose another file for the backup.`,
    );
  }
  if (!fs.existsSync(folder) || !fs.statSync(folder).isDirectory()) {
    throw new AppError('invalid-input', `Cannot write ${toFile}: the folder ${folder} does not exist.`);
  }
  const existing = fs.statSync(target, { throwIfNoEntry: false });
  if (existing?.isDirectory()) throw new AppError('invalid-input', `Cannot write ${toFile}: it is a folder.`);
  if (existing && !options.overwrite) {
    throw new AppError(
      'conflict',
      `${toFile} already exists: choose another name, or replace it with --force.`,
    );
  }
  const temporary = temporaryNameIn(folder, path.basename(target));
  try {
    try {
      await database.backup(temporary);
    } catch (error) {
      const code = errorCode(error);
      throw new AppError(
        code === 'EACCES' || code === 'EPERM' || code === 'SQLITE_CANTOPEN' ? 'invalid-input' : 'failed',
        `Cannot write ${toFile}: ${(error as Error).message}`,
      );
    }
    let schemaVersion: number;
    try {
      schemaVersion = checkCandidate(temporary, toFile, options);
    } catch (error) {
      // The live database was read, not checked: a bad copy is a failure of the copy, reported as such.
      throw new AppError(
        'failed',
        `The backup copy did not pass its check, nothing was written to ${toFile}: ${(error as Error).message}`,
      );
    }
    fsyncFile(temporary);
    if (options.overwrite) {
      fs.renameSync(temporary, target);
    } else {
      placeWithoutReplacing(temporary, target, toFile);
    }
    fsyncFolder(folder);
    return { path: target, bytes: fs.statSync(target).size, schemaVersion };
  } finally {
    removeWithSidecars(temporary);
  }
}

/** Give the finished copy its name unless someone took the name meanwhile (a hard link fails on an existing name). */
function placeWithoutReplacing(temporary: string, target: string, shownAs: string): void {
  try {
    fs.linkSync(temporary, target);
  } catch (error) {
    const code = errorCode(error);
    if (code === 'EEXIST') {
      throw new AppError(
        'conflict',
        `${shownAs} already exists: choose another name, or replace it with --force.`,
      );
    }
    // File systems without hard links (FAT, some network shares): the name was free a moment ago.
    if (fs.existsSync(target)) throw error;
    fs.renameSync(temporary, target);
  }
}

/**
 * Check a backup file without restoring it: answers its schema version, or throws an AppError naming the problem.
 * The file itself is never opened for writing.
 */
export function checkBackupFile(file: string, options: OpenDatabaseOptions = {}): number {
  const temporary = path.join(
    os.tmpdir(),
    `patchdeck-check-${process.pid}-${randomBytes(4).toString('hex')}.db`,
  );
  try {
    copyCandidate(file, temporary);
    return checkCandidate(temporary, file, options);
  } finally {
    removeWithSidecars(temporary);
  }
}

/** Copy the candidate (and a -wal beside it, which may hold its last commits) to where it is checked. */
function copyCandidate(file: string, to: string): void {
  checkHeader(file, file);
  fs.copyFileSync(file, to);
  const wal = `${file}-wal`;
  if ((fs.statSync(wal, { throwIfNoEntry: false })?.size ?? 0) > 0) fs.copyFileSync(wal, `${to}-wal`);
}

/**
 * Make sure no other connection has the current database open, and leave it as one file: switching a WAL
 * database to rollback mode needs it to ourselves (SQLITE_BUSY otherwise) and checkpoints and removes -wal/-shm.
 * A current file SQLite cannot read at all is what a restore is for: it is set aside as it is.
 */
function quiesceCurrent(dbPath: string, options: OpenDatabaseOptions): void {
  // Opening a file without SQLite's header would let SQLite treat a stale -wal as its own and delete it on close.
  if (!startsWithSqliteMagic(dbPath)) return;
  let raw: BetterSqlite3.Database | null = null;
  try {
    raw = new BetterSqlite3(dbPath, {
      fileMustExist: true,
      ...(options.nativeBinding ? { nativeBinding: options.nativeBinding } : {}),
    });
    raw.pragma('busy_timeout = 0');
    raw.pragma('journal_mode = DELETE');
  } catch (error) {
    const code = errorCode(error);
    if (code === 'SQLITE_BUSY' || code === 'SQLITE_LOCKED') {
      throw new AppError(
        'conflict',
        `The database ${dbPath} is in use by another Patchdeck (the desktop app or a running command): close it, then restore.`,
      );
    }
    if (code !== 'SQLITE_NOTADB' && code !== 'SQLITE_CORRUPT') throw error;
  } finally {
    raw?.close();
  }
}

function freeName(base: string): string {
  let name = base;
  for (let n = 2; fs.existsSync(name); n += 1) name = `${base}-${n}`;
  return name;
}

/** Keep the current database under keptAs without a moment where dbPath is missing (hard link, else a copy). */
function keepCurrent(dbPath: string, keptAs: string): void {
  try {
    fs.linkSync(dbPath, keptAs);
  } catch (error) {
    if (errorCode(error) === 'EEXIST') throw error;
    fs.copyFileSync(dbPath, keptAs, fs.constants.COPYFILE_EXCL);
    fsyncFile(keptAs);
  }
  for (const suffix of sidecars) {
    if (fs.existsSync(`${dbPath}${suffix}`)) fs.renameSync(`${dbPath}${suffix}`, `${keptAs}${suffix}`);
  }
}

/**
 * Replace the database at dbPath with a backup. The backup is copied next to the database and checked there
 * first (a refused file leaves the current database untouched, byte for byte); the current database is kept as
 * `<db>.before-restore-<time>`, and the checked copy takes its name by one rename. The restored file is then opened
 * once, which brings an older schema up to date (afterRestore runs then). If that fails, the previous database is
 * put back.
 */
export async function restoreDatabase(
  dbPath: string,
  fromFile: string,
  options: RestoreOptions = {},
): Promise<RestoreOutcome> {
  const database = path.resolve(dbPath);
  const from = path.resolve(fromFile);
  if (from === database) {
    throw new AppError('invalid-input', `${fromFile} is the current database itself: choose a backup file.`);
  }
  const folder = path.dirname(database);
  // The first folder this restore had to create, if any: a refused backup takes it away again.
  const createdFolder = fs.mkdirSync(folder, { recursive: true });
  let succeeded = false;
  const now = options.now ?? new Date();
  const binding = options.nativeBinding ? { nativeBinding: options.nativeBinding } : {};
  const candidate = temporaryNameIn(folder, `${path.basename(database)}.restoring`);
  try {
    try {
      copyCandidate(fromFile, candidate);
    } catch (error) {
      if (error instanceof AppError) throw error;
      throw new AppError(
        'invalid-input',
        `Cannot read the backup file ${fromFile}: ${(error as Error).message}`,
      );
    }
    const schemaVersion = checkCandidate(candidate, fromFile, binding);
    fsyncFile(candidate);
    await options.beforeSwap?.();
    let previousKeptAs: string | null = null;
    if (fs.existsSync(database)) {
      quiesceCurrent(database, binding);
      previousKeptAs = freeName(`${database}.before-restore-${stampOf(now)}`);
      keepCurrent(database, previousKeptAs);
    }
    fs.renameSync(candidate, database);
    fsyncFolder(folder);
    try {
      const restored = openDatabase(database, binding);
      try {
        options.afterRestore?.(restored, { restoredFrom: from, previousKeptAs, schemaVersion });
      } finally {
        restored.close();
      }
    } catch (error) {
      if (previousKeptAs) {
        // The failed open closed its connection (removing its -wal); the kept file takes the name back in one rename.
        for (const suffix of sidecars) fs.rmSync(`${database}${suffix}`, { force: true });
        fs.renameSync(previousKeptAs, database);
        for (const suffix of sidecars) {
          if (fs.existsSync(`${previousKeptAs}${suffix}`)) {
            fs.renameSync(`${previousKeptAs}${suffix}`, `${database}${suffix}`);
          }
        }
      }
      throw new AppError(
        'failed',
        `The backup ${fromFile} was checked but could not be brought up to date (${(error as Error).message}); ${previousKeptAs ? 'the previous database is back in place' : 'nothing was kept'}.`,
      );
    }
    succeeded = true;
    return { restoredFrom: from, previousKeptAs, schemaVersion };
  } finally {
    removeWithSidecars(candidate);
    if (!succeeded && createdFolder !== undefined) removeEmptyFolders(folder, createdFolder);
  }
}

/** Remove `folder` and its parents up to and including `top`, stopping at the first one that is not empty. */
function removeEmptyFolders(folder: string, top: string): void {
  for (let current = folder; ; current = path.dirname(current)) {
    try {
      fs.rmdirSync(current);
    } catch {
      return;
    }
    if (current === top) return;
  }
}
