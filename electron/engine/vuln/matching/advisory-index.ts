import type { StoredRange } from '../../db/repositories/vulnerabilities';
import { compareVersions, type VersionScheme } from '../versions';
import { schemeOfRelease } from './releases';

/** An advisory that affects an installed version, with the version that fixes it (null: no fix yet). */
export interface AdvisoryHit {
  readonly advisoryId: number;
  readonly fixed: string | null;
}

interface Interval {
  readonly advisoryId: number;
  readonly introduced: string | null;
  readonly fixed: string | null;
  readonly lastAffected: string | null;
}

/** One package's intervals in one release, and the verdicts already reached for the versions met so far. */
interface PackageAdvisories {
  readonly intervals: Interval[];
  readonly answers: Map<string, readonly AdvisoryHit[]>;
}

/** The packages of one release that have advisories. */
export interface ReleaseAdvisories {
  readonly scheme: VersionScheme;
  readonly packages: Map<string, PackageAdvisories>;
}

const none: readonly AdvisoryHit[] = [];

/**
 * Affected ranges by release and package, answering "which advisories affect this installed version". A fleet
 * runs the same few versions of each package on many devices, so each (release, package, version) is compared
 * once and remembered; the lookups are nested maps, so matching a package builds no strings.
 */
export class AdvisoryIndex {
  private readonly releases = new Map<string, ReleaseAdvisories>();

  constructor(ranges: Iterable<StoredRange>) {
    for (const range of ranges) {
      let release = this.releases.get(range.release);
      if (!release) {
        release = { scheme: schemeOfRelease(range.release), packages: new Map() };
        this.releases.set(range.release, release);
      }
      let advisories = release.packages.get(range.package);
      if (!advisories) {
        advisories = { intervals: [], answers: new Map() };
        release.packages.set(range.package, advisories);
      }
      advisories.intervals.push(range);
    }
  }

  /** How many packages have advisories, over all releases. */
  get packageCount(): number {
    let count = 0;
    for (const release of this.releases.values()) count += release.packages.size;
    return count;
  }

  /** The advisories of one release, to match many packages of one device against. */
  release(release: string): ReleaseAdvisories | undefined {
    return this.releases.get(release);
  }

  /** The advisories affecting `version` of `packageName` in `release`; each advisory at most once. */
  affecting(release: string, packageName: string, version: string): readonly AdvisoryHit[] {
    const advisories = this.releases.get(release);
    return advisories ? affectingIn(advisories, packageName, version) : none;
  }
}

/** affecting() for a release already looked up. */
export function affectingIn(
  release: ReleaseAdvisories,
  packageName: string,
  version: string,
): readonly AdvisoryHit[] {
  const advisories = release.packages.get(packageName);
  if (!advisories) return none;
  const known = advisories.answers.get(version);
  if (known) return known;
  const { scheme } = release;
  const hits = new Map<number, AdvisoryHit>();
  for (const interval of advisories.intervals) {
    if (!affects(scheme, interval, version)) continue;
    const previous = hits.get(interval.advisoryId);
    // Two ranges of one advisory can both match; the lower fix is the one that reaches this version first.
    if (
      !previous ||
      (interval.fixed !== null &&
        (previous.fixed === null || compareVersions(scheme, interval.fixed, previous.fixed) < 0))
    ) {
      hits.set(interval.advisoryId, { advisoryId: interval.advisoryId, fixed: interval.fixed });
    }
  }
  const answer = hits.size === 0 ? none : [...hits.values()];
  advisories.answers.set(version, answer);
  return answer;
}

function affects(scheme: VersionScheme, interval: Interval, version: string): boolean {
  if (interval.introduced !== null && compareVersions(scheme, version, interval.introduced) < 0) return false;
  if (interval.fixed !== null) return compareVersions(scheme, version, interval.fixed) < 0;
  if (interval.lastAffected !== null) return compareVersions(scheme, version, interval.lastAffected) <= 0;
  return true;
}
