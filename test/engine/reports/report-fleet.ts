import path from 'node:path';
import type { AvailableUpdate, InstalledPackage, OsFacts } from '../../../shared/domain/inventory';
import type { Engine } from '../../../electron/engine/create-engine';
import { insertClient } from '../../../electron/engine/db/repositories/clients';
import { insertDevice } from '../../../electron/engine/db/repositories/devices';
import { recordScans, type ScanRecord } from '../../../electron/engine/db/repositories/inventory';
import { insertJob, setJobDeviceStatus, setJobStatus } from '../../../electron/engine/db/repositories/jobs';
import { claimPolicyRun, finishPolicyRunStart } from '../../../electron/engine/db/repositories/policies';

/** A CVE in the shipped CISA KEV subset: an update that fixes it is red and KEV. */
export const KEV_CVE = 'CVE-2023-0386';
const KEV_FILE = path.resolve('test/engine/vuln/fixtures/kev-subset.json');

const systems: readonly OsFacts[] = [
  {
    family: 'debian',
    name: 'Debian GNU/Linux 12 (bookworm)',
    id: 'debian',
    version: '12',
    codename: 'bookworm',
    kernel: '6.1.0-26-amd64',
    arch: 'amd64',
    hostname: null,
  },
  {
    family: 'debian',
    name: 'Ubuntu 20.04.6 LTS',
    id: 'ubuntu',
    version: '20.04',
    codename: 'focal',
    kernel: '5.4.0-200-generic',
    arch: 'amd64',
    hostname: null,
  },
  {
    family: 'rhel',
    name: 'Rocky Linux 9.4 (Blue Onyx)',
    id: 'rocky',
    version: '9.4',
    codename: null,
    kernel: '5.14.0-427',
    arch: 'x86_64',
    hostname: null,
  },
  {
    family: 'windows',
    name: 'Windows Server 2016 Standard',
    id: 'windows',
    version: '10.0.14393',
    codename: '14393',
    kernel: null,
    arch: 'x64',
    hostname: null,
  },
];

/** A small deterministic generator, so every run builds the same fleet. */
function random(seed: number) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const DAY = 86_400_000;
const iso = (base: Date, days: number) => new Date(base.getTime() + days * DAY).toISOString();

export interface ReportFleetOptions {
  readonly clients: number;
  readonly devicesPerClient: number;
  /** Installed packages per device. */
  readonly packages: number;
  /** At most this many missing updates per device (each device gets 0 to this many). */
  readonly maxUpdates: number;
  readonly now: Date;
  /**
   * Also a fleet-wide bulk approval in the period (fifty installed packages and one no device has), for the
   * report's decisions. Off by default: the Patches and approval tests start from an empty approval queue.
   */
  readonly bulkApproval?: boolean;
}

export interface ReportFleet {
  readonly clientIds: number[];
  readonly deviceIds: number[];
}

function installed(index: number, version: number): InstalledPackage {
  return {
    name: `pkg-${String(index).padStart(3, '0')}`,
    version: `1.${version}-1`,
    arch: 'amd64',
    sourceName: null,
    sourceVersion: null,
    manager: 'dpkg',
  };
}

/**
 * A realistic fleet written through the engine's repositories: clients, devices on four systems, two scans each
 * (20 and 2 days ago: the second upgrades a few packages, so the period has a change log), missing updates of
 * every kind (vendor Critical, security, KEV-listed CVE, bug fix), a failed deploy job, an automation
 * profile's run and, when asked, a fleet-wide approval. Also imports the shipped KEV subset, so KEV updates colour red.
 */
