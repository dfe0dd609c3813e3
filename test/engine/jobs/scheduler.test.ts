import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { silentLog } from '../../../electron/engine/log';
import { createEngine, type Engine } from '../../../electron/engine/create-engine';
import { insertJob } from '../../../electron/engine/db/repositories/jobs';
import { createJobJournal } from '../../../electron/engine/jobs/job-journal';
import { createScheduler } from '../../../electron/engine/jobs/scheduler';
import { createPassphraseVault } from '../../../electron/engine/vault/passphrase-vault';
import { createTempEngine, fixedClock, makeTempDir } from '../../support/temp-engine';
import { addFleet, debianUpdate, recordMissingUpdates } from '../policy/policy-fleet';
import { recordedDeployments, recordingDeployments } from './recording-deployments';

describe('scheduler', () => {
  let temp: ReturnType<typeof makeTempDir>;
  let engine: Engine;
  let clock: ReturnType<typeof fixedClock>;
  let ids: Map<string, number>;
  let clientId: number;

  /** A scheduler on the test engine's database and clock that records the deployments it would start. */
  const recordingScheduler = () =>
    createScheduler(
      { database: engine.database, vault: engine.vault, clock, log: silentLog, actor: 'tester' },
      recordingDeployments(engine.database),
    );

  beforeEach(async () => {
    temp = makeTempDir();
    clock = fixedClock('2026-11-21T20:00:00Z');
    engine = createEngine({
      dbPath: path.join(temp.dir, 'p.db'),
      vault: createPassphraseVault('x'),
      clock,
      actor: 'tester',
    });
    ({ clientId, deviceIds: ids } = await addFleet(engine, { name: 'Acme', timeZone: 'Europe/Berlin' }, [
      { name: 'web-01', tags: ['server'], ring: 'test' },
      { name: 'web-02', tags: ['server'], ring: 'pilot' },
      { name: 'web-03', tags: ['server'] },
      { name: 'desk-01', tags: ['desktop'] },
    ]));
    for (const name of ['web-01', 'web-02', 'web-03', 'desk-01'])
      recordMissingUpdates(engine, ids.get(name)!, [
        debianUpdate('openssl'),
        debianUpdate('curl', { security: false, classification: 'bugfix' }),
      ]);
    engine.policies.add({
      name: 'weekend-servers',
      clientId,
      scope: { tags: ['server'] },
      windows: ['weekends 22:00-02:00'],
      approval: { mode: 'security' },
      rollout: { minSuccessPercent: 100, soakHours: 24 },
    });
  });
  afterEach(() => {
    engine.close();
    temp.cleanup();
  });

  it('lists policies × devices whose window is open at an instant, in the shape of CLI.md', () => {
    // Saturday 21 November 2026, 23:30 in Berlin (UTC+1): inside 22:00-02:00.
    const due = engine.scheduler.due(new Date('2026-11-21T22:30:00Z'));
    expect(due).toEqual([
      {
        policy: 'weekend-servers',
        device: 'web-01',
        action: 'deploy',
        windowStart: '2026-11-21T21:00:00Z',
        windowEnd: '2026-11-22T01:00:00Z',
        packages: ['openssl'],
        reason: null,
        started: false,
      },
      {
        policy: 'weekend-servers',
        device: 'web-02',
        action: 'hold',
        windowStart: '2026-11-21T21:00:00Z',
        windowEnd: '2026-11-22T01:00:00Z',
        packages: [],
        reason: 'openssl is held for the pilot ring: no device of the test ring has installed it yet.',
        started: false,
      },
      {
        policy: 'weekend-servers',
        device: 'web-03',
        action: 'hold',
        windowStart: '2026-11-21T21:00:00Z',
        windowEnd: '2026-11-22T01:00:00Z',
        packages: [],
        reason: 'openssl is held for the broad ring: no device of the pilot ring has installed it yet.',
        started: false,
      },
    ]);
    // 21:59 Berlin: not yet open; 02:00 Berlin: just closed.
    expect(engine.scheduler.due(new Date('2026-11-21T20:59:59Z'))).toEqual([]);
    expect(engine.scheduler.due(new Date('2026-11-22T01:00:00Z'))).toEqual([]);
  });

  it('applies approvals, exceptions and the manual queue to what would be deployed', () => {
    engine.approvals.decide({ packages: ['curl'], decision: 'approve' });
    engine.policies.update({ id: engine.policies.resolve('weekend-servers').id, content: { kind: 'all' } });
    engine.exceptions.add({
      package: 'OPENSSL',
      target: { kind: 'device', deviceId: ids.get('web-01')! },
      reason: 'vendor app pins libssl3 until its 4.2 release',
      expiresAt: '2026-12-01T00:00:00Z',
    });
    const [web01] = engine.scheduler.due(new Date('2026-11-21T22:30:00Z'));
    expect(web01).toMatchObject({ device: 'web-01', action: 'deploy', packages: ['curl'] });
    engine.approvals.decide({ packages: ['curl'], decision: 'defer', until: '2026-11-28T00:00:00Z' });
    expect(engine.scheduler.due(new Date('2026-11-21T22:30:00Z'))[0]).toMatchObject({
      device: 'web-01',
      action: 'nothing',
      reason: 'Nothing to deploy: 1 deferred, 1 held by an exception.',
    });
    // After the exception expires, openssl is back.
    expect(engine.scheduler.due(new Date('2026-12-05T22:30:00Z'))[0]).toMatchObject({
      device: 'web-01',
      packages: ['openssl'],
    });
  });

  it('sees a change another process made since its last look (the fleet snapshot is not stale)', async () => {
    const at = new Date('2026-11-21T22:30:00Z');
    expect(engine.scheduler.due(at)[0]).toMatchObject({ device: 'web-01', packages: ['openssl'] });
    const other = createEngine({
      dbPath: path.join(temp.dir, 'p.db'),
      vault: createPassphraseVault('x'),
      clock,
      actor: 'other',
    });
    try {
      other.exceptions.add({
        package: 'openssl',
        target: { kind: 'client', clientId },
        reason: 'held fleet-wide',
        expiresAt: '2026-12-01T00:00:00Z',
      });
    } finally {
      other.close();
    }
    expect(engine.scheduler.due(at)[0]).toMatchObject({ device: 'web-01', action: 'nothing', packages: [] });
  });

  it('starts a window occurrence once, and a second run in the same window finds it started', async () => {
    const scheduler = recordingScheduler();
    clock.set('2026-11-21T22:30:00Z');
    const first = await scheduler.runDue();
    expect(first).toEqual([
      expect.objectContaining({
        policy: 'weekend-servers',
        outcome: 'started',
        devices: 1,
        status: 'succeeded',
        error: null,
      }),
    ]);
    clock.set('2026-11-21T23:45:00Z');
    expect(await scheduler.runDue()).toEqual([
      expect.objectContaining({ outcome: 'already-started', jobId: null }),
    ]);
    expect(await engine.scheduler.runDue()).toEqual([
      expect.objectContaining({ outcome: 'already-started' }),
    ]);
    expect(recordedDeployments(engine.database)).toEqual([
      {
        policy: 'weekend-servers',
        occurrence: '2026-11-21@Europe/Berlin weekends 22:00-02:00',
        devices: [{ deviceId: ids.get('web-01'), device: 'web-01', packages: ['openssl'] }],
        pid: process.pid,
      },
    ]);
    expect(engine.scheduler.due(new Date('2026-11-21T23:45:00Z'))[0]).toMatchObject({ started: true });
    // Sunday's window is a new occurrence.
    clock.set('2026-11-22T21:30:00Z');
    expect(await scheduler.runDue()).toEqual([expect.objectContaining({ outcome: 'started' })]);
    expect(recordedDeployments(engine.database)).toHaveLength(2);
  });

  it('starts a policy once per night when its window is edited while open', async () => {
    const scheduler = recordingScheduler();
    const policyId = engine.policies.resolve('weekend-servers').id;
    // Saturday 23:30 Berlin: the window opened at 22:00 and its job starts.
    clock.set('2026-11-21T22:30:00Z');
    expect(await scheduler.runDue()).toEqual([expect.objectContaining({ outcome: 'started' })]);
    // The technician stretches tonight's window while it is open.
    engine.policies.update({ id: policyId, windows: ['weekends 22:30-03:00'] });
    for (const at of ['2026-11-21T23:45:00Z', '2026-11-22T01:30:00Z']) {
      // 00:45 Berlin, inside both windows; 02:30 Berlin, after the old window closed but inside the new one.
      clock.set(at);
      expect(await scheduler.runDue()).toEqual([
        expect.objectContaining({
          outcome: 'already-started',
          runKey: '2026-11-21@Europe/Berlin weekends 22:00-02:00',
        }),
      ]);
      expect(engine.scheduler.due(new Date(at))[0]).toMatchObject({ started: true });
    }
    expect(recordedDeployments(engine.database)).toHaveLength(1);
    // Sunday night is the edited window's next occurrence: it starts.
    clock.set('2026-11-22T21:45:00Z');
    expect(await scheduler.runDue()).toEqual([
      expect.objectContaining({
        outcome: 'started',
        runKey: '2026-11-22@Europe/Berlin weekends 22:30-03:00',
      }),
    ]);
    expect(recordedDeployments(engine.database)).toHaveLength(2);
  });

  it('starts a window edited to another day on that day, after tonight ran', async () => {
    const scheduler = recordingScheduler();
    clock.set('2026-11-21T22:30:00Z');
    expect(await scheduler.runDue()).toEqual([expect.objectContaining({ outcome: 'started' })]);
    engine.policies.update({
      id: engine.policies.resolve('weekend-servers').id,
      windows: ['Sun 20:00-21:00'],
    });
    // Sunday 20:30 Berlin.
    clock.set('2026-11-22T19:30:00Z');
    expect(await scheduler.runDue()).toEqual([
      expect.objectContaining({ outcome: 'started', runKey: '2026-11-22@Europe/Berlin Sun 20:00-21:00' }),
    ]);
    expect(recordedDeployments(engine.database)).toHaveLength(2);
  });

  it('while the app runs, looks every interval and starts each occurrence once', async () => {
    const scheduler = recordingScheduler();
    clock.set('2026-11-21T22:30:00Z');
    scheduler.start(10);
    await new Promise((resolve) => setTimeout(resolve, 300));
    await scheduler.stop();
    expect(recordedDeployments(engine.database)).toHaveLength(1);
    clock.set('2026-11-22T21:30:00Z');
    await new Promise((resolve) => setTimeout(resolve, 50));
    // Stopped: Sunday's window is not started by a timer that should be gone.
    expect(recordedDeployments(engine.database)).toHaveLength(1);
  });

  it('while the app runs, a job still running does not hold back the next window', async () => {
    engine.policies.add({
      name: 'sunday-desktops',
      clientId,
      scope: { tags: ['desktop'] },
      windows: ['Sun 00:00-03:00'],
      approval: { mode: 'security' },
    });
    const started: string[] = [];
    let finishSaturday = (): void => {};
    const scheduler = createScheduler(
      { database: engine.database, vault: engine.vault, clock, log: silentLog, actor: 'tester' },
      async (deployment) => {
        started.push(deployment.policyName);
        // Saturday's job runs until the test ends it; Sunday's ends at once.
        const finished =
          deployment.policyName === 'weekend-servers'
            ? new Promise<void>((resolve) => (finishSaturday = resolve))
            : Promise.resolve();
        return {
          jobId: started.length,
          finished: finished.then(() => ({ jobId: started.length, status: 'succeeded' as const })),
        };
      },
    );
    clock.set('2026-11-21T22:30:00Z');
    scheduler.start(10);
    await vi.waitFor(() => expect(started).toEqual(['weekend-servers']));
    // 00:30 Berlin on Sunday: the desktops' window opened while the servers' job is still running.
    clock.set('2026-11-21T23:30:00Z');
    await vi.waitFor(() => expect(started).toEqual(['weekend-servers', 'sunday-desktops']));
    finishSaturday();
    await scheduler.stop();
    expect(
      engine.database.statement('SELECT status, job_id AS jobId FROM policy_runs ORDER BY job_id').all(),
    ).toEqual([
      { status: 'started', jobId: 1 },
      { status: 'started', jobId: 2 },
    ]);
  });

  it('catches up a missed window only while it is still open', async () => {
    const scheduler = recordingScheduler();
    // The machine was off all Saturday night: at 02:30 Berlin the window has closed, nothing runs late.
    clock.set('2026-11-22T01:30:00Z');
    expect(await scheduler.runDue()).toEqual([]);
    // Had it come back at 01:15 Berlin instead, Saturday's window (open until 02:00) would still have been caught up.
    clock.set('2026-11-22T00:15:00Z');
    expect(await scheduler.runDue()).toEqual([
      expect.objectContaining({ outcome: 'started', windowStart: '2026-11-21T21:00:00Z' }),
    ]);
    expect(recordedDeployments(engine.database)).toHaveLength(1);
  });

  it('records a start that failed, with its reason, and does not start the occurrence again', async () => {
    const refusing = createScheduler(
      {
        database: engine.database,
        vault: engine.vault,
        clock,
        log: { info() {}, warn() {}, error() {} },
        actor: 'tester',
      },
      () => Promise.reject(new Error('the job journal is locked')),
    );
    clock.set('2026-11-21T22:30:00Z');
    expect(await refusing.runDue()).toEqual([
      expect.objectContaining({ outcome: 'failed', error: 'the job journal is locked' }),
    ]);
    expect(engine.database.statement('SELECT status, error FROM policy_runs').all()).toEqual([
      { status: 'failed', error: 'the job journal is locked' },
    ]);
    expect(await refusing.runDue()).toEqual([expect.objectContaining({ outcome: 'already-started' })]);
  });

  it('promotes to the pilot ring after the test ring succeeded and soaked', () => {
    const web01 = ids.get('web-01')!;
    const at = new Date('2026-11-21T22:30:00Z');
    const job = (finishedAt: string, status: string) => {
      const jobId = Number(
        engine.database
          .statement(
            `INSERT INTO jobs (kind, status, settings, actor, created_at, finished_at) VALUES ('deploy', ?, '{}', 'tester', ?, ?)`,
          )
          .run(status, '2026-11-20T09:00:00.000Z', finishedAt).lastInsertRowid,
      );
      engine.database
        .statement(
          `INSERT INTO job_devices (job_id, device_id, position, status, packages, finished_at) VALUES (?, ?, 0, ?, '["openssl"]', ?)`,
        )
        .run(jobId, web01, status, finishedAt);
    };
    job('2026-11-21T10:00:00.000Z', 'succeeded');
    const soaking = engine.scheduler.due(at).find((entry) => entry.device === 'web-02');
    expect(soaking).toMatchObject({
      action: 'hold',
      reason:
        'openssl is held for the pilot ring: it soaks in the test ring until 2026-11-22T10:00:00.000Z (24 h after its last install there).',
    });
    expect(
      engine.scheduler.due(new Date('2026-11-22T21:30:00Z')).find((entry) => entry.device === 'web-02'),
    ).toMatchObject({
      action: 'deploy',
      packages: ['openssl'],
    });
  });
});

