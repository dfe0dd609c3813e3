import fs from 'node:fs';
import path from 'node:path';
import { AppError, isAppError } from '../../shared/errors';
import { createEngine, type Engine } from '../engine/create-engine';
import { defaultDatabasePath } from '../engine/paths';
import { findFirstCredentialOfScheme } from '../engine/db/repositories/credentials';
import { createPassphraseVault } from '../engine/vault/passphrase-vault';
import { secretSchemes } from '../engine/vault/secret-storage';

/** The database a run uses: --db, else PATCHDECK_DB, else the desktop app's (an empty PATCHDECK_DB means unset). */
export function databasePath(option: unknown, env: NodeJS.ProcessEnv): string {
  if (typeof option !== 'string') return defaultDatabasePath(env);
  // SQLite opens a throwaway temporary database for an empty file name: the run would report success and keep nothing.
  if (option === '') throw new AppError('invalid-input', '--db is empty: name the database file.', 'db');
  return option;
}

/** An engine on the run's database, which knows what opening it created. */
export interface CliDatabase {
  readonly engine: Engine;
  /** Close the engine; after bad input, also remove the database if this run created it. */
  close(badInput: boolean): void;
}

/**
 * Open the engine on a database file. Bad input must leave nothing written (CLI.md), but most of it (an unknown
 * device, client or policy) can only be found out with the database open, and opening a new path creates the
 * file. So a run that created the database and ends in bad input removes it again, with the folders it created.
 * Removing is safe only while the file is this run's alone: not when another connection has written to it since
 * (SQLite's data_version changes) or still has it open (the last connection to close removes the -wal file).
 */
export function openCliDatabase(file: string, env: NodeJS.ProcessEnv): CliDatabase {
  const resolved = path.resolve(file);
  // SQLite only says "unable to open database file"; a folder given for the file is a common slip worth naming.
  if (isFolder(resolved))
    throw new AppError(
      'invalid-input',
      `Cannot open the database ${file}: it is a folder, not a file.`,
      'db',
    );
  const created = missingPaths(resolved);
  const isNew = created.includes(resolved);
  let engine: Engine;
  try {
    // The vault checks a new passphrase against the passwords already stored, so one file never mixes two.
    const vault = createPassphraseVault(env.PATCHDECK_VAULT_PASSPHRASE, undefined, {
      storedEarlier: () => findFirstCredentialOfScheme(engine.database, secretSchemes.passphrase),
    });
    engine = createEngine({ dbPath: file, vault });
  } catch (error) {
    // Only a new one: an existing database's -wal, holding its latest commits, may appear any moment (the app).
    if (isNew) removeAll(created);
    throw cannotOpen(error, file);
  }
  const versionAtOpen = engine.database.pragma('data_version');
  return {
    engine,
    close(badInput) {
      const othersWrote = engine.database.pragma('data_version') !== versionAtOpen;
      engine.close();
      const othersConnected = fs.existsSync(`${resolved}-wal`);
      if (badInput && isNew && !othersWrote && !othersConnected) removeAll(created);
    },
  };
}

function isFolder(file: string): boolean {
  try {
    return fs.statSync(file).isDirectory();
  } catch {
    return false; // Missing, or unreachable: opening it says why.
  }
}

/** The database's files and folders that do not exist yet, in the order to remove them: files, then folders upwards. */
function missingPaths(resolved: string): string[] {
  const files = [resolved, `${resolved}-wal`, `${resolved}-shm`, `${resolved}-journal`];
  const folders: string[] = [];
  for (let folder = path.dirname(resolved); folder !== path.dirname(folder); folder = path.dirname(folder)) {
    if (fs.existsSync(folder)) break;
    folders.push(folder);
  }
  return [...files.filter((each) => !fs.existsSync(each)), ...folders];
}

/** Best effort: what cannot be removed stays, and a folder someone else has put a file in is not empty, so it stays. */
function removeAll(paths: readonly string[]): void {
  for (const each of paths) {
    try {
      if (fs.statSync(each).isDirectory()) fs.rmdirSync(each);
      else fs.rmSync(each);
    } catch {
      // Already gone, or not ours to remove.
    }
  }
}

/**
 * A database that cannot be opened (a path through a file, a device, no permission) is an unreadable file: bad input by
 * CLI.md, with the file system's or SQLite's reason in one line. A plain Error is a bug and keeps its stack.
 */
function cannotOpen(error: unknown, file: string): unknown {
  if (isAppError(error)) {
    // openDatabase says 'failed' when SQLite cannot open the file; its other refusals are already bad input.
    return error.code === 'failed' ? new AppError('invalid-input', error.message, 'db') : error;
  }
  const code = (error as { code?: unknown } | null)?.code;
  const fromFileOrSqlite = typeof code === 'string' && (/^E[A-Z]+$/.test(code) || code.startsWith('SQLITE_'));
  if (!fromFileOrSqlite) return error;
  return new AppError('invalid-input', `Cannot open the database ${file}: ${(error as Error).message}`, 'db');
}