export function seedReportFleet(engine: Engine, options: ReportFleetOptions): ReportFleet {
  const { database } = engine;
  const next = random(7);
  engine.vulnerabilities.importFiles([KEV_FILE]);
  const clientIds: number[] = [];
  const deviceIds: number[] = [];
  const firstScan = iso(options.now, -20);
  const secondScan = iso(options.now, -2);
  database.transaction(() => {
    for (let c = 0; c < options.clients; c += 1) {
      const clientId = insertClient(database, {
        name: c === 0 ? 'Acme Dental' : `Client ${String(c).padStart(3, '0')}`,
        timeZone: c === 0 ? 'Europe/Berlin' : 'UTC',
        slaDays: { red: 2, yellow: 14, green: 30 },
        createdAt: iso(options.now, -60),
      });
      clientIds.push(clientId);
      for (let d = 0; d < options.devicesPerClient; d += 1) {
        deviceIds.push(
          insertDevice(
            database,
            {
              clientId,
              name: `${c === 0 ? 'acme' : `c${c}`}-${String(d).padStart(4, '0')}`,
              host: '127.0.0.1',
              port: 22,
              user: 'patchdeck',
              authKind: 'agent',
              keyPath: null,
              passwordCredentialId: null,
              sudo: true,
              sudoCredentialId: null,
              ring: 'broad',
            },
            iso(options.now, -60),
          ),
        );
      }
    }
  });

  const scans = (finishedAt: string, upgraded: boolean): ScanRecord[] =>
    deviceIds.map((deviceId, position) => {
      const os = systems[position % systems.length]!;
      const packages = Array.from({ length: options.packages }, (_, index) =>
        installed(index, upgraded && index % 10 === position % 10 ? 2 : 1),
      );
      // Every seventh device is fully patched; the others miss 1..maxUpdates updates.
      const count = position % 7 === 0 ? 0 : 1 + Math.floor(next() * options.maxUpdates);
      const updates: AvailableUpdate[] = Array.from({ length: count }, (_, index) => {
        const kind = (index + position) % 9;
        return {
          name: `pkg-${String(index + 20).padStart(3, '0')}`,
          installedVersion: '1.1-1',
          availableVersion: '1.3-1',
          arch: 'amd64',
          origin: 'Debian-Security:12/stable-security',
          security: kind < 5,
          classification: kind < 5 ? 'security' : kind < 8 ? 'bugfix' : 'enhancement',
          vendorSeverity: kind === 0 ? 'Critical' : null,
          advisoryIds: [],
          cves: kind === 1 && position % 3 === 0 ? [KEV_CVE] : kind < 5 ? [`CVE-2026-${1000 + index}`] : [],
          rebootRequired: null,
          manager: 'dpkg',
        };
      });
      return {
        deviceId,
        depth: 'full',
        startedAt: finishedAt,
        finishedAt,
        status: 'ok',
        error: null,
        durationMs: 900,
        inventory: {
          platform: os.family,
          os,
          packages,
          updates,
          rebootRequired: position % 11 === 0,
          metadataStale: false,
          warnings: [],
        },
      };
    });
  database.transaction(() => recordScans(database, scans(firstScan, false)));
  database.transaction(() => recordScans(database, scans(secondScan, true)));

  const clientId = clientIds[0]!;
  const clientDevices = deviceIds.slice(0, options.devicesPerClient);
  const policy = engine.policies.add({ name: 'acme-weekly', clientId, windows: ['Sat 01:00-05:00'] });
  database.transaction(() => {
    const jobAt = iso(options.now, -5);
    const jobId = insertJob(database, {
      kind: 'deploy',
      settings: '{}',
      rollbackOf: null,
      actor: 'tester',
      createdAt: jobAt,
      devices: clientDevices.slice(0, 4).map((deviceId) => ({ deviceId, packages: '["pkg-020"]' })),
    });
    clientDevices
      .slice(0, 4)
      .forEach((deviceId, index) =>
        setJobDeviceStatus(
          database,
          jobId,
          deviceId,
          index === 0 ? 'failed' : 'succeeded',
          jobAt,
          index === 0 ? 'dpkg: error processing package pkg-020 (--configure)' : null,
        ),
      );
    setJobStatus(database, jobId, 'failed', jobAt, '1 of 4 devices failed');
    claimPolicyRun(database, {
      policyId: policy.id,
      occurrenceKey: jobAt.slice(0, 10),
      windowStart: jobAt,
      windowEnd: iso(options.now, -4.9),
      claimedBy: 'tester',
      claimedAt: jobAt,
      deviceIds: clientDevices.slice(0, 4),
    });
    finishPolicyRunStart(database, policy.id, jobAt.slice(0, 10), { status: 'started', jobId, error: null });
  });
  if (options.bulkApproval) {
    engine.approvals.decide({
      packages: [...Array.from({ length: 50 }, (_, index) => installed(index, 1).name), 'not-in-this-fleet'],
      decision: 'approve',
      note: 'monthly review',
    });
  }
  return { clientIds, deviceIds };
}
