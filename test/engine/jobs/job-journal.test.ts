import { spawn } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../../../electron/engine/db/database';
import {
  insertJob,
  listSteps,
  findJob,
  startStep,
  finishStep,
} from '../../../electron/engine/db/repositories/jobs';
import { createJobJournal } from '../../../electron/engine/jobs/job-journal';
import { makeTempDir, fixedClock } from '../../support/temp-engine';

/** The journal on a real SQLite file, with real processes as runners. */
describe('job journal', () => {
  const temp = makeTempDir();
  let database: Database;
  const clock = fixedClock();
  afterEach(() => database?.close());

  function jobWithDevice(): { jobId: number; deviceId: number } {
    database = openDatabase(`${temp.dir}/jobs-${Math.random().toString(36).slice(2)}.db`);
    database.exec(
      `INSERT INTO clients (name, time_zone, created_at) VALUES ('Acme', 'UTC', '2026-11-22T09:00:00Z')`,
    );
    database.exec(
      `INSERT INTO devices (client_id, name, host, port, user, auth_kind, created_at)
       VALUES (1, 'web-01', '127.0.0.1', 22, 'tech', 'agent', '2026-11-22T09:00:00Z')`,
    );
    const jobId = database.transaction(() =>
      insertJob(database, {
        kind: 'deploy',
        settings: '{}',
        rollbackOf: null,
        actor: 'tester',
        createdAt: clock.now().toISOString(),
        devices: [{ deviceId: 1, packages: '[]' }],
      }),
    );
    return { jobId, deviceId: 1 };
  }

  it('refuses to claim a job a live process runs, and takes over from a dead one, marking its step interrupted', async () => {
    const { jobId, deviceId } = jobWithDevice();
    const journal = createJobJournal(database, clock);
    const other = spawn('sleep', ['30']);
    database.exec(`UPDATE jobs SET runner_pid = ${other.pid}, status = 'running' WHERE id = ${jobId}`);
    journal.stepStarted(jobId, deviceId, 'install');
    expect(() => journal.claim(jobId)).toThrow(/being run by another Patchdeck process/);
    expect(journal.recoverOrphans()).toEqual([]);
    other.kill('SIGKILL');
    await new Promise((resolve) => other.on('exit', resolve));
    expect(journal.recoverOrphans()).toEqual([jobId]);
    const [step] = listSteps(database, jobId);
    expect(step).toMatchObject({
      step: 'install',
      status: 'interrupted',
      error: 'Patchdeck stopped while this step was under way.',
    });
    expect(findJob(database, jobId)?.runnerPid).toBeNull();
    const token = journal.claim(jobId);
    expect(findJob(database, jobId)).toMatchObject({ runnerPid: process.pid, runnerToken: token });
    journal.release(jobId, token);
    expect(findJob(database, jobId)?.runnerPid).toBeNull();
  });

  it('the database refuses a second completed run of the same step', () => {
    const { jobId, deviceId } = jobWithDevice();
    const first = database.transaction(() =>
      startStep(database, jobId, deviceId, 'install', clock.now().toISOString()),
    );
    database.transaction(() =>
      finishStep(database, first, { status: 'succeeded', at: clock.now().toISOString() }),
    );
    const second = database.transaction(() =>
      startStep(database, jobId, deviceId, 'install', clock.now().toISOString()),
    );
    expect(() =>
      database.transaction(() =>
        finishStep(database, second, { status: 'succeeded', at: clock.now().toISOString() }),
      ),
    ).toThrow(/UNIQUE constraint failed/);
  });

  it('statuses outside CLI.md are refused by the schema', () => {
    const { jobId } = jobWithDevice();
    expect(() => database.exec(`UPDATE jobs SET status = 'done' WHERE id = ${jobId}`)).toThrow(
      /CHECK constraint failed/,
    );
    expect(() => database.exec(`UPDATE job_devices SET status = 'ok' WHERE job_id = ${jobId}`)).toThrow(
      /CHECK constraint failed/,
    );
  });
});
