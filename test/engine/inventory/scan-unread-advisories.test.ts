import { afterEach, describe, expect, it } from 'vitest';
import { listAvailableUpdates, type StoredUpdate } from '../../../electron/engine/db/repositories/inventory';
import type { SshSession } from '../../../electron/engine/ssh/connect';
import type { RemoteOutput } from '../../../electron/engine/platforms/types';
import { storeScan } from '../../support/stored-scan';
import { createTempEngine, fixedClock } from '../../support/temp-engine';
import { addUnreachableDevice } from '../../support/unreachable-device';
import { fixture } from '../platforms/detect/framed-run';
import type { RecordedSection } from '../platforms/detect/framed-run';
import { recordedDnf4Scan } from '../platforms/rhel/recorded-scan';

/** A session whose one scan prints what `run` recorded, as the device's scan script would. */
const session = (run: RemoteOutput) => ({ run: () => Promise.resolve(run) }) as unknown as SshSession;

// Ours, in dnf's words: an updateinfo query that failed while check-update worked.
const failed = (name: string): RecordedSection => ({
  name,
  stderr: 'Error: No such command: updateinfo.\n',
  exitCode: 1,
});

// The recorded list with curl gone (installed since) and a bash update the first scan did not see: a line of ours,
// in the recording's shape.
const laterList: RecordedSection = {
  name: 'check-update',
  stdout: `${fixture('rhel/dnf4-check-update.stdout').replace(/^curl\..*\n/m, '')}bash.x86_64                           5.1.8-9.el9                         baseos\n`,
  exitCode: 100,
};

/** What the advisories say about an update, and so what its colour and due date are made of. */
const advisoryFacts = ({ security, classification, vendorSeverity, advisoryIds, cves }: StoredUpdate) => ({
  security,
  classification,
  vendorSeverity,
  advisoryIds,
  cves,
});

