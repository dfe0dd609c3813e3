import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../../../../electron/engine/db/database';
import { migrate } from '../../../../electron/engine/db/migrate';
import { migrations } from '../../../../electron/engine/db/migrations';
import { listSteps, startStep } from '../../../../electron/engine/db/repositories/jobs';

/** A database file as Patchdeck left it at schema 6, before the command steps existed. */
function schemaSixFile(file: string): void {
  const raw = new BetterSqlite3(file);
  raw.pragma('foreign_keys = ON');
  const database = {
    path: file,
    statement: (sql: string) => raw.prepare(sql),
    transaction: <T>(fn: () => T) => raw.transaction(fn).immediate(),
    exec: (sql: string) => void raw.exec(sql),
    pragma: (text: string) => raw.pragma(text, { simple: true }),
    backup: () => Promise.reject(new Error('not used')),
    close: () => raw.close(),
  } satisfies Database;
  migrate(database, migrations.slice(0, 6));
  raw.exec(`
    INSERT INTO clients (name, time_zone, created_at) VALUES ('Acme', 'UTC', 'now');
    INSERT INTO devices (client_id, name, host, port, user, auth_kind, created_at)
      VALUES (1, 'web-01', '127.0.0.1', 22, 'u', 'agent', 'now');
    INSERT INTO jobs (id, kind, status, settings, actor, created_at) VALUES (7, 'deploy', 'running', '{}', 'tech', 't0');
    INSERT INTO job_devices (job_id, device_id, position, status, packages) VALUES (7, 1, 0, 'running', '[]');
    INSERT INTO job_steps (job_id, device_id, step, status, started_at, finished_at, result, output)
      VALUES (7, 1, 'preflight', 'succeeded', 't1', 't2', '{"plan":[]}', NULL),
             (7, 1, 'install', 'interrupted', 't3', 't4', NULL, 'Unpacking pd-hello');
  `);
  raw.close();
}

describe('migration 0007: pre- and post-command steps', () => {
  let dir: string;
  let database: Database | undefined;
  afterEach(() => {
    database?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('widens the step CHECK on a database that has jobs, keeping every step and the complete-once index', () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pd-migration-0007-'));
    const file = path.join(dir, 'patchdeck.db');
    schemaSixFile(file);
    database = openDatabase(file);
    expect(Number(database.pragma('user_version'))).toBeGreaterThanOrEqual(7);
    expect(listSteps(database, 7).map((step) => [step.id, step.step, step.status, step.output])).toEqual([
      [1, 'preflight', 'succeeded', null],
      [2, 'install', 'interrupted', 'Unpacking pd-hello'],
    ]);
    const pre = startStep(database, 7, 1, 'pre-command', 't5');
    startStep(database, 7, 1, 'post-command', 't6');
    expect(pre).toBe(3);
    expect(() =>
      database!.exec(
        "INSERT INTO job_steps (job_id, device_id, step, status, started_at) VALUES (7, 1, 'format-disk', 'running', 't')",
      ),
    ).toThrow(/CHECK/);
    database.exec(
      "UPDATE job_steps SET status = 'succeeded' WHERE step = 'pre-command'; INSERT INTO job_steps (job_id, device_id, step, status, started_at) VALUES (7, 1, 'pre-command', 'running', 't7')",
    );
    expect(() => database!.exec("UPDATE job_steps SET status = 'succeeded' WHERE id = 5")).toThrow(/UNIQUE/);
    // The steps still belong to their device of the job: deleting the job removes them.
    database.exec('DELETE FROM jobs WHERE id = 7');
    expect(listSteps(database, 7)).toEqual([]);
    expect(database.pragma('foreign_key_check')).toBeUndefined();
  });
});
