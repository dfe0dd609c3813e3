import { afterEach, describe, expect, it } from 'vitest';
import {
  listInstalledPackages,
  listPackageChanges,
} from '../../../electron/engine/db/repositories/inventory';
import type { SshSession } from '../../../electron/engine/ssh/connect';
import { bigSurMac, storeScan } from '../../support/stored-scan';
import { createTempEngine } from '../../support/temp-engine';
import { addUnreachableDevice } from '../../support/unreachable-device';
import { bigSurQuickScan, frame, replaceSections, type FramedSection } from '../platforms/macos/frame';

/** A session whose one scan prints `stdout`, as the device's scan script would. */
const session = (stdout: string) =>
  ({ run: () => Promise.resolve({ stdout, stderr: '', exitCode: 0 }) }) as unknown as SshSession;

const macosSections = bigSurQuickScan;

describe('a Mac whose scan could not list part of its installed software keeps it', () => {
  let temp: ReturnType<typeof createTempEngine>;
  afterEach(() => temp?.close());

  async function scannedMac() {
    temp = createTempEngine();
    const { engine } = temp;
    const client = engine.clients.add({ name: 'Acme', timeZone: 'UTC' });
    const added = await addUnreachableDevice(engine, client.id, 'mac-01');
    storeScan(engine.database, {
      deviceId: added.id,
      at: '2026-11-21T09:00:00Z',
      os: bigSurMac,
    });
    const scan = (sections: readonly FramedSection[]) =>
      engine.scans.scanThroughSession(
        session(frame('macos-scan', sections)),
        engine.devices.get(added.id),
        'quick',
      );
    expect(await scan(macosSections)).toMatchObject({ status: 'ok', packages: 21 });
    return {
      scan,
      installed: () => listInstalledPackages(engine.database, added.id),
      changes: () => listPackageChanges(engine.database, added.id),
    };
  }

  it.each<[string, FramedSection, RegExp]>([
    [
      'a timed-out system_profiler',
      ['applications', '', 1, 'system_profiler: timed out waiting for SPApplicationsDataType\n'],
      /^Reading "applications" on the device failed: system_profiler: timed out/,
    ],
    [
      'a cut-off app list',
      ['applications', '{"SPApplicationsDataType": [{"_name": "Saf', 0],
      /^system_profiler printed application data that is not JSON\.$/,
    ],
    [
      'a failed brew list --formula',
      ['brew-formulae', '', 1, 'Error: Permission denied @ rb_sysopen - /usr/local/Cellar\n'],
      /^Reading "brew-formulae" on the device failed: Error: Permission denied/,
    ],
    [
      'a failed brew list --cask',
      ['brew-casks', '', 1, 'Error: Permission denied @ dir_s_mkdir - /Users/tech/Library/Caches/Homebrew\n'],
      /^Reading "brew-casks" on the device failed: Error: Permission denied/,
    ],
    [
      'a Homebrew that will not run for this account',
      ['brew', '', 126, 'brew at /usr/local/bin/brew is owned by "root": Homebrew refuses to run as root\n'],
      /^Homebrew is installed but could not be run, so its packages could not be listed: brew at/,
    ],
  ])('fails the scan on %s, keeping the software stored', async (_, broken, error) => {
    const mac = await scannedMac();
    const before = mac.installed();
    const outcome = await mac.scan(replaceSections(macosSections, broken));
    expect(mac.installed()).toEqual(before);
    expect(mac.changes()).toEqual([]);
    expect(outcome.status).toBe('failed');
    expect(outcome.error).toMatch(error);
  });

  it('records Homebrew packages as removed when Homebrew itself has gone', async () => {
    const mac = await scannedMac();
    const outcome = await mac.scan([
      ...macosSections.filter(([name]) => !name.startsWith('brew')),
      ['brew', '', 127, 'brew is not installed\n'],
    ]);
    expect(outcome).toMatchObject({ status: 'ok', packages: 3 });
    expect(mac.installed().map((item) => item.manager)).toEqual(['macos-app', 'macos-app', 'macos-app']);
    expect(mac.changes()).toHaveLength(18);
    expect(mac.changes().every((change) => change.toVersion === null)).toBe(true);
  });
});
