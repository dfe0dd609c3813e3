import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { InstalledPackage } from '../../../../shared/domain/inventory';
import {
  listInstalledPackages,
  recordScans,
  type ScanRecord,
} from '../../../../electron/engine/db/repositories/inventory';
import { scanRecordOf } from '../../../support/stored-scan';
import { createTempEngine } from '../../../support/temp-engine';
import { addUnreachableDevice } from '../../../support/unreachable-device';

const app = (name: string, version: string): InstalledPackage => ({
  name,
  version,
  arch: null,
  sourceName: null,
  sourceVersion: null,
  manager: 'macos-app',
});
const laptopApps = [app('Firefox', '120.0'), app('Slack', '4.35')];
const meetingRoomApps = [app('Zoom', '5.16'), app('VLC', '3.0.20')];

const scanOf = (deviceId: number, packages: InstalledPackage[]) =>
  scanRecordOf({ deviceId, at: '2026-11-22T10:00:01Z', packages });

// A rolled-back write takes its new package builds' rows with it, and SQLite hands their ids to the next builds
// inserted: whatever rolled it back, later scans must store each device's own packages.
describe('scans stored after a rolled-back scan write', () => {
  let temp: ReturnType<typeof createTempEngine>;
  let laptop: number;
  let meetingRoom: number;
  let clientId: number;
  beforeEach(async () => {
    temp = createTempEngine();
    clientId = temp.engine.clients.add({ name: 'Acme', timeZone: 'UTC' }).id;
    laptop = (await addUnreachableDevice(temp.engine, clientId, 'laptop')).id;
    meetingRoom = (await addUnreachableDevice(temp.engine, clientId, 'meeting-room')).id;
  });
  afterEach(() => temp.close());

  const record = (scans: ScanRecord[]) =>
    temp.engine.database.transaction(() => recordScans(temp.engine.database, scans));
  const stored = (deviceId: number) =>
    listInstalledPackages(temp.engine.database, deviceId).map((pkg) => `${pkg.name} ${pkg.version}`);

  const expectOwnPackages = () => {
    record([scanOf(laptop, laptopApps)]);
    expect(stored(laptop)).toEqual(['Firefox 120.0', 'Slack 4.35']);
    record([scanOf(meetingRoom, meetingRoomApps)]);
    expect(stored(meetingRoom)).toEqual(['VLC 3.0.20', 'Zoom 5.16']);
    expect(stored(laptop)).toEqual(['Firefox 120.0', 'Slack 4.35']);
  };

  it('stores each device its own packages after a batch a failing scan rolled back', async () => {
    const removed = await addUnreachableDevice(temp.engine, clientId, 'removed');
    temp.engine.devices.remove(removed.id);
    expect(() => record([scanOf(laptop, laptopApps), scanOf(removed.id, laptopApps)])).toThrow();
    expectOwnPackages();
  });

  it('stores each device its own packages after the transaction failed once recordScans had returned', () => {
    expect(() =>
      temp.engine.database.transaction(() => {
        recordScans(temp.engine.database, [scanOf(laptop, laptopApps)]);
        // What a failed COMMIT or a caller's later statement does: the whole transaction rolls back.
        throw new Error('disk I/O error');
      }),
    ).toThrow('disk I/O error');
    expectOwnPackages();
  });

  it('stores the right package when another writer took the id a rollback freed', () => {
    expect(() =>
      temp.engine.database.transaction(() => {
        recordScans(temp.engine.database, [scanOf(laptop, laptopApps)]);
        throw new Error('disk I/O error');
      }),
    ).toThrow('disk I/O error');
    // The CLI, say, storing a scan of its own on the same file.
    temp.engine.database
      .statement(
        `INSERT INTO package_builds (manager, name, arch, version, source_name, source_version)
         VALUES ('macos-app', 'Zoom', '', '5.16', '', '')`,
      )
      .run();
    expectOwnPackages();
  });
});
