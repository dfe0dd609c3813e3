import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEngine } from '../../../electron/engine/create-engine';
import type { ScheduleRunResult } from '../../../electron/engine/jobs/scheduler';
import { createPassphraseVault } from '../../../electron/engine/vault/passphrase-vault';
import { fixedClock, makeTempDir } from '../../support/temp-engine';
import { addFleet, debianUpdate, recordMissingUpdates } from '../policy/policy-fleet';
import { recordedDeployments, recordingDeployments } from './recording-deployments';

// Inside the project so the bundle resolves the project's node_modules (better-sqlite3).
const bundle = path.resolve('node_modules/.cache/patchdeck-test/scheduler-process.mjs');
const PROCESSES = 4;

function runScheduler(dbPath: string, clockIso: string, goAt: number): Promise<ScheduleRunResult[]> {
  return new Promise((resolve, reject) => {
    execFile(process.execPath, [bundle, dbPath, clockIso, String(goAt), '150'], (error, stdout, stderr) => {
      if (error) reject(new Error(`scheduler process failed: ${stderr}`));
      else resolve(JSON.parse(stdout.trim().split('\n').at(-1) ?? '[]') as ScheduleRunResult[]);
    });
  });
}

describe('scheduler in several processes on one database', () => {
  const temp = makeTempDir();
  const dbPath = path.join(temp.dir, 'shared.db');

  beforeAll(async () => {
    await build({
      entryPoints: [path.resolve('test/engine/jobs/scheduler-process.ts')],
      outfile: bundle,
      bundle: true,
      platform: 'node',
      format: 'esm',
      packages: 'external',
      logLevel: 'warning',
    });
    const engine = createEngine({
      dbPath,
      vault: createPassphraseVault('x'),
      clock: fixedClock('2026-11-20T00:00:00Z'),
    });
    const { clientId, deviceIds } = await addFleet(engine, { name: 'Acme', timeZone: 'Europe/Berlin' }, [
      { name: 'web-01' },
      { name: 'web-02' },
    ]);
    for (const id of deviceIds.values()) recordMissingUpdates(engine, id, [debianUpdate('openssl')]);
    engine.policies.add({ name: 'nightly', clientId, windows: ['daily 22:00-02:00'] });
    engine.policies.add({ name: 'weekend', clientId, windows: ['weekends 21:00-23:30'] });
    // A one-off deployment planned for a window the first two instants below fall into.
    engine.scheduler.planned.plan({
      request: { deviceIds: [...deviceIds.values()], selection: { kind: 'packages', packages: ['openssl'] } },
      window: { start: '2026-11-21T21:00:00Z', end: '2026-11-21T23:00:00Z' },
    });
    // The recorder's table exists before the processes race, as a real deploy engine's journal would.
    recordingDeployments(engine.database);
    engine.close();
  }, 60_000);
  afterAll(() => {
    temp.cleanup();
    fs.rmSync(bundle, { force: true });
  });

  it('starts each window occurrence and planned deployment once, however many schedulers look at the same instant', async () => {
    // Saturday 22:30 and 23:15 Berlin share both occurrences; Sunday 01:30 is still Saturday's nightly window;
    // Sunday 22:10 opens both of Sunday's.
    const instants = [
      '2026-11-21T21:30:00Z',
      '2026-11-21T22:15:00Z',
      '2026-11-22T00:30:00Z',
      '2026-11-22T21:10:00Z',
    ];
    const startsPerKey = new Map<string, number>();
    for (const instant of instants) {
      const goAt = Date.now() + 1_500;
      const results = (
        await Promise.all(Array.from({ length: PROCESSES }, () => runScheduler(dbPath, instant, goAt)))
      ).flat();
      expect(results.length).toBeGreaterThan(0);
      for (const result of results) {
        expect(['started', 'already-started']).toContain(result.outcome);
        const key = `${result.policy} ${result.runKey}`;
        startsPerKey.set(key, (startsPerKey.get(key) ?? 0) + (result.outcome === 'started' ? 1 : 0));
      }
    }
    expect(Object.fromEntries(startsPerKey)).toEqual({
      'nightly 2026-11-21@Europe/Berlin daily 22:00-02:00': 1,
      'nightly 2026-11-22@Europe/Berlin daily 22:00-02:00': 1,
      'weekend 2026-11-21@Europe/Berlin weekends 21:00-23:30': 1,
      'weekend 2026-11-22@Europe/Berlin weekends 21:00-23:30': 1,
      'planned deployment 1 planned 1': 1,
    });
    const engine = createEngine({ dbPath, vault: createPassphraseVault('x') });
    try {
      const recorded = recordedDeployments(engine.database).map(
        (entry) => `${entry.policy} ${entry.occurrence}`,
      );
      expect(recorded.sort()).toEqual([
        'nightly 2026-11-21@Europe/Berlin daily 22:00-02:00',
        'nightly 2026-11-22@Europe/Berlin daily 22:00-02:00',
        'planned deployment 1 planned 1',
        'weekend 2026-11-21@Europe/Berlin weekends 21:00-23:30',
        'weekend 2026-11-22@Europe/Berlin weekends 21:00-23:30',
      ]);
    } finally {
      engine.close();
    }
  }, 120_000);
});
