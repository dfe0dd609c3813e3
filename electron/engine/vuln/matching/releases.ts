import type { OsFacts } from '../../../../shared/domain/inventory';
import type { VersionScheme } from '../versions';

/**
 * A release is where advisories and devices meet: OSV's ecosystem with its release ("Debian:12",
 * "Alpine:v3.19") and a device's os facts both map to the same key. Only releases whose packages Patchdeck
 * inventories are known; everything else maps to null and is not matched.
 */
export function releaseOfOsvEcosystem(ecosystem: string): string | null {
  const [family = '', ...rest] = ecosystem.split(':');
  switch (family) {
    case 'Debian':
    case 'Rocky Linux':
    case 'AlmaLinux':
      return /^\d+$/.test(rest[0] ?? '') && rest.length === 1 ? `${family}:${rest[0]}` : null;
    case 'Ubuntu':
      // "Ubuntu:22.04:LTS" and "Ubuntu:23.10" are the archive; "Ubuntu:Pro:..." needs a subscription we cannot see.
      return /^\d+\.\d+$/.test(rest[0] ?? '') ? `Ubuntu:${rest[0]}` : null;
    case 'Alpine':
      return /^v\d+\.\d+$/.test(rest[0] ?? '') && rest.length === 1 ? `Alpine:${rest[0]}` : null;
    case 'Red Hat': {
      // "Red Hat:enterprise_linux:9::baseos": the main RHEL streams only, not EUS/AUS variants.
      const major = rest[0] === 'enterprise_linux' ? /^(\d+)$/.exec(rest[1] ?? '') : null;
      return major ? `Red Hat:${major[1]}` : null;
    }
    default:
      return null;
  }
}

/** The feed an OSV ecosystem's records belong to: one per distribution ("osv:Debian"), replaced as a whole. */
export function feedOfOsvEcosystem(ecosystem: string): string {
  return `osv:${ecosystem.split(':')[0] ?? ecosystem}`;
}

/** The release a device's advisories are filed under, from its os facts, or null when OSV has none for it. */
export function releaseOfDevice(os: OsFacts | null): string | null {
  if (!os || !os.version) return null;
  const [major, minor] = os.version.split('.');
  if (!major || !/^\d+$/.test(major)) return null;
  switch (os.id) {
    case 'debian':
      return `Debian:${major}`;
    case 'ubuntu':
      return minor ? `Ubuntu:${major}.${minor}` : null;
    case 'alpine':
      return minor ? `Alpine:v${major}.${minor}` : null;
    case 'rocky':
      return `Rocky Linux:${major}`;
    case 'almalinux':
      return `AlmaLinux:${major}`;
    case 'rhel':
      return `Red Hat:${major}`;
    default:
      return null;
  }
}

/** How versions of a release compare. */
export function schemeOfRelease(release: string): VersionScheme {
  if (release.startsWith('Debian:') || release.startsWith('Ubuntu:')) return 'dpkg';
  if (release.startsWith('Alpine:')) return 'apk';
  return 'rpm';
}
