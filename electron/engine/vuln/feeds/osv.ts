import { feedOfOsvEcosystem, releaseOfOsvEcosystem, schemeOfRelease } from '../matching/releases';
import { cvss3BaseScore } from '../priority/cvss3';
import { validateVersion } from '../versions';
import { feedProblem } from './feed-problem';

/** One affected interval: installed versions from introduced (null: all) up to fixed or last affected. */
export interface AffectedRange {
  readonly release: string;
  readonly package: string;
  readonly introduced: string | null;
  /** Null when there is no fix yet. */
  readonly fixed: string | null;
  readonly lastAffected: string | null;
}

/** An OSV record reduced to what matching and priority need. */
export interface OsvAdvisory {
  readonly feed: string;
  readonly id: string;
  readonly modified: string | null;
  readonly summary: string | null;
  readonly cvssScore: number | null;
  readonly cvssVector: string | null;
  readonly vendorSeverity: string | null;
  /** The record's id, aliases, related and upstream ids. */
  readonly ids: readonly string[];
  readonly ranges: readonly AffectedRange[];
}

/** The records of an OSV file, and how many ranges were left out because their versions were malformed. */
export interface OsvRecords {
  readonly advisories: OsvAdvisory[];
  skippedRanges: number;
}

type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];
}

/**
 * Reads one OSV record (https://ossf.github.io/osv-schema/). A record that is not OSV-shaped is an error naming
 * where it is; a withdrawn record keeps no ranges; an affected range of an ecosystem Patchdeck does not match,
 * or whose versions are malformed, is left out (and counted), because one odd range must not cost the
 * technician a whole distribution's feed.
 */
export function readOsvRecord(file: string, where: string, record: unknown, into: OsvRecords): void {
  if (!isObject(record)) throw feedProblem(file, `${where} is not an OSV record (not a JSON object)`);
  const id = record.id;
  if (typeof id !== 'string' || id.trim() === '')
    throw feedProblem(file, `${where} is not an OSV record (it has no "id")`);
  if (record.affected !== undefined && !Array.isArray(record.affected))
    throw feedProblem(file, `${where} (${id}) has an "affected" that is not a list`);
  const withdrawn = typeof record.withdrawn === 'string';
  const ranges: AffectedRange[] = [];
  let feed: string | null = null;
  let urgency: string | null = null;
  for (const affected of (record.affected ?? []) as unknown[]) {
    if (!isObject(affected) || !isObject(affected.package))
      throw feedProblem(file, `${where} (${id}) has an affected entry without a package`);
    const ecosystem = affected.package.ecosystem;
    const name = affected.package.name;
    if (typeof ecosystem !== 'string' || typeof name !== 'string')
      throw feedProblem(file, `${where} (${id}) has an affected package without ecosystem or name`);
    const release = releaseOfOsvEcosystem(ecosystem);
    if (release === null) continue;
    feed ??= feedOfOsvEcosystem(ecosystem);
    if (isObject(affected.ecosystem_specific) && typeof affected.ecosystem_specific.urgency === 'string') {
      urgency ??= affected.ecosystem_specific.urgency;
    }
    if (affected.ranges !== undefined && !Array.isArray(affected.ranges))
      throw feedProblem(file, `${where} (${id}) has "ranges" that is not a list`);
    // A withdrawn record no longer describes a vulnerability (OSV's "withdrawn" field): it is stored without
    // ranges, so it replaces an earlier copy of itself, and matches nothing.
    if (withdrawn) continue;
    for (const range of (affected.ranges ?? []) as unknown[]) {
      if (!isObject(range) || !Array.isArray(range.events))
        throw feedProblem(file, `${where} (${id}) has a range without events`);
      if (range.type !== 'ECOSYSTEM') continue;
      into.skippedRanges += readEvents(release, name, range.events, ranges);
    }
  }
  if (feed === null) return;
  const severity = readSeverity(record.severity);
  const summary =
    typeof record.summary === 'string'
      ? record.summary
      : typeof record.details === 'string'
        ? (record.details.split('\n')[0] ?? null)
        : null;
  into.advisories.push({
    feed,
    id,
    modified: typeof record.modified === 'string' ? record.modified : null,
    summary: summary === null ? null : summary.slice(0, 300),
    cvssScore: severity.cvssScore,
    cvssVector: severity.cvssVector,
    vendorSeverity: severity.vendor ?? urgency,
    ids: [
      ...new Set([id, ...strings(record.aliases), ...strings(record.related), ...strings(record.upstream)]),
    ],
    ranges,
  });
}

/** Turns an ordered event list into intervals; answers how many were dropped for malformed versions. */
function readEvents(release: string, name: string, events: unknown[], into: AffectedRange[]): number {
  const scheme = schemeOfRelease(release);
  const valid = (version: string) => validateVersion(scheme, version).ok;
  let skipped = 0;
  let open = false;
  let introduced: string | null = null;
  const close = (fixed: string | null, lastAffected: string | null) => {
    if (!open) return;
    const versions = [introduced, fixed, lastAffected].filter(
      (version): version is string => version !== null,
    );
    if (versions.every(valid)) into.push({ release, package: name, introduced, fixed, lastAffected });
    else skipped++;
    open = false;
  };
  for (const event of events) {
    if (!isObject(event)) continue;
    if (typeof event.introduced === 'string') {
      close(null, null);
      open = true;
      introduced = event.introduced === '0' ? null : event.introduced;
    } else if (typeof event.fixed === 'string') close(event.fixed, null);
    else if (typeof event.last_affected === 'string') close(null, event.last_affected);
  }
  close(null, null);
  return skipped;
}

function readSeverity(value: unknown): {
  cvssScore: number | null;
  cvssVector: string | null;
  vendor: string | null;
} {
  let best: { cvssScore: number | null; cvssVector: string | null; vendor: string | null } = {
    cvssScore: null,
    cvssVector: null,
    vendor: null,
  };
  if (!Array.isArray(value)) return best;
  for (const entry of value) {
    if (!isObject(entry) || typeof entry.score !== 'string') continue;
    if (entry.type === 'CVSS_V3') {
      const score = cvss3BaseScore(entry.score);
      if (score !== null && (best.cvssScore === null || score > best.cvssScore))
        best = { ...best, cvssScore: score, cvssVector: entry.score };
    } else if (entry.type === 'Ubuntu') {
      best = { ...best, vendor: entry.score };
    }
  }
  return best;
}

/** Reads an OSV JSON document: one record or a list of records. */
export function readOsvJson(file: string, document: unknown): OsvRecords {
  const records: OsvRecords = { advisories: [], skippedRanges: 0 };
  if (Array.isArray(document))
    document.forEach((record, index) => readOsvRecord(file, `record ${index + 1}`, record, records));
  else readOsvRecord(file, 'the record', document, records);
  return records;
}
