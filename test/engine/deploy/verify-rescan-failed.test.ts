import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { listAudit } from '../../../electron/engine/audit/audit-log';
import { listChanges, listJobDevices } from '../../../electron/engine/db/repositories/jobs';
import { changesWithoutRescan } from '../../../electron/engine/deploy/unverified-changes';
import type { ScanOutcome, ScanService } from '../../../electron/engine/inventory/scan-service';
import { previewRollback } from '../../../electron/engine/jobs/rollback-preview';
import { debianDeployment } from '../../../electron/engine/platforms/debian/deploy-adapter';
import { parseDebianPreflight } from '../../../electron/engine/platforms/debian/deploy-parse';
import type { RemoteOutput, RemoteScript } from '../../../electron/engine/platforms/types';
import type { SshSession } from '../../../electron/engine/ssh/connect';
import type { SshPool } from '../../../electron/engine/ssh/pool';
import { aptUpdate, dpkgPackage, storeScan } from '../../support/stored-scan';
import { createTempEngine, fixedClock } from '../../support/temp-engine';
import { addUnreachableDevice } from '../../support/unreachable-device';
import { runOneDevice } from './run-one-device';

const fixture = (name: string) =>
  fs.readFileSync(path.join(import.meta.dirname, 'fixtures', 'debian', name), 'utf8');
const ok = (stdout: string): RemoteOutput => ({ stdout, stderr: '', exitCode: 0 });

/** How the verify rescan fails: it times out, or the connection drops (so the pre-flight cannot be read again either). */
type RescanFailure = 'timeout' | 'connection-dropped';

/**
 * A Debian device answering with recorded outputs: pre-flight (pd-hello 1.0-1, 1.1-1 offered), the real upgrade to
 * 1.1-1, and afterwards the pre-flight as it reads once pd-hello is at 1.1-1; the verify rescan fails.
 */
function fakeDebian(failure: RescanFailure) {
  let installed = false;
  let dropped = false;
  const run = (script: RemoteScript): Promise<RemoteOutput> => {
    if (dropped) return Promise.reject(new Error('The connection to deb-01 was lost.'));
    if (script === debianDeployment.preflightScript) {
      return Promise.resolve(ok(fixture(installed ? 'preflight-after-upgrade.stdout' : 'preflight.stdout')));
    }
    if (script === debianDeployment.installScript) {
      installed = true;
      return Promise.resolve(ok(fixture('install-upgrade.stdout')));
    }
    return Promise.resolve(ok(''));
  };
  const session = { run } as unknown as SshSession;
  const pool = {
    withSession: <T>(_target: unknown, work: (session: SshSession) => Promise<T>) => work(session),
  } as unknown as SshPool;
  const scans = {
    scanThroughSession: (): Promise<ScanOutcome> => {
      if (failure === 'connection-dropped') {
        dropped = true;
        return Promise.reject(new Error('The connection to deb-01 was lost.'));
      }
      return Promise.resolve({
        status: 'timeout',
        error: 'The scan script did not finish within 10 s.',
      } as ScanOutcome);
    },
  } as unknown as ScanService;
  return { pool, scans };
}