describe('scheduler ring gates, read from the real job journal', () => {
  let temp: ReturnType<typeof createTempEngine>;
  let engine: Engine;
  let ids: Map<string, number>;

  beforeEach(async () => {
    temp = createTempEngine({ clock: fixedClock('2026-11-20T08:00:00Z') });
    engine = temp.engine;
    let clientId: number;
    ({ clientId, deviceIds: ids } = await addFleet(engine, { name: 'Acme', timeZone: 'Europe/Berlin' }, [
      { name: 'web-01', ring: 'test' },
      { name: 'web-02', ring: 'pilot' },
    ]));
    recordMissingUpdates(engine, ids.get('web-02')!, [debianUpdate('openssl')]);
    engine.policies.add({
      name: 'weekend-servers',
      clientId,
      windows: ['weekends 22:00-02:00'],
      rollout: { minSuccessPercent: 100, soakHours: 24 },
    });
  });
  afterEach(() => temp.close());

  /**
   * A deploy job of openssl on web-01 (the test ring), or a rollback of one (`rollbackOf`), written and ended
   * through the job journal. Answers the job's id.
   */
  const deployOnTestDevice = (
    createdAt: string,
    endedAt: string,
    status: 'succeeded' | 'failed',
    rollbackOf: number | null = null,
  ) => {
    const deviceId = ids.get('web-01')!;
    const jobId = engine.database.transaction(() =>
      insertJob(engine.database, {
        kind: rollbackOf === null ? 'deploy' : 'rollback',
        settings: '{}',
        rollbackOf,
        actor: 'tester',
        createdAt,
        devices: [{ deviceId, packages: JSON.stringify([{ name: 'openssl', version: '1.0-2' }]) }],
      }),
    );
    const journal = createJobJournal(engine.database, fixedClock(endedAt));
    journal.deviceStatus(jobId, deviceId, status, status === 'failed' ? 'dpkg was locked' : null);
    journal.jobStatus(jobId, status);
    return jobId;
  };

  /** What the policy plans for web-02 (the pilot ring) on Saturday 23:30 in Berlin, over 24 h after the jobs. */
  const pilotEntry = () =>
    engine.scheduler.due(new Date('2026-11-21T22:30:00Z')).find((entry) => entry.device === 'web-02');

  it('a retry that succeeded on the test device clears its earlier failure for the pilot ring', () => {
    deployOnTestDevice('2026-11-20T10:00:00.000Z', '2026-11-20T10:05:00.000Z', 'failed');
    deployOnTestDevice('2026-11-20T11:00:00.000Z', '2026-11-20T11:10:00.000Z', 'succeeded');
    expect(pilotEntry()).toMatchObject({ action: 'deploy', packages: ['openssl'] });
  });

  it('an install the technician rolled back on the test device holds the pilot ring, as a failure does', () => {
    const deployed = deployOnTestDevice('2026-11-20T10:00:00.000Z', '2026-11-20T10:05:00.000Z', 'succeeded');
    deployOnTestDevice('2026-11-20T12:00:00.000Z', '2026-11-20T12:05:00.000Z', 'succeeded', deployed);
    expect(pilotEntry()).toMatchObject({
      action: 'hold',
      reason:
        'openssl is held for the pilot ring: 1 of 1 device(s) of the test ring failed or were rolled back, more than the 20% the policy allows.',
    });
  });

  it('a later attempt that failed on the test device holds the pilot ring, whatever succeeded before', () => {
    deployOnTestDevice('2026-11-20T10:00:00.000Z', '2026-11-20T10:05:00.000Z', 'succeeded');
    deployOnTestDevice('2026-11-20T11:00:00.000Z', '2026-11-20T11:10:00.000Z', 'failed');
    expect(pilotEntry()).toMatchObject({
      action: 'hold',
      reason:
        'openssl is held for the pilot ring: 1 of 1 device(s) of the test ring failed or were rolled back, more than the 20% the policy allows.',
    });
  });

  /** A scan of web-01 (the test ring) finding only a Windows KB missing: it does not have openssl to update. */
  const scanTestDeviceWithoutOpenssl = (at: string) =>
    recordMissingUpdates(
      engine,
      ids.get('web-01')!,
      [debianUpdate('2026-11 Cumulative Update', { manager: 'winget', advisoryIds: ['KB5046617'] })],
      at,
    );

  it('passes over a test ring whose devices were scanned since the update turned up and do not need it', () => {
    scanTestDeviceWithoutOpenssl('2026-11-20T09:00:00.000Z');
    // Before, the pilot ring waited forever for a test ring that will never install openssl.
    expect(pilotEntry()).toMatchObject({ action: 'deploy', packages: ['openssl'] });
  });

  it('still holds the pilot ring while a test device has not been scanned since the update turned up', () => {
    scanTestDeviceWithoutOpenssl('2026-11-19T09:00:00.000Z');
    expect(pilotEntry()).toMatchObject({
      action: 'hold',
      reason: 'openssl is held for the pilot ring: no device of the test ring has installed it yet.',
    });
  });
});

