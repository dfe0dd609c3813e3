import { afterEach, describe, expect, it } from 'vitest';
import { bigSurMac, storeScan } from '../../support/stored-scan';
import { listChanges, listJobDevices, listSteps } from '../../../electron/engine/db/repositories/jobs';
import type { ScanOutcome, ScanService } from '../../../electron/engine/inventory/scan-service';
import type { SshSession } from '../../../electron/engine/ssh/connect';
import type { SshPool } from '../../../electron/engine/ssh/pool';
import type { RebootPolicy } from '../../../shared/domain/jobs';
import type { AvailableUpdate } from '../../../shared/domain/inventory';
import { createTempEngine, fixedClock } from '../../support/temp-engine';
import {
  bigSurOffers,
  bigSurOsUpdate,
  recordedBigSurDeployment,
} from '../platforms/macos/recorded-deployment';
import { addUnreachableDevice } from '../../support/unreachable-device';
import { runOneDevice } from './run-one-device';

const safari = 'softwareupdate:Safari15.0BigSurAuto-15.0';

/**
 * A Mac behind a stub SSH session that answers Patchdeck's scripts with recorded outputs, and a rescan that stores
 * what the Mac would offer: before its restart (`offeredBeforeRestart`) and after it (`offeredAfterRestart`).
 */
function fakeMac(offeredBeforeRestart: AvailableUpdate[], offeredAfterRestart: AvailableUpdate[]) {
  const recorded = recordedBigSurDeployment();
  const session = { run: recorded.run } as unknown as SshSession;
  const pool = {
    withSession: <T>(_target: unknown, work: (session: SshSession) => Promise<T>) => work(session),
  } as unknown as SshPool;
  return {
    pool,
    restarted: recorded.restarted,
    offered: () => (recorded.restarted() ? offeredAfterRestart : offeredBeforeRestart),
  };
}

describe('Apple updates that finish at restart', () => {
  let temp: ReturnType<typeof createTempEngine>;
  afterEach(() => temp?.close());

  /**
   * `afterRestart` null: the rescan after the restart times out. `softwareupdateUnread`: why the rescans could not
   * list Apple's updates (softwareupdate failed), or null when they could.
   */
  async function deployToMac(
    reboot: RebootPolicy,
    afterRestart: AvailableUpdate[] | null,
    softwareupdateUnread: string | null = null,
  ) {
    temp = createTempEngine();
    const { engine } = temp;
    const clock = fixedClock();
    const client = engine.clients.add({ name: 'Acme', timeZone: 'UTC' });
    const device = await addUnreachableDevice(engine, client.id, 'mac-01');
    const stored = (updates: readonly AvailableUpdate[]) =>
      storeScan(engine.database, {
        deviceId: device.id,
        at: clock.now().toISOString(),
        os: bigSurMac,
        updates,
      });
    stored(bigSurOffers);
    // The Mac took Safari at once; the OS update stays offered until the restart finishes it.
    const beforeRestart = bigSurOffers.filter((offer) => offer.name.startsWith('macOS'));
    const mac = fakeMac(beforeRestart, afterRestart ?? []);
    const scans = {
      scanThroughSession: (): Promise<ScanOutcome> => {
        const timedOut = afterRestart === null && mac.restarted();
        if (!timedOut) stored(mac.offered());
        return Promise.resolve({
          deviceId: device.id,
          device: device.name,
          status: timedOut ? 'timeout' : 'ok',
          os: 'macOS 11.5.2',
          packages: 0,
          updates: mac.offered().length,
          securityUpdates: 0,
          rebootRequired: false,
          metadataStale: false,
          durationMs: 1,
          error: timedOut ? 'The scan script did not finish within 10 s.' : null,
          offerSources: [
            { name: 'softwareupdate', lists: "Apple's software updates", unread: softwareupdateUnread },
            {
              name: 'brew',
              lists: "Homebrew's outdated formulae and casks",
              unread: 'Homebrew is not installed.',
            },
          ],
        });
      },
    } as unknown as ScanService;
    const { jobId, status } = await runOneDevice({
      engine,
      clock,
      deviceId: device.id,
      pool: mac.pool,
      scans,
      planned: [
        { name: bigSurOsUpdate, version: null },
        { name: safari, version: null },
      ],
      reboot,
    });
    const { database } = engine;
    return {
      status,
      restarted: mac.restarted(),
      row: listJobDevices(database, jobId)[0],
      changes: listChanges(database, jobId).map((change) => [change.package, change.from, change.to]),
      steps: listSteps(database, jobId).map((step) => [step.step, step.status]),
    };
  }

  it('verifies Safari at once and the OS update after the reboot it asks for', async () => {
    const run = await deployToMac('if-required', []);
    expect(run.row?.error).toBeNull();
    expect(run.status).toBe('succeeded');
    expect(run.restarted).toBe(true);
    expect(run.changes).toEqual([
      [safari, null, '15.0'],
      [bigSurOsUpdate, '11.5.2', '11.6'],
    ]);
    expect(run.steps).toEqual([
      ['preflight', 'succeeded'],
      ['install', 'succeeded'],
      ['verify', 'succeeded'],
      ['reboot', 'succeeded'],
    ]);
  }, 30_000);

  it('fails the device when the OS update is still offered after the restart', async () => {
    const run = await deployToMac(
      'if-required',
      bigSurOffers.filter((offer) => offer.name.startsWith('macOS')),
    );
    expect(run.status).toBe('failed');
    expect(run.restarted).toBe(true);
    expect(run.row?.error).toBe(
      'The device restarted, but softwareupdate:macOS Big Sur 11.6-20G165 is still offered (11.6, installed 11.5.2) after the restart.',
    );
    expect(run.changes).toEqual([[safari, null, '15.0']]);
  }, 30_000);

  it('fails the device when the rescan after the restart does not answer', async () => {
    const run = await deployToMac('if-required', null);
    expect(run.status).toBe('failed');
    expect(run.row?.error).toBe(
      'Could not verify the updates that finish at restart: the rescan after the reboot ended timeout: The scan script did not finish within 10 s.',
    );
    expect(run.changes).toEqual([[safari, null, '15.0']]);
  }, 30_000);

  it('with no reboot, leaves the OS update unverified and says so', async () => {
    const run = await deployToMac('never', []);
    expect(run.status).toBe('succeeded');
    expect(run.restarted).toBe(false);
    expect(run.changes).toEqual([[safari, null, '15.0']]);
    expect(run.row?.rebootRequired).toBe(true);
    expect(run.row?.warnings).toContain(
      `${bigSurOsUpdate} finishes installing at the next restart, which the reboot policy leaves to the technician: it is not verified yet.`,
    );
  });

  it('fails the device when the rescan could not list Apple updates, instead of taking their absence as installed', async () => {
    const unread =
      'Apple software updates were not checked: softwareupdate --list said "Error: no connection to the update server".';
    const run = await deployToMac('if-required', [], unread);
    expect(run.status).toBe('failed');
    expect(run.restarted).toBe(false);
    expect(run.row?.error).toBe(
      `The package manager reported success, but could not verify ${safari}: the rescan could not list Apple's software updates (${unread.slice(0, -1)}).`,
    );
    expect(run.changes).toEqual([]);
  }, 30_000);
});
