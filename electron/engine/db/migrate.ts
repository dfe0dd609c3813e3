import type { Database } from './database';

/** One schema step. Append-only: a shipped migration is never edited, a change is a new migration. */
export interface Migration {
  readonly version: number;
  readonly name: string;
  up(database: Database): void;
}

export function latestSchemaVersion(list: readonly Migration[]): number {
  return list.at(-1)?.version ?? 0;
}

/** Apply every migration newer than the file's `user_version`, each in its own transaction. */
export function migrate(database: Database, list: readonly Migration[]): void {
  list.forEach((migration, index) => {
    if (migration.version !== index + 1) {
      throw new Error(`Migration ${migration.name} has version ${migration.version}, expected ${index + 1}`);
    }
  });
  const current = Number(database.pragma('user_version'));
  for (const migration of list) {
    if (migration.version <= current) continue;
    database.transaction(() => {
      migration.up(database);
      database.pragma(`user_version = ${migration.version}`);
    });
  }
}