describe('an install whose verify rescan fails', () => {
  let temp: ReturnType<typeof createTempEngine>;
  afterEach(() => temp?.close());

  async function deploy(failure: RescanFailure) {
    temp = createTempEngine();
    const { engine } = temp;
    const { database } = engine;
    const clock = fixedClock();
    const client = engine.clients.add({ name: 'Acme', timeZone: 'UTC' });
    const device = await addUnreachableDevice(engine, client.id, 'deb-01');
    storeScan(database, {
      deviceId: device.id,
      at: clock.now().toISOString(),
      packages: [dpkgPackage('pd-hello', '1.0-1')],
      updates: [aptUpdate('pd-hello', '1.0-1', '1.1-1', true)],
    });
    const fake = fakeDebian(failure);
    const { jobId, status } = await runOneDevice({
      engine,
      clock,
      deviceId: device.id,
      pool: fake.pool,
      scans: fake.scans,
      planned: [{ name: 'pd-hello', version: null }],
      reboot: 'never',
    });
    // The job ends (the deploy service does this for a real run), and the technician's next scan sees 1.1-1.
    database.statement("UPDATE jobs SET status = 'failed' WHERE id = ?").run(jobId);
    storeScan(database, {
      deviceId: device.id,
      at: new Date(clock.now().getTime() + 60_000).toISOString(),
      packages: [dpkgPackage('pd-hello', '1.1-1')],
    });
    return {
      status,
      error: listJobDevices(database, jobId)[0]?.error,
      changes: listChanges(database, jobId).map((change) => [change.package, change.from, change.to]),
      audit: listAudit(database, {})
        .filter((entry) => entry.action === 'deploy.package-updated')
        .map((entry) => entry.details),
      preview: previewRollback(database, jobId).devices.map((entry) => entry.rollBack),
    };
  }

  it('records the upgrade the pre-flight reads again, marked not verified, and keeps the device failed', async () => {
    const run = await deploy('timeout');
    expect(run.changes).toEqual([['pd-hello', '1.0-1', '1.1-1']]);
    expect(run.audit).toEqual([
      {
        job: expect.any(Number),
        package: 'pd-hello',
        from: '1.0-1',
        to: '1.1-1',
        verified: false,
        note: 'read by the pre-flight check after the rescan ended timeout: The scan script did not finish within 10 s; not verified by a rescan',
      },
    ]);
    expect(run.preview).toEqual([[{ package: 'pd-hello', installed: '1.1-1', reinstall: '1.0-1' }]]);
    expect(run.status).toBe('failed');
    expect(run.error).toBe(
      'Could not verify the install: the rescan ended timeout: The scan script did not finish within 10 s; recorded as not verified: pd-hello 1.0-1 → 1.1-1 (read by the pre-flight check). Scan the device to verify it.',
    );
  });

  it('with the connection gone, records what the package manager reported installed, marked not verified', async () => {
    const run = await deploy('connection-dropped');
    expect(run.changes).toEqual([['pd-hello', '1.0-1', '1.1-1']]);
    expect(run.audit).toMatchObject([{ package: 'pd-hello', from: '1.0-1', to: '1.1-1', verified: false }]);
    expect(String(run.audit[0]?.note)).toContain('reported installed by the package manager');
    expect(run.preview).toEqual([[{ package: 'pd-hello', installed: '1.1-1', reinstall: '1.0-1' }]]);
    expect(run.status).toBe('failed');
    expect(run.error).toMatch(
      /^Could not verify the install: the rescan failed: The connection to deb-01 was lost; recorded as not verified: pd-hello 1\.0-1 → 1\.1-1 \(as the package manager reported\)\./,
    );
  });
});

describe('changesWithoutRescan', () => {
  const step = { name: 'pd-hello', from: '1.0-1', to: '1.1-1', rollbackPossible: true, rollbackNote: null };
  const finished = (exitCode: number) =>
    ({ state: 'finished', startedNow: true, exitCode, output: '', packageManagerMs: 1 }) as const;
  const preflightAt = (installed: string) =>
    parseDebianPreflight(
      ok(
        fixture('preflight.stdout')
          .replaceAll('1.0-1\tii', `${installed}\tii`)
          .replace('Installed: 1.0-1', `Installed: ${installed}`),
      ),
      ['pd-hello'],
    );

  it('claims nothing for a package the pre-flight finds unchanged, or one a failed install may not have reached', () => {
    expect(changesWithoutRescan([step], preflightAt('1.0-1'), finished(0))).toEqual({
      changed: [],
      unknown: ['pd-hello is still at 1.0-1'],
    });
    expect(changesWithoutRescan([step], null, finished(100))).toEqual({
      changed: [],
      unknown: ['what became of pd-hello is unknown'],
    });
  });
});