describe('a RHEL scan that could not read updateinfo keeps what it said about the updates still offered', () => {
  let temp: ReturnType<typeof createTempEngine>;
  afterEach(() => temp?.close());

  /** An engine with one RHEL-family device scanned once from the recorded dnf 4 run. */
  async function scannedRockyDevice() {
    const clock = fixedClock('2026-10-01T09:00:00Z');
    temp = createTempEngine({ clock });
    const { engine } = temp;
    const client = engine.clients.add({ name: 'Acme', timeZone: 'UTC' });
    const added = await addUnreachableDevice(engine, client.id, 'web01');
    storeScan(engine.database, {
      deviceId: added.id,
      at: '2026-09-30T09:00:00Z',
      os: {
        family: 'rhel',
        name: 'Rocky Linux 8.6 (Green Obsidian)',
        id: 'rocky',
        version: '8.6',
        codename: null,
        kernel: null,
        arch: null,
        hostname: null,
      },
    });
    const scan = (run: RemoteOutput) =>
      engine.scans.scanThroughSession(session(run), engine.devices.get(added.id), 'full');
    expect(await scan(recordedDnf4Scan())).toMatchObject({ status: 'ok', metadataStale: false });
    return {
      clock,
      scan,
      stored: (name: string) => {
        const update = listAvailableUpdates(engine.database, [added.id]).find((row) => row.name === name);
        return update && advisoryFacts(update);
      },
      names: () => listAvailableUpdates(engine.database, [added.id]).map((row) => row.name),
      rating: (name: string) => {
        const patch = engine.inventory.patches({ deviceId: added.id }).find((row) => row.name === name);
        return patch && { colour: patch.severity, dueAt: patch.dueAt };
      },
      lastScan: () =>
        engine.database
          .statement(
            'SELECT metadata_stale, warnings FROM scans WHERE device_id = ? ORDER BY id DESC LIMIT 1',
          )
          .get(added.id) as { metadata_stale: number; warnings: string },
    };
  }

  it('keeps the security flag, severity, advisories and CVEs, so the SLA colour and due date, of an update still offered', async () => {
    const device = await scannedRockyDevice();
    const openssl = device.stored('openssl-libs');
    expect(openssl).toEqual({
      security: true,
      classification: 'security',
      vendorSeverity: 'Important',
      advisoryIds: ['RHSA-2024:0310'],
      cves: ['CVE-2023-5363', 'CVE-2023-5678'],
    });
    const tzdata = device.stored('tzdata');
    const rating = device.rating('openssl-libs');
    expect(rating).toEqual({ colour: 'yellow', dueAt: '2026-10-15T09:00:00Z' });

    device.clock.set('2026-10-02T09:00:00Z');
    const outcome = await device.scan(
      recordedDnf4Scan({
        'check-update': laterList,
        updateinfo: failed('updateinfo'),
        'updateinfo-cves': failed('updateinfo-cves'),
      }),
    );
    expect(device.stored('openssl-libs')).toEqual(openssl);
    expect(device.rating('openssl-libs')).toEqual(rating);
    expect(device.stored('tzdata')).toEqual(tzdata);
    expect(outcome).toMatchObject({ status: 'ok', metadataStale: true });
    // The list was read: what it no longer offers is gone, and what it offers new is stored knowing no advisory.
    expect(device.names()).toEqual(['bash', 'openssl-libs', 'tzdata']);
    expect(device.stored('bash')).toEqual({
      security: false,
      classification: 'other',
      vendorSeverity: null,
      advisoryIds: [],
      cves: [],
    });
    const scan = device.lastScan();
    expect(scan.metadata_stale).toBe(1);
    expect(JSON.parse(scan.warnings)).toEqual([
      expect.stringMatching(/^Advisory information \(updateinfo\) is unavailable.*No such command/),
      expect.stringMatching(/^The CVE list \(updateinfo cves\) is unavailable/),
    ]);
  });

  it('replaces them with what updateinfo says once it is read again', async () => {
    const device = await scannedRockyDevice();
    device.clock.set('2026-10-02T09:00:00Z');
    await device.scan(
      recordedDnf4Scan({ updateinfo: failed('updateinfo'), 'updateinfo-cves': failed('updateinfo-cves') }),
    );
    // Read, and listing no advisory for openssl-libs any more (withdrawn, say).
    device.clock.set('2026-10-03T09:00:00Z');
    const outcome = await device.scan(
      recordedDnf4Scan({
        updateinfo: { name: 'updateinfo', stdout: '' },
        'updateinfo-cves': { name: 'updateinfo-cves', stdout: '' },
      }),
    );
    expect(outcome).toMatchObject({ status: 'ok', metadataStale: false });
    expect(device.stored('openssl-libs')).toEqual({
      security: false,
      classification: 'other',
      vendorSeverity: null,
      advisoryIds: [],
      cves: [],
    });
    expect(device.rating('openssl-libs')?.colour).toBe('green');
  });

  it('keeps only what the part it could not read said: the CVEs when only the CVE list failed', async () => {
    const device = await scannedRockyDevice();
    device.clock.set('2026-10-02T09:00:00Z');
    const outcome = await device.scan(
      recordedDnf4Scan({
        // Read: curl's advisory no longer listed.
        updateinfo: {
          name: 'updateinfo',
          stdout: fixture('rhel/dnf4-updateinfo-list.stdout').replace(/^RHSA-2024:1601 .*\n/m, ''),
        },
        'updateinfo-cves': failed('updateinfo-cves'),
      }),
    );
    expect(device.stored('curl')).toEqual({
      security: false,
      classification: 'other',
      vendorSeverity: null,
      advisoryIds: [],
      cves: ['CVE-2023-38546'],
    });
    expect(device.stored('openssl-libs')).toMatchObject({ advisoryIds: ['RHSA-2024:0310'] });
    expect(outcome).toMatchObject({ status: 'ok', metadataStale: true });
  });
});