describe('scheduler ring gates across policies narrowed to one ring', () => {
  let temp: ReturnType<typeof createTempEngine>;
  let engine: Engine;
  let ids: Map<string, number>;

  beforeEach(async () => {
    temp = createTempEngine({ clock: fixedClock('2026-11-20T08:00:00Z') });
    engine = temp.engine;
    let clientId: number;
    ({ clientId, deviceIds: ids } = await addFleet(engine, { name: 'Acme', timeZone: 'Europe/Berlin' }, [
      { name: 'web-01', tags: ['server'], ring: 'test' },
      { name: 'web-02', tags: ['server'], ring: 'pilot' },
      { name: 'desk-01', tags: ['desktop'], ring: 'test' },
    ]));
    for (const name of ['web-01', 'web-02', 'desk-01'])
      recordMissingUpdates(engine, ids.get(name)!, [debianUpdate('openssl')]);
    // The usual MSP set-up (`policy add --ring ...`): one policy per ring, each in its own window.
    for (const ring of ['test', 'pilot'] as const)
      engine.policies.add({
        name: `servers-${ring}`,
        clientId,
        scope: { tags: ['server'], rings: [ring] },
        windows: [ring === 'test' ? 'Fri 22:00-02:00' : 'Sat 22:00-02:00'],
        rollout: { minSuccessPercent: 100, soakHours: 24 },
      });
  });
  afterEach(() => temp.close());

  const pilotPlan = () =>
    engine.scheduler.due(new Date('2026-11-21T22:30:00Z')).find((entry) => entry.device === 'web-02');

  it("holds the pilot ring's policy until the test ring's policy installed the update and it soaked", () => {
    expect(pilotPlan()).toMatchObject({
      policy: 'servers-pilot',
      action: 'hold',
      reason: 'openssl is held for the pilot ring: no device of the test ring has installed it yet.',
    });
    const web01 = ids.get('web-01')!;
    const jobId = engine.database.transaction(() =>
      insertJob(engine.database, {
        kind: 'deploy',
        settings: '{}',
        rollbackOf: null,
        actor: 'tester',
        createdAt: '2026-11-20T21:00:00.000Z',
        devices: [{ deviceId: web01, packages: JSON.stringify([{ name: 'openssl', version: '1.0-2' }]) }],
      }),
    );
    const journal = createJobJournal(engine.database, fixedClock('2026-11-20T21:20:00.000Z'));
    journal.deviceStatus(jobId, web01, 'failed', 'dpkg was locked');
    journal.jobStatus(jobId, 'failed');
    expect(pilotPlan()).toMatchObject({
      action: 'hold',
      reason:
        'openssl is held for the pilot ring: 1 of 1 device(s) of the test ring failed or were rolled back, more than the 20% the policy allows.',
    });
  });
});
