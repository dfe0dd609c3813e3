import { afterEach, describe, expect, it } from 'vitest';
import { osOf, storeScan } from '../../support/stored-scan';
import {
  insertChange,
  insertJob,
  listJobDevices,
  setJobStatus,
} from '../../../electron/engine/db/repositories/jobs';
import type { Engine } from '../../../electron/engine/create-engine';
import type { AvailableUpdate, PlatformFamily } from '../../../shared/domain/inventory';
import type { ExceptionTarget } from '../../../shared/domain/policies';
import { recordedJobSettings } from '../../support/recorded-job';
import { createTempEngine, fixedClock } from '../../support/temp-engine';
import { addUnreachableDevice } from '../../support/unreachable-device';

const offer = (name: string, manager: AvailableUpdate['manager'], extra: Partial<AvailableUpdate> = {}) => ({
  name,
  installedVersion: null,
  availableVersion: '1.0',
  arch: null,
  origin: null,
  security: false,
  classification: 'other' as const,
  vendorSeverity: null,
  advisoryIds: [],
  cves: [],
  rebootRequired: null,
  manager,
  ...extra,
});

// The devices are planned for real, then fail unreachable (nothing listens on their port) without touching anything.
const fastFail = { connect: { connectTimeoutMs: 2_000, handshakeTimeoutMs: 2_000 } };

async function scannedDevice(
  engine: Engine,
  clientId: number,
  name: string,
  family: PlatformFamily,
  updates: AvailableUpdate[],
) {
  const device = await addUnreachableDevice(engine, clientId, name);
  storeScan(engine.database, {
    deviceId: device.id,
    at: '2026-11-22T08:00:01.000Z',
    os: osOf(family),
    updates,
  });
  return device;
}

const plannedOf = (engine: Engine, jobId: number) =>
  Object.fromEntries(
    listJobDevices(engine.database, jobId).map((row) => [
      row.deviceId,
      { packages: JSON.parse(row.packages) as unknown, warnings: row.warnings },
    ]),
  );

