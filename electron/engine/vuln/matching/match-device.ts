import type { AvailableUpdate, InstalledPackage } from '../../../../shared/domain/inventory';
import { compareVersions } from '../versions';
import type { AdvisoryHit, AdvisoryIndex } from './advisory-index';
import { schemeOfRelease } from './releases';

/** An advisory affecting an installed package of a device. */
export interface DeviceAdvisory {
  readonly advisoryId: number;
  /** The name the advisory files it under (Debian: the source package). */
  readonly package: string;
  readonly installedVersion: string;
  readonly fixed: string | null;
  /** Index into the device's updates of the update that reaches the fix, or -1. */
  readonly fixedBy: number;
}

/** What matching found on one device. */
export interface DeviceMatch {
  readonly advisories: DeviceAdvisory[];
  /** For each of the device's updates (same order), the advisories it fixes. */
  readonly fixesByUpdate: number[][];
}

type UpdateRef = Pick<AvailableUpdate, 'name' | 'arch' | 'manager' | 'availableVersion'>;

/**
 * The names and version an installed package is filed under in OSV: Debian, Ubuntu and Alpine by source
 * package and source version (binary packages of one source share its advisories); RPM distributions by the
 * package's own name, and its source name too, since RPM feeds use either.
 */
function advisoryNames(release: string, pkg: InstalledPackage): { names: string[]; version: string } {
  if (schemeOfRelease(release) === 'rpm') {
    const names = pkg.sourceName && pkg.sourceName !== pkg.name ? [pkg.name, pkg.sourceName] : [pkg.name];
    return { names, version: pkg.version };
  }
  return { names: [pkg.sourceName ?? pkg.name], version: pkg.sourceVersion ?? pkg.version };
}

/**
 * Matches one device's installed packages against the advisories of its release, and links each missing update
 * to the advisories whose fixed version it reaches (fixed <= available, by the release's own comparator).
 */
export function matchDevice(
  index: AdvisoryIndex,
  release: string,
  installed: readonly InstalledPackage[],
  updates: readonly UpdateRef[],
): DeviceMatch {
  const scheme = schemeOfRelease(release);
  const updateOf = new Map<string, number>();
  updates.forEach((update, position) =>
    updateOf.set(`${update.manager}\u0000${update.name}\u0000${update.arch ?? ''}`, position),
  );
  const advisories: DeviceAdvisory[] = [];
  const fixesByUpdate: number[][] = updates.map(() => []);
  for (const pkg of installed) {
    const { names, version } = advisoryNames(release, pkg);
    for (const name of names) {
      const hits: readonly AdvisoryHit[] = index.affecting(release, name, version);
      if (hits.length === 0) continue;
      const position = updateOf.get(`${pkg.manager}\u0000${pkg.name}\u0000${pkg.arch ?? ''}`) ?? -1;
      const update = position >= 0 ? updates[position] : undefined;
      for (const hit of hits) {
        const reaches =
          update !== undefined &&
          hit.fixed !== null &&
          compareVersions(scheme, hit.fixed, update.availableVersion) <= 0;
        if (reaches) fixesByUpdate[position]?.push(hit.advisoryId);
        advisories.push({
          advisoryId: hit.advisoryId,
          package: name,
          installedVersion: version,
          fixed: hit.fixed,
          fixedBy: reaches ? position : -1,
        });
      }
    }
  }
  return { advisories, fixesByUpdate };
}
