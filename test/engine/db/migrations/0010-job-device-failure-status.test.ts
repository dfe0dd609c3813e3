import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../../../../electron/engine/db/database';
import { migrate } from '../../../../electron/engine/db/migrate';
import { migrations } from '../../../../electron/engine/db/migrations';
import { listJobDevices, setJobDeviceStatus } from '../../../../electron/engine/db/repositories/jobs';
import { readJobView } from '../../../../electron/engine/jobs/job-view';

/** A database file as Patchdeck left it at schema 9: a finished job with a failed device, and one still running. */
function schemaNineFile(file: string): void {
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
  migrate(database, migrations.slice(0, 9));
  raw.exec(`
    INSERT INTO clients (name, time_zone, created_at) VALUES ('Acme', 'UTC', 'now');
    INSERT INTO devices (client_id, name, host, port, user, auth_kind, created_at)
      VALUES (1, 'web-01', '127.0.0.1', 22, 'u', 'agent', 'now'),
             (1, 'web-02', '127.0.0.2', 22, 'u', 'agent', 'now');
    INSERT INTO jobs (id, kind, status, settings, actor, created_at, finished_at)
      VALUES (7, 'deploy', 'failed', '{}', 'tech', 't0', 't9');
    INSERT INTO job_devices (job_id, device_id, position, status, packages, error)
      VALUES (7, 1, 0, 'succeeded', '[]', NULL),
             (7, 2, 1, 'failed', '[]', 'The host key of web-02 (127.0.0.2:22) has changed: ...');
    INSERT INTO jobs (id, kind, status, settings, actor, created_at) VALUES (8, 'deploy', 'running', '{}', 'tech', 't10');
    INSERT INTO job_devices (job_id, device_id, position, status, packages) VALUES (8, 2, 0, 'running', '[]');
  `);
  raw.close();
}

describe('migration 0010: the failure status of a job device', () => {
  let dir: string;
  let database: Database | undefined;
  afterEach(() => {
    database?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('adds it to a database that has jobs: every device keeps its status, and only a failed one takes it', () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pd-migration-0010-'));
    const file = path.join(dir, 'patchdeck.db');
    schemaNineFile(file);
    database = openDatabase(file);
    expect(Number(database.pragma('user_version'))).toBeGreaterThanOrEqual(10);
    // A device that failed before the column existed stays as it was reported: failed.
    expect(listJobDevices(database, 7).map((row) => [row.deviceId, row.status, row.failureStatus])).toEqual([
      [1, 'succeeded', null],
      [2, 'failed', null],
    ]);
    expect(readJobView(database, 7).devices.map((device) => device.status)).toEqual(['succeeded', 'failed']);

    setJobDeviceStatus(database, 8, 2, 'failed', 't11', 'The host key changed.', 'host-key-mismatch');
    expect(listJobDevices(database, 8)).toMatchObject([
      { status: 'failed', failureStatus: 'host-key-mismatch' },
    ]);
    expect(readJobView(database, 8).devices.map((device) => device.status)).toEqual(['host-key-mismatch']);
    // A later status change (a resume) starts without it.
    setJobDeviceStatus(database, 8, 2, 'running', 't12');
    expect(listJobDevices(database, 8)).toMatchObject([{ status: 'running', failureStatus: null }]);

    const set = (sql: string) => () => database!.exec(sql);
    expect(
      set("UPDATE job_devices SET failure_status = 'host-key-mismatch' WHERE job_id = 7 AND device_id = 1"),
    ).toThrow(/CHECK/);
    expect(
      set("UPDATE job_devices SET failure_status = 'disk-full' WHERE job_id = 7 AND device_id = 2"),
    ).toThrow(/CHECK/);
    expect(database.pragma('foreign_key_check')).toBeUndefined();
  });
});