describe('deployment planning for every platform', () => {
  let temp: ReturnType<typeof createTempEngine>;
  afterEach(() => temp?.close());

  it('an "all security" deployment names Windows and macOS items with their source and expands RHEL advisories', async () => {
    temp = createTempEngine();
    const { engine } = temp;
    const client = engine.clients.add({ name: 'Acme', timeZone: 'UTC' });
    const windows = await scannedDevice(engine, client.id, 'win-01', 'windows', [
      offer('KB5034441', 'hotfix', { security: true }),
      offer('Mozilla.Firefox', 'winget', { security: true }),
      offer('git', 'choco'),
    ]);
    const mac = await scannedDevice(engine, client.id, 'mac-01', 'macos', [
      offer('Safari15.0BigSurAuto-15.0', 'softwareupdate', { security: true }),
      offer('openssl@3', 'brew', { security: true }),
    ]);
    const rhel = await scannedDevice(engine, client.id, 'rhel-01', 'rhel', [
      offer('openssl', 'rpm', { advisoryIds: ['RHSA-2024:1234'] }),
      offer('openssl-libs', 'rpm', { advisoryIds: ['RHSA-2024:1234'] }),
    ]);
    const security = engine.deploy.start(
      { deviceIds: [windows.id, mac.id], selection: { kind: 'all-security' }, concurrency: 2 },
      fastFail,
    );
    expect(plannedOf(engine, security.jobId)).toEqual({
      [windows.id]: {
        packages: [
          { name: 'KB5034441', version: null },
          { name: 'winget:Mozilla.Firefox', version: null },
        ],
        warnings: [],
      },
      [mac.id]: {
        packages: [
          { name: 'softwareupdate:Safari15.0BigSurAuto-15.0', version: null },
          { name: 'brew:openssl@3', version: null },
        ],
        warnings: [],
      },
    });
    const advisory = engine.deploy.start(
      { deviceIds: [rhel.id], selection: { kind: 'packages', packages: ['--advisory=RHSA-2024:1234'] } },
      fastFail,
    );
    expect(plannedOf(engine, advisory.jobId)[rhel.id]?.packages).toEqual([
      { name: 'openssl', version: null },
      { name: 'openssl-libs', version: null },
    ]);
    for (const job of [security, advisory]) expect((await job.done).status).toBe('failed');
  });

  it('an "all" or "all security" deployment leaves out what an exception holds on the device, and says so', async () => {
    const clock = fixedClock('2026-11-22T09:00:00Z');
    temp = createTempEngine({ clock });
    const { engine } = temp;
    const client = engine.clients.add({ name: 'Acme', timeZone: 'UTC' });
    const other = engine.clients.add({ name: 'Birch', timeZone: 'UTC' });
    const device = await scannedDevice(engine, client.id, 'db-01', 'debian', [
      offer('openssl', 'dpkg', { security: true }),
      offer('curl', 'dpkg', { security: true }),
      offer('postgresql-15', 'dpkg', { security: true }),
      offer('vim', 'dpkg'),
    ]);
    const hold = (pkg: string, target: ExceptionTarget, expiresAt: string) =>
      engine.exceptions.add({ package: pkg, target, reason: 'vendor app breaks', expiresAt });
    hold('OpenSSL', { kind: 'device', deviceId: device.id }, '2026-12-15T23:59:59Z');
    hold('vim', { kind: 'client', clientId: client.id }, '2026-12-01T00:00:00Z');
    hold('curl', { kind: 'device', deviceId: device.id }, '2026-11-22T10:00:00Z');
    hold('postgresql-15', { kind: 'client', clientId: other.id }, '2026-12-15T00:00:00Z');
    clock.set('2026-11-22T11:00:00Z'); // the curl exception has expired

    const security = engine.deploy.start(
      { deviceIds: [device.id], selection: { kind: 'all-security' } },
      fastFail,
    );
    expect(plannedOf(engine, security.jobId)[device.id]).toEqual({
      packages: [
        { name: 'curl', version: null },
        { name: 'postgresql-15', version: null },
      ],
      warnings: [
        'openssl is held by an exception until 2026-12-15T23:59:59.000Z (vendor app breaks): not installed. ' +
          'Deploy it by name to install it anyway.',
      ],
    });
    const all = engine.deploy.start({ deviceIds: [device.id], selection: { kind: 'all' } }, fastFail);
    expect(plannedOf(engine, all.jobId)[device.id]?.packages).toEqual([
      { name: 'curl', version: null },
      { name: 'postgresql-15', version: null },
    ]);
    expect(plannedOf(engine, all.jobId)[device.id]?.warnings).toHaveLength(2);
    // Named, it is the technician's decision: installed.
    const named = engine.deploy.start(
      { deviceIds: [device.id], selection: { kind: 'packages', packages: ['openssl'] } },
      fastFail,
    );
    expect(plannedOf(engine, named.jobId)[device.id]).toEqual({
      packages: [{ name: 'openssl', version: null }],
      warnings: [],
    });
    // Everything held: nothing is installed, and the job says why instead of "nothing to install".
    const held = await scannedDevice(engine, client.id, 'app-01', 'debian', [
      offer('openssl', 'dpkg', { security: true }),
    ]);
    hold('openssl', { kind: 'client', clientId: client.id }, '2026-12-15T23:59:59Z');
    const nothing = engine.deploy.start(
      { deviceIds: [held.id], selection: { kind: 'all-security' } },
      fastFail,
    );
    expect(plannedOf(engine, nothing.jobId)[held.id]).toEqual({
      packages: [],
      warnings: [
        'openssl is held by an exception until 2026-12-15T23:59:59.000Z (vendor app breaks): not installed. ' +
          'Deploy it by name to install it anyway.',
        'Nothing else to install.',
      ],
    });
    expect((await nothing.done).status).toBe('succeeded');
    for (const job of [security, all, named]) expect((await job.done).status).toBe('failed');
  });

  it('a rollback uninstalls the KB its deployment installed new and says what on macOS cannot be rolled back', async () => {
    temp = createTempEngine();
    const { engine } = temp;
    const client = engine.clients.add({ name: 'Acme', timeZone: 'UTC' });
    const windows = await scannedDevice(engine, client.id, 'win-01', 'windows', []);
    const mac = await scannedDevice(engine, client.id, 'mac-01', 'macos', []);
    const { database } = engine;
    const jobId = database.transaction(() => {
      const id = insertJob(database, {
        kind: 'deploy',
        settings: recordedJobSettings,
        rollbackOf: null,
        actor: 'tester',
        createdAt: '2026-11-22T09:00:00Z',
        devices: [
          { deviceId: windows.id, packages: '[]' },
          { deviceId: mac.id, packages: '[]' },
        ],
      });
      const change = (
        deviceId: number,
        name: string,
        to: string,
        rollbackPossible: boolean,
        note: string | null,
      ) =>
        insertChange(database, {
          jobId: id,
          deviceId,
          package: name,
          from: null,
          to,
          rollbackPossible,
          rollbackNote: note,
        });
      change(windows.id, 'kb:KB5034275', 'KB5034275', true, null);
      change(windows.id, 'KB5034122', 'KB5034122', false, 'KB5034122 is permanent.');
      change(
        mac.id,
        'softwareupdate:Safari15.0BigSurAuto-15.0',
        '15.0',
        false,
        'Apple updates cannot be uninstalled.',
      );
      setJobStatus(database, id, 'succeeded', '2026-11-22T09:10:00Z');
      return id;
    });
    const rollback = engine.deploy.rollback(jobId, undefined, fastFail);
    expect(plannedOf(engine, rollback.jobId)).toEqual({
      [windows.id]: {
        packages: [{ name: 'kb:KB5034275', version: null }],
        warnings: ['Not rolled back: KB5034122 is permanent.'],
      },
      [mac.id]: { packages: [], warnings: ['Not rolled back: Apple updates cannot be uninstalled.'] },
    });
    const view = await rollback.done;
    expect(view.devices.find((device) => device.deviceId === mac.id)?.status).toBe('succeeded');
    expect(view.devices.find((device) => device.deviceId === windows.id)?.status).toBe('failed');
  });
});
