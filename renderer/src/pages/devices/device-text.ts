import type { Device } from '../../../../shared/domain/fleet';

/**
 * The OS as a table cell fits it: "Debian GNU/Linux 12 (bookworm)" → "Debian 12", "Rocky Linux 9.4 (Blue Onyx)"
 * → "Rocky Linux 9.4". The full name stays in the cell's tooltip.
 */
export function shortOsName(name: string): string {
  const short = name
    .replace(/\s*\([^)]*\)\s*$/, '')
    .replace(/\bGNU\/Linux\s+/, '')
    .trim();
  return short === '' ? name.trim() : short;
}

/** What the OS cell shows: the scanned OS, the platform when only that is known, or that nothing is yet. */
export function describeOs(device: Pick<Device, 'os' | 'platform'>): string {
  if (device.os) return shortOsName(device.os.name);
  return device.platform ?? 'Not scanned yet';
}

/** "10.0.4.21", "web-01.acme.lan:2222", "[fd00::5]:2222": the port only when it is not SSH's 22. */
export function describeAddress(device: Pick<Device, 'host' | 'port'>): string {
  if (device.port === 22) return device.host;
  const host = device.host.includes(':') ? `[${device.host}]` : device.host;
  return `${host}:${device.port}`;
}
