import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Device } from '../../../shared/domain/fleet';
import { findBrokenAuditEntry, listAudit } from '../../../electron/engine/audit/audit-log';
import { insertJob } from '../../../electron/engine/db/repositories/jobs';
import { readJobView } from '../../../electron/engine/jobs/job-view';
import { recordedJobSettings } from '../../support/recorded-job';
import { aptUpdate, dpkgPackage, storeScan } from '../../support/stored-scan';
import { createTempEngine, fixedClock } from '../../support/temp-engine';
import { addUnreachableDevice } from '../../support/unreachable-device';

const NOW = '2026-11-22T09:00:00.000Z';
const DAY = 86_400_000;
const daysAgo = (days: number) => new Date(Date.parse(NOW) - days * DAY).toISOString();

/**
 * Retiring a decommissioned device: it keeps its row and history, but nothing scans, patches, plans or counts it
 * until it is reinstated.
 */
describe('retiring and reinstating a device', () => {
  let temp: ReturnType<typeof createTempEngine>;
  let clock: ReturnType<typeof fixedClock>;
  let clientId: number;
  let web: Device;
  let old: Device;

  beforeEach(async () => {
    clock = fixedClock(NOW);
    temp = createTempEngine({ clock });
    clientId = temp.engine.clients.add({ name: 'Acme', timeZone: 'UTC' }).id;
    web = await addUnreachableDevice(temp.engine, clientId, 'web-01');
    old = await addUnreachableDevice(temp.engine, clientId, 'old-01');
    // A security update without a known CVE (yellow: 14 days) missing for 20 days: overdue.
    for (const device of [web, old]) {
      storeScan(temp.engine.database, {
        deviceId: device.id,
        at: daysAgo(20),
        packages: [dpkgPackage('openssl', '3.0.1-1')],
        updates: [aptUpdate('openssl', '3.0.1-1', '3.0.2-1', true)],
      });
    }
  });
  afterEach(() => temp.close());

  const names = (devices: readonly Device[]) => devices.map((device) => device.name);

  it('hides a retired device from the device list unless asked, and audits retire and reinstate once each', () => {
    clock.set('2026-11-22T10:30:00.000Z');
    const retired = temp.engine.devices.retire(old.id);
    expect(retired.retiredAt).toBe('2026-11-22T10:30:00.000Z');
    expect(names(temp.engine.devices.list())).toEqual(['web-01']);
    expect(names(temp.engine.devices.list({ retired: 'include' }))).toEqual(['old-01', 'web-01']);
    expect(names(temp.engine.devices.list({ retired: 'only' }))).toEqual(['old-01']);
    expect(temp.engine.clients.get(clientId).deviceCount).toBe(1);

    // Again: nothing changes, not even the day it was retired.
    clock.set('2026-11-23T08:00:00.000Z');
    expect(temp.engine.devices.retire(old.id).retiredAt).toBe('2026-11-22T10:30:00.000Z');

    const reinstated = temp.engine.devices.reinstate(old.id);
    expect(reinstated.retiredAt).toBeNull();
    expect(temp.engine.devices.reinstate(old.id).retiredAt).toBeNull();
    expect(names(temp.engine.devices.list())).toEqual(['old-01', 'web-01']);

    const entries = listAudit(temp.engine.database)
      .filter((entry) => entry.subjectId === old.id)
      .sort((a, b) => a.id - b.id);
    expect(entries.map((entry) => entry.action)).toEqual([
      'device.added',
      'device.retired',
      'device.reinstated',
    ]);
    expect(entries[2]?.details).toMatchObject({ retiredAt: '2026-11-22T10:30:00.000Z', client: 'Acme' });
    expect(findBrokenAuditEntry(temp.engine.database)).toBeNull();
  });

  it('refuses to scan, deploy to or list the patches of a retired device, naming it', async () => {
    temp.engine.devices.retire(old.id);
    const refusal = {
      code: 'conflict',
      message:
        "Device 'Acme/old-01' is retired (since 2026-11-22): reinstate it to scan, patch or plan it again.",
    };
    expect(() => temp.engine.devices.get(old.id)).toThrow(expect.objectContaining(refusal));
    await expect(temp.engine.scans.scan({ deviceIds: [old.id], depth: 'quick' })).rejects.toMatchObject(
      refusal,
    );
    const deploy = { deviceIds: [web.id, old.id], selection: { kind: 'all-security' as const } };
    expect(() => temp.engine.deploy.start(deploy)).toThrow(expect.objectContaining(refusal));
    expect(() => temp.engine.deploy.preflight(deploy)).toThrow(expect.objectContaining(refusal));
    expect(() => temp.engine.inventory.patches({ deviceId: old.id })).toThrow(
      expect.objectContaining(refusal),
    );
    // Nothing was written for the device that could have run.
    expect(temp.engine.database.statement('SELECT count(*) FROM jobs').pluck().get()).toBe(0);
  });

  it('leaves a retired device out of fleet-wide patches, the scheduler and the vulnerability view', () => {
    temp.engine.policies.add({ name: 'mornings', clientId, windows: ['daily 08:00-10:00'] });
    const dueBefore = temp.engine.scheduler.due(new Date(NOW)).map((entry) => entry.device);
    expect(dueBefore.sort()).toEqual(['old-01', 'web-01']);

    temp.engine.devices.retire(old.id);
    expect(temp.engine.scheduler.due(new Date(NOW)).map((entry) => entry.device)).toEqual(['web-01']);
    expect(temp.engine.inventory.patches({}).map((patch) => patch.device)).toEqual(['web-01']);
    expect(temp.engine.inventory.devicesMissing().map((device) => device.deviceId)).toEqual([web.id]);
  });

  it("stops counting a retired device's overdue updates in the dashboard and the client's snapshot", () => {
    const overdueOfSnapshot = () => {
      temp.engine.reports.recordComplianceSnapshot();
      return temp.engine.database
        .statement('SELECT devices, overdue FROM compliance_snapshots WHERE client_id = ?')
        .get(clientId);
    };
    expect(temp.engine.reports.dashboard().fleet).toMatchObject({ devices: 2 });
    expect(overdueOfSnapshot()).toEqual({ devices: 2, overdue: 2 });

    temp.engine.devices.retire(old.id);
    expect(overdueOfSnapshot()).toEqual({ devices: 1, overdue: 1 });
    expect(temp.engine.reports.dashboard().fleet).toMatchObject({ devices: 1 });
    const report = temp.engine.reports.build({ clientId });
    expect(report.devices.map((device) => device.name)).toEqual(['web-01']);
    expect(report.summary.overdue).toBe(1);

    // Reinstated, its priorities are computed again from its inventory.
    temp.engine.devices.reinstate(old.id);
    expect(overdueOfSnapshot()).toEqual({ devices: 2, overdue: 2 });
  });

  it("keeps what a retired device did in the report of a period it was active in, and its jobs' names", () => {
    storeScan(temp.engine.database, {
      deviceId: old.id,
      at: daysAgo(3),
      packages: [dpkgPackage('openssl', '3.0.2-1')],
    });
    const jobId = temp.engine.database.transaction(() =>
      insertJob(temp.engine.database, {
        kind: 'deploy',
        settings: recordedJobSettings,
        rollbackOf: null,
        actor: 'tester',
        createdAt: daysAgo(3),
        devices: [{ deviceId: old.id, packages: '[]' }],
      }),
    );
    temp.engine.database.statement("UPDATE jobs SET status = 'succeeded' WHERE id = ?").run(jobId);
    temp.engine.devices.retire(old.id);

    const report = temp.engine.reports.build({ clientId, from: '2026-11-15', to: '2026-11-22' });
    expect(report.changes).toContainEqual(
      expect.objectContaining({ device: 'old-01', package: 'openssl', toVersion: '3.0.2-1' }),
    );
    expect(readJobView(temp.engine.database, jobId).devices[0]?.device).toBe('old-01');
  });

  it('refuses to retire a device while a job that includes it has not finished', () => {
    const jobId = temp.engine.database.transaction(() =>
      insertJob(temp.engine.database, {
        kind: 'deploy',
        settings: recordedJobSettings,
        rollbackOf: null,
        actor: 'tester',
        createdAt: NOW,
        devices: [{ deviceId: old.id, packages: '[]' }],
      }),
    );
    expect(() => temp.engine.devices.retire(old.id)).toThrow(
      expect.objectContaining({
        code: 'conflict',
        message: `Device 'Acme/old-01' is in job ${jobId}, not finished yet: wait for it or cancel it, then retire the device.`,
      }),
    );
    expect(temp.engine.devices.get(old.id).retiredAt).toBeNull();
  });

  it("keeps a retired device's name taken in its client, and says how to free it", async () => {
    temp.engine.devices.retire(old.id);
    await expect(addUnreachableDevice(temp.engine, clientId, 'OLD-01')).rejects.toMatchObject({
      code: 'conflict',
      field: 'name',
      message:
        "Client 'Acme' has a retired device named 'old-01' (retired 2026-11-22): rename or remove the retired " +
        'device to reuse its name, or reinstate it.',
    });
    await expect(temp.engine.devices.update({ id: web.id, name: 'old-01' })).rejects.toMatchObject({
      code: 'conflict',
      field: 'name',
    });

    // Renaming the retired device frees the name; it stays retired.
    const renamed = await temp.engine.devices.update({ id: old.id, name: 'old-01-2019' });
    expect(renamed).toMatchObject({ name: 'old-01-2019', retiredAt: expect.any(String) });
    const replacement = await addUnreachableDevice(temp.engine, clientId, 'old-01');
    expect(names(temp.engine.devices.list())).toEqual(['old-01', 'web-01']);
    expect(replacement.retiredAt).toBeNull();
  });

  it('resolves a name to the managed device before a retired one, and refuses a retired one unless asked', async () => {
    const beta = temp.engine.clients.add({ name: 'Beta', timeZone: 'UTC' }).id;
    const betaWeb = await addUnreachableDevice(temp.engine, beta, 'web-01');
    temp.engine.devices.retire(betaWeb.id);
    temp.engine.devices.retire(old.id);

    expect(temp.engine.devices.resolve('web-01').id).toBe(web.id);
    expect(() => temp.engine.devices.resolve('Beta/web-01')).toThrow(
      expect.objectContaining({
        code: 'conflict',
        message: expect.stringContaining("'Beta/web-01' is retired"),
      }),
    );
    expect(temp.engine.devices.resolve('Beta/web-01', { withRetired: true }).id).toBe(betaWeb.id);
    expect(temp.engine.devices.resolve(String(old.id), { withRetired: true }).id).toBe(old.id);
    expect(() => temp.engine.devices.resolve('old-01')).toThrow(
      expect.objectContaining({ code: 'conflict' }),
    );
    expect(temp.engine.devices.resolve('web-01', { withRetired: true }).id).toBe(web.id);
  });

  it('refuses to remove a client whose only devices are retired, saying so, and removes a retired device', () => {
    temp.engine.devices.remove(web.id);
    temp.engine.devices.retire(old.id);
    expect(() => temp.engine.clients.remove(clientId)).toThrow(
      expect.objectContaining({
        code: 'conflict',
        message: "Client 'Acme' still has 1 retired device, kept for its history: remove them first.",
      }),
    );
    temp.engine.devices.remove(old.id);
    expect(temp.engine.devices.list({ retired: 'include' })).toEqual([]);
    temp.engine.clients.remove(clientId);
  });
});
