import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Engine } from '../../electron/engine/create-engine';
import type { OsFacts } from '../../shared/domain/inventory';

interface DemoDevice {
  readonly client: string;
  readonly name: string;
  readonly host: string;
  readonly user: string;
  readonly ring: 'test' | 'pilot' | 'broad';
  readonly tags: readonly string[];
  readonly os?: OsFacts;
  readonly scan?: { readonly hoursAgo: number; readonly status: 'ok' | 'unreachable' | 'auth-failed' };
}

const debian12: OsFacts = {
  family: 'debian',
  name: 'Debian GNU/Linux 12 (bookworm)',
  id: 'debian',
  version: '12',
  codename: 'bookworm',
  kernel: '6.1.0-27-amd64',
  arch: 'x86_64',
  hostname: null,
};
const ubuntu2404: OsFacts = {
  ...debian12,
  name: 'Ubuntu 24.04.1 LTS',
  id: 'ubuntu',
  version: '24.04',
  codename: 'noble',
};
const rocky9: OsFacts = {
  ...debian12,
  family: 'rhel',
  name: 'Rocky Linux 9.4 (Blue Onyx)',
  id: 'rocky',
  version: '9.4',
  codename: null,
};
const windows2022: OsFacts = {
  family: 'windows',
  name: 'Windows Server 2022 Standard',
  id: 'windows',
  version: '10.0.20348',
  codename: '20348',
  kernel: null,
  arch: 'x86_64',
  hostname: null,
};
const macos14: OsFacts = {
  ...windows2022,
  family: 'macos',
  name: 'macOS 14.6.1',
  id: 'macos',
  version: '14.6.1',
  codename: '23G93',
};

const clients = [
  { name: 'Acme Logistics', timeZone: 'Europe/Berlin' },
  { name: 'Birch & Co Accountants', timeZone: 'Europe/London' },
  { name: 'Northwind Dental', timeZone: 'America/New_York' },
];

const devices: readonly DemoDevice[] = [
  {
    client: 'Acme Logistics',
    name: 'web-01',
    host: '10.20.0.11',
    user: 'patchdeck',
    ring: 'test',
    tags: ['web', 'dmz'],
    os: debian12,
    scan: { hoursAgo: 2, status: 'ok' },
  },
  {
    client: 'Acme Logistics',
    name: 'web-02',
    host: '10.20.0.12',
    user: 'patchdeck',
    ring: 'pilot',
    tags: ['web', 'dmz'],
    os: debian12,
    scan: { hoursAgo: 2, status: 'ok' },
  },
  {
    client: 'Acme Logistics',
    name: 'db-01',
    host: 'db-01.acme.lan',
    user: 'patchdeck',
    ring: 'broad',
    tags: ['postgres', 'backup'],
    os: rocky9,
    scan: { hoursAgo: 26, status: 'ok' },
  },
  {
    client: 'Acme Logistics',
    name: 'dc-01',
    host: '10.20.1.5',
    user: 'ACME\\svc-patch',
    ring: 'broad',
    tags: ['ad', 'windows'],
    os: windows2022,
    scan: { hoursAgo: 5, status: 'unreachable' },
  },
  {
    client: 'Birch & Co Accountants',
    name: 'files',
    host: '192.168.10.4',
    user: 'admin',
    ring: 'pilot',
    tags: ['nas', 'smb'],
    os: ubuntu2404,
    scan: { hoursAgo: 1, status: 'ok' },
  },
  {
    client: 'Birch & Co Accountants',
    name: 'reception-mac',
    host: '192.168.10.31',
    user: 'it',
    ring: 'broad',
    tags: ['workstation'],
    os: macos14,
    scan: { hoursAgo: 50, status: 'auth-failed' },
  },
  {
    client: 'Birch & Co Accountants',
    name: 'ts-01',
    host: '192.168.10.8',
    user: 'BIRCH\\patchdeck',
    ring: 'broad',
    tags: ['rds', 'windows'],
    os: windows2022,
    scan: { hoursAgo: 7, status: 'ok' },
  },
  {
    client: 'Northwind Dental',
    name: 'imaging',
    host: 'imaging.northwind.local',
    user: 'patchdeck',
    ring: 'test',
    tags: ['xray', 'critical'],
    os: ubuntu2404,
    scan: { hoursAgo: 3, status: 'ok' },
  },
  {
    client: 'Northwind Dental',
    name: 'frontdesk-01',
    host: '172.16.4.21',
    user: 'nwadmin',
    ring: 'broad',
    tags: ['workstation', 'windows'],
  },
];

/** A temp file an SSH key path can point to: the engine checks that key files are readable. */
export function makeKeyFile(): string {
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'patchdeck-key-'));
  const file = path.join(folder, 'id_ed25519');
  fs.writeFileSync(file, 'not a real key: the engine only checks that it can read the file\n', {
    mode: 0o600,
  });
  return file;
}

/**
 * A small, realistic fleet for screenshots: three clients, nine devices, most of them scanned. Clients and
 * devices go in through the engine's services; the scan columns are written directly because no scan runs in
 * UI tests (the scan service will record the same columns).
 */
export async function seedDemoFleet(engine: Engine, keyPath: string): Promise<void> {
  const ids = new Map<string, number>();
  for (const client of clients) ids.set(client.name, engine.clients.add({ ...client }).id);
  const now = Date.now();
  for (const demo of devices) {
    const device = await engine.devices.add({
      clientId: ids.get(demo.client) ?? 0,
      name: demo.name,
      host: demo.host,
      port: 22,
      user: demo.user,
      auth: demo.os?.family === 'windows' ? { kind: 'agent' } : { kind: 'key', keyPath },
      sudo: demo.os?.family !== 'windows',
      tags: [...demo.tags],
      ring: demo.ring,
    });
    if (demo.os && demo.scan) {
      engine.database
        .statement(
          'UPDATE devices SET platform = ?, os_json = ?, last_scan_at = ?, last_scan_status = ?, last_scan_error = ? WHERE id = ?',
        )
        .run(
          demo.os.family,
          JSON.stringify(demo.os),
          new Date(now - demo.scan.hoursAgo * 3_600_000).toISOString(),
          demo.scan.status,
          demo.scan.status === 'ok' ? null : `Last scan: ${demo.scan.status}`,
          device.id,
        );
    }
  }
}
