import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createEngine, type Engine } from '../../../electron/engine/create-engine';
import { createScheduler, type ScheduledDeployment } from '../../../electron/engine/jobs/scheduler';
import { silentLog } from '../../../electron/engine/log';
import { createPassphraseVault } from '../../../electron/engine/vault/passphrase-vault';
import { fixedClock, makeTempDir } from '../../support/temp-engine';
import { addFleet, debianUpdate, recordMissingUpdates } from '../policy/policy-fleet';
import { recordedDeployments, recordingDeployments } from './recording-deployments';

describe('planned deployments ("in the next window")', () => {
  let temp: ReturnType<typeof makeTempDir>;
  let engine: Engine;
  let clock: ReturnType<typeof fixedClock>;
  let ids: Map<string, number>;

  const openEngine = (actor: string) =>
    createEngine({ dbPath: path.join(temp.dir, 'p.db'), vault: createPassphraseVault('x'), clock, actor });
  /** A scheduler on `on`'s database that records what it starts (and keeps each start running `delayMs`). */
  const recordingScheduler = (on: Engine, delayMs = 0) =>
    createScheduler(
      { database: on.database, vault: on.vault, clock, log: silentLog, actor: 'tester' },
      recordingDeployments(on.database, delayMs),
    );
  const plannedStarts = (on: Engine) =>
    recordedDeployments(on.database).filter((entry) => entry.occurrence.startsWith('planned '));

  beforeEach(async () => {
    temp = makeTempDir();
    // Saturday 21 November 2026, 21:00 in Berlin: an hour before the servers' weekend window opens.
    clock = fixedClock('2026-11-21T20:00:00Z');
    engine = openEngine('tester');
    let clientId: number;
    ({ clientId, deviceIds: ids } = await addFleet(engine, { name: 'Acme', timeZone: 'Europe/Berlin' }, [
      { name: 'web-01', tags: ['server'] },
      { name: 'web-02', tags: ['server'] },
      { name: 'desk-01', tags: ['desktop'] },
    ]));
    for (const id of ids.values())
      recordMissingUpdates(engine, id, [
        debianUpdate('openssl'),
        debianUpdate('curl', { security: false, classification: 'bugfix' }),
      ]);
    engine.policies.add({
      name: 'weekend-servers',
      clientId,
      scope: { tags: ['server'] },
      windows: ['weekends 22:00-02:00'],
      // Nothing approved by the policy itself: only the planned deployment has work in this window.
      approval: { mode: 'manual' },
    });
  });
  afterEach(() => {
    engine.close();
    temp.cleanup();
  });

  const planServers = () =>
    engine.scheduler.planned.plan({
      request: {
        deviceIds: [ids.get('web-01')!, ids.get('web-02')!],
        selection: { kind: 'all-security' },
        reboot: 'if-required',
      },
    });

  it('waits for the next window of the policy covering the devices, in the client zone', () => {
    const [planned, ...more] = planServers();
    expect(more).toEqual([]);
    expect(planned).toEqual({
      id: expect.any(Number),
      status: 'planned',
      missed: false,
      policy: 'weekend-servers',
      windowStart: '2026-11-21T21:00:00.000Z',
      windowEnd: '2026-11-22T01:00:00.000Z',
      timeZone: 'Europe/Berlin',
      devices: [
        { deviceId: ids.get('web-01'), device: 'web-01' },
        { deviceId: ids.get('web-02'), device: 'web-02' },
      ],
      selection: { kind: 'all-security' },
      reboot: 'if-required',
      jobId: null,
      error: null,
      createdAt: '2026-11-21T20:00:00.000Z',
    });
    expect(engine.scheduler.planned.list()).toEqual([planned]);
  });

  it('refuses devices no policy window covers, naming them, unless the technician picks a window', () => {
    const desk = ids.get('desk-01')!;
    expect(() =>
      engine.scheduler.planned.plan({
        request: { deviceIds: [ids.get('web-01')!, desk], selection: { kind: 'all' } },
      }),
    ).toThrow(/No enabled policy with a maintenance window covers desk-01: pick a window/);
    // Nothing was written for web-01 either: the plan is all or nothing.
    expect(engine.scheduler.planned.list()).toEqual([]);
    const [picked] = engine.scheduler.planned.plan({
      request: { deviceIds: [desk], selection: { kind: 'packages', packages: ['curl'] } },
      window: { start: '2026-11-23T18:00:00Z', end: '2026-11-23T20:00:00Z' },
    });
    expect(picked).toMatchObject({
      policy: null,
      timeZone: 'Europe/Berlin',
      windowEnd: '2026-11-23T20:00:00.000Z',
    });
    expect(() =>
      engine.scheduler.planned.plan({
        request: { deviceIds: [desk], selection: { kind: 'all' } },
        window: { start: '2026-11-20T18:00:00Z', end: '2026-11-20T20:00:00Z' },
      }),
    ).toThrow('That window has already closed: pick a later one.');
  });

  it('starts once, with the window end, when two schedulers on one database run the window', async () => {
    const [planned] = planServers();
    const other = openEngine('other');
    try {
      const first = recordingScheduler(engine, 100);
      const second = recordingScheduler(other, 100);
      clock.set('2026-11-21T21:00:30Z');
      const results = (await Promise.all([first.runDue(), second.runDue(), first.runDue()])).flat();
      // A scheduler that looks after the claim does not list it any more; one that raced the claim finds it taken.
      expect(results.filter((result) => result.outcome === 'started')).toHaveLength(1);
      expect(results.every((result) => ['started', 'already-started'].includes(result.outcome))).toBe(true);
      expect(plannedStarts(engine)).toEqual([
        {
          policy: 'weekend-servers',
          occurrence: `planned ${planned!.id}`,
          // all-security, resolved when the window opened: openssl, not the bugfix curl.
          devices: [
            { deviceId: ids.get('web-01'), device: 'web-01', packages: ['openssl'] },
            { deviceId: ids.get('web-02'), device: 'web-02', packages: ['openssl'] },
          ],
          pid: process.pid,
        },
      ]);
      const [started] = other.scheduler.planned.list();
      expect(started).toMatchObject({ status: 'started', jobId: expect.any(Number), missed: false });
      // Later in the same window, and in the next one, it does not start again.
      clock.set('2026-11-22T00:30:00Z');
      expect(await first.runDue()).toEqual([]);
      clock.set('2026-11-22T21:30:00Z');
      expect(await second.runDue()).toEqual([]);
      expect(plannedStarts(engine)).toHaveLength(1);
    } finally {
      other.close();
    }
  });

  it('passes the window and the request along to the deploy engine', async () => {
    const started: ScheduledDeployment[] = [];
    const scheduler = createScheduler(
      { database: engine.database, vault: engine.vault, clock, log: silentLog, actor: 'tester' },
      async (deployment) => (
        started.push(deployment),
        { jobId: null, finished: Promise.resolve({ jobId: null, status: 'queued' as const }) }
      ),
    );
    engine.scheduler.planned.plan({
      request: {
        deviceIds: [ids.get('desk-01')!],
        selection: { kind: 'packages', packages: ['curl'] },
        concurrency: 4,
        maxFailPercent: 10,
      },
      window: { start: '2026-11-23T18:00:00Z', end: '2026-11-23T20:00:00Z' },
    });
    clock.set('2026-11-23T17:59:59Z');
    expect(await scheduler.runDue()).toEqual([]);
    clock.set('2026-11-23T18:00:00Z');
    expect(await scheduler.runDue()).toEqual([
      expect.objectContaining({ outcome: 'started', devices: 1, windowEnd: '2026-11-23T20:00:00.000Z' }),
    ]);
    expect(started).toEqual([
      expect.objectContaining({
        policyId: null,
        windowStart: new Date('2026-11-23T18:00:00Z'),
        windowEnd: new Date('2026-11-23T20:00:00Z'),
        devices: [{ deviceId: ids.get('desk-01'), device: 'desk-01', packages: ['curl'] }],
        reboot: 'never',
        concurrency: 4,
        maxFailPercent: 10,
      }),
    ]);
  });

  it('starts a window missed while the app was off only while that window is still open', async () => {
    planServers();
    const scheduler = recordingScheduler(engine);
    // Back at 02:30 Berlin: the window closed at 02:00, nothing runs late and the plan shows as missed.
    clock.set('2026-11-22T01:30:00Z');
    expect(await scheduler.runDue()).toEqual([]);
    expect(engine.scheduler.planned.list()).toEqual([
      expect.objectContaining({ status: 'planned', missed: true }),
    ]);
    // Back at 01:15 Berlin instead: the window is still open, so it starts now.
    clock.set('2026-11-22T00:15:00Z');
    expect(await scheduler.runDue()).toEqual([expect.objectContaining({ outcome: 'started' })]);
    expect(plannedStarts(engine)).toHaveLength(1);
  });

  it('cancelled before its window, it never starts; once started it cannot be cancelled', async () => {
    const [first] = planServers();
    const [second] = planServers();
    const cancelled = engine.scheduler.planned.cancel(first!.id);
    expect(cancelled).toMatchObject({ id: first!.id, status: 'cancelled' });
    expect(() => engine.scheduler.planned.cancel(first!.id)).toThrow(
      `Planned deployment ${first!.id} was already cancelled.`,
    );
    const scheduler = recordingScheduler(engine);
    clock.set('2026-11-21T21:30:00Z');
    const results = await scheduler.runDue();
    expect(results).toEqual([
      expect.objectContaining({ outcome: 'started', runKey: `planned ${second!.id}` }),
    ]);
    expect(plannedStarts(engine).map((entry) => entry.occurrence)).toEqual([`planned ${second!.id}`]);
    expect(() => engine.scheduler.planned.cancel(second!.id)).toThrow(
      new RegExp(`Planned deployment ${second!.id} has already started as job \\d+: cancel the job instead.`),
    );
    expect(() => engine.scheduler.planned.cancel(9999)).toThrow('There is no planned deployment 9999.');
    const audit = engine.database
      .statement(`SELECT action FROM audit_log WHERE subject_type = 'planned-deployment' ORDER BY id`)
      .pluck()
      .all();
    expect(audit).toEqual([
      'deployment.planned',
      'deployment.planned',
      'deployment.planned-cancelled',
      'deployment.planned-started',
    ]);
  });

  it('rejects a window that ends before it starts, naming the field', () => {
    expect(() =>
      engine.scheduler.planned.plan({
        request: { deviceIds: [ids.get('desk-01')!], selection: { kind: 'all' } },
        window: { start: '2026-11-23T20:00:00Z', end: '2026-11-23T18:00:00Z' },
      }),
    ).toThrow('the window must end after it starts');
  });
});
