import type { AvailableUpdate, InstalledPackage } from '../../../../shared/domain/inventory';
import { compareVersions } from '../versions';
import { affectingIn, type AdvisoryHit, type AdvisoryIndex, type ReleaseAdvisories } from './advisory-index';

/** An installed package with the advisories that affect it. */
export interface AffectedPackage {
  /** The name the advisories file it under (Debian: the source package). */
  readonly package: string;
  readonly installedVersion: string;
  /** Shared between every device that runs this version: never modify. */
  readonly hits: readonly AdvisoryHit[];
  /** Index into the device's updates of the update for this installed package, or -1. */
  readonly update: number;
}

/** What matching found on one device. */
export interface DeviceMatch {
  readonly affected: AffectedPackage[];
  /** For each of the device's updates (same order), the advisories whose fix it reaches. */
  readonly fixesByUpdate: number[][];
}

type UpdateRef = Pick<AvailableUpdate, 'name' | 'arch' | 'manager' | 'availableVersion'>;

/**
 * Matches one device's installed packages against the advisories of its release, and links each missing update
 * to the advisories whose fixed version it reaches (fixed <= available, by the release's own comparator).
 *
 * Names as OSV files them: Debian, Ubuntu and Alpine by source package and source version (binary packages of
 * one source share its advisories); RPM distributions by the package's own name, and its source name too,
 * since RPM feeds use either.
 */
export function matchDevice(
  index: AdvisoryIndex,
  release: string,
  installed: readonly InstalledPackage[],
  updates: readonly UpdateRef[],
): DeviceMatch {
  const affected: AffectedPackage[] = [];
  const fixesByUpdate: number[][] = updates.map(() => []);
  const known = index.release(release);
  if (!known) return { affected, fixesByUpdate };
  // Updates by package name (few per device); manager and arch are checked on the candidate, not concatenated.
  let updateOf: Map<string, number> | null = null;
  const record = (pkg: InstalledPackage, name: string, version: string, hits: readonly AdvisoryHit[]) => {
    updateOf ??= new Map(updates.map((update, position) => [update.name, position]));
    let position = updates.length === 0 ? -1 : (updateOf.get(pkg.name) ?? -1);
    const update = position >= 0 ? updates[position] : undefined;
    if (update && (update.manager !== pkg.manager || (update.arch ?? null) !== (pkg.arch ?? null))) {
      position = updates.findIndex(
        (candidate) =>
          candidate.name === pkg.name &&
          candidate.manager === pkg.manager &&
          (candidate.arch ?? null) === (pkg.arch ?? null),
      );
    }
    const matching = position >= 0 ? updates[position] : undefined;
    if (matching) fixesByUpdate[position]?.push(...fixedBy(known, hits, matching.availableVersion));
    affected.push({ package: name, installedVersion: version, hits, update: position });
  };
  const bySource = known.scheme !== 'rpm';
  // Binary packages of one source sit next to each other in a scan: look each source up once.
  let lastName: string | null = null;
  let lastVersion: string | null = null;
  let lastHits: readonly AdvisoryHit[] = [];
  for (const pkg of installed) {
    if (bySource) {
      const name = pkg.sourceName ?? pkg.name;
      const version = pkg.sourceVersion ?? pkg.version;
      if (name !== lastName || version !== lastVersion) {
        lastHits = affectingIn(known, name, version);
        lastName = name;
        lastVersion = version;
      }
      if (lastHits.length > 0) record(pkg, name, version, lastHits);
    } else {
      matchRpm(known, pkg, record);
    }
  }
  return { affected, fixesByUpdate };
}

/**
 * The advisories among `hits` whose fix `available` reaches. Hits lists are shared by every device running the
 * same version, and the fleet is offered the same few versions, so the answer is remembered per pair.
 */
const reached = new WeakMap<readonly AdvisoryHit[], Map<string, readonly number[]>>();
function fixedBy(
  known: ReleaseAdvisories,
  hits: readonly AdvisoryHit[],
  available: string,
): readonly number[] {
  let byVersion = reached.get(hits);
  if (!byVersion) reached.set(hits, (byVersion = new Map()));
  let fixes = byVersion.get(available);
  if (!fixes) {
    fixes = hits
      .filter((hit) => hit.fixed !== null && compareVersions(known.scheme, hit.fixed, available) <= 0)
      .map((hit) => hit.advisoryId);
    byVersion.set(available, fixes);
  }
  return fixes;
}

function matchRpm(
  known: ReleaseAdvisories,
  pkg: InstalledPackage,
  record: (pkg: InstalledPackage, name: string, version: string, hits: readonly AdvisoryHit[]) => void,
): void {
  const own = affectingIn(known, pkg.name, pkg.version);
  if (own.length > 0) record(pkg, pkg.name, pkg.version, own);
  if (pkg.sourceName && pkg.sourceName !== pkg.name) {
    const seen = new Set(own.map((hit) => hit.advisoryId));
    const bySource = affectingIn(known, pkg.sourceName, pkg.version).filter(
      (hit) => !seen.has(hit.advisoryId),
    );
    if (bySource.length > 0) record(pkg, pkg.sourceName, pkg.version, bySource);
  }
}
