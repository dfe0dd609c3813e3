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

const none: readonly AdvisoryHit[] = [];

/**
 * Affected ranges by release and package, answering "which advisories affect this installed version". A fleet
 * runs the same few versions of each package on many devices, so each (release, package, version) is compared
 * once and remembered.
 */
export class AdvisoryIndex {
  private readonly byPackage = new Map<string, Interval[]>();
  private readonly answers = new Map<string, readonly AdvisoryHit[]>();
  private readonly schemes = new Map<string, VersionScheme>();

  constructor(ranges: Iterable<StoredRange>) {
    for (const range of ranges) {
      const key = `${range.release}\u0000${range.package}`;
      let list = this.byPackage.get(key);
      if (!list) this.byPackage.set(key, (list = []));
      list.push(range);
      if (!this.schemes.has(range.release)) this.schemes.set(range.release, schemeOfRelease(range.release));
    }
  }

  /** How many packages have advisories. */
  get packageCount(): number {
    return this.byPackage.size;
  }

  /** The advisories affecting `version` of `packageName` in `release`; each advisory at most once. */
  affecting(release: string, packageName: string, version: string): readonly AdvisoryHit[] {
    const key = `${release}\u0000${packageName}`;
    const intervals = this.byPackage.get(key);
    if (!intervals) return none;
    const answerKey = `${key}\u0000${version}`;
    const known = this.answers.get(answerKey);
    if (known) return known;
    const scheme = this.schemes.get(release) ?? schemeOfRelease(release);
    const hits = new Map<number, AdvisoryHit>();
    for (const interval of intervals) {
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
    this.answers.set(answerKey, answer);
    return answer;
  }
}

function affects(scheme: VersionScheme, interval: Interval, version: string): boolean {
  if (interval.introduced !== null && compareVersions(scheme, version, interval.introduced) < 0) return false;
  if (interval.fixed !== null) return compareVersions(scheme, version, interval.fixed) < 0;
  if (interval.lastAffected !== null) return compareVersions(scheme, version, interval.lastAffected) <= 0;
  return true;
}
