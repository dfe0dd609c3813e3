import type { OsFacts } from '../../../shared/domain/inventory';

/** A release and the day its vendor stops shipping security fixes for it (standard support, no paid extension). */
interface EndOfLife {
  readonly system: string;
  readonly endOfLife: string;
  readonly matches: (os: OsFacts) => boolean;
}

const release = (id: string | readonly string[], version: string) => (os: OsFacts) =>
  (typeof id === 'string' ? [id] : id).includes(os.id) &&
  (os.version === version || (os.version ?? '').startsWith(`${version}.`));

const named = (pattern: RegExp) => (os: OsFacts) => os.family === 'windows' && pattern.test(os.name);

const rhelLike = ['rhel', 'rocky', 'almalinux', 'centos', 'ol'];

/**
 * Maintained by hand from the vendors' published dates (Debian LTS end, Ubuntu standard support, RHEL maintenance
 * end, Microsoft lifecycle, Apple's last security update for the release). Add a row when a release ships.
 */
const endOfLifeTable: readonly EndOfLife[] = [
  { system: 'Debian 9 (stretch)', endOfLife: '2022-06-30', matches: release('debian', '9') },
  { system: 'Debian 10 (buster)', endOfLife: '2024-06-30', matches: release('debian', '10') },
  { system: 'Debian 11 (bullseye)', endOfLife: '2026-08-31', matches: release('debian', '11') },
  { system: 'Debian 12 (bookworm)', endOfLife: '2028-06-30', matches: release('debian', '12') },
  { system: 'Debian 13 (trixie)', endOfLife: '2030-06-30', matches: release('debian', '13') },
  { system: 'Ubuntu 18.04 LTS', endOfLife: '2023-05-31', matches: release('ubuntu', '18.04') },
  { system: 'Ubuntu 20.04 LTS', endOfLife: '2025-05-31', matches: release('ubuntu', '20.04') },
  { system: 'Ubuntu 22.04 LTS', endOfLife: '2027-06-01', matches: release('ubuntu', '22.04') },
  { system: 'Ubuntu 24.04 LTS', endOfLife: '2029-05-31', matches: release('ubuntu', '24.04') },
  { system: 'RHEL 7 and rebuilds', endOfLife: '2024-06-30', matches: release(rhelLike, '7') },
  { system: 'RHEL 8 and rebuilds', endOfLife: '2029-05-31', matches: release(rhelLike, '8') },
  { system: 'RHEL 9 and rebuilds', endOfLife: '2032-05-31', matches: release(rhelLike, '9') },
  { system: 'Windows Server 2012 / 2012 R2', endOfLife: '2023-10-10', matches: named(/Server 2012/) },
  { system: 'Windows Server 2016', endOfLife: '2027-01-12', matches: named(/Server 2016/) },
  { system: 'Windows Server 2019', endOfLife: '2029-01-09', matches: named(/Server 2019/) },
  { system: 'Windows Server 2022', endOfLife: '2031-10-14', matches: named(/Server 2022/) },
  { system: 'Windows 10', endOfLife: '2025-10-14', matches: named(/Windows 10\b/) },
  { system: 'macOS 12 Monterey', endOfLife: '2024-09-16', matches: release('macos', '12') },
  { system: 'macOS 13 Ventura', endOfLife: '2025-09-15', matches: release('macos', '13') },
];

/** The end-of-life entry of a system, or null when the table does not know it. */
export function endOfLifeOf(os: OsFacts): { system: string; endOfLife: string } | null {
  const entry = endOfLifeTable.find((candidate) => candidate.matches(os));
  return entry ? { system: entry.system, endOfLife: entry.endOfLife } : null;
}
