import { create } from 'zustand';
import type { VulnerabilityFinding } from '../../../shared/domain/vulnerabilities';
import { call } from '../ipc/api';

/** One CVE across the fleet: which devices have it, through which advisories, and what fixes it on each. */
export interface FleetVulnerability {
  /** The CVE id, or the advisory id when the advisory names no CVE. */
  readonly id: string;
  readonly advisories: readonly string[];
  readonly kev: boolean;
  readonly cvss: number | null;
  readonly packages: readonly string[];
  readonly findings: readonly VulnerabilityFinding[];
  readonly devices: number;
  /** Findings with no update offered for them yet. */
  readonly unfixed: number;
}

/** Findings grouped by CVE, the most dangerous first: KEV, then CVSS, then how many devices. */
export function groupByCve(findings: readonly VulnerabilityFinding[]): FleetVulnerability[] {
  const groups = new Map<string, VulnerabilityFinding[]>();
  for (const finding of findings) {
    for (const id of finding.cves.length > 0 ? finding.cves : [finding.advisory]) {
      const list = groups.get(id) ?? [];
      list.push(finding);
      groups.set(id, list);
    }
  }
  return [...groups]
    .map(([id, list]) => {
      const scores = list.flatMap((finding) => (finding.cvss === null ? [] : [finding.cvss]));
      return {
        id,
        advisories: [...new Set(list.map((finding) => finding.advisory))].sort(),
        kev: list.some((finding) => finding.kev),
        cvss: scores.length === 0 ? null : Math.max(...scores),
        packages: [...new Set(list.map((finding) => finding.package))].sort(),
        findings: [...list].sort(
          (a, b) => a.device.localeCompare(b.device) || a.package.localeCompare(b.package),
        ),
        devices: new Set(list.map((finding) => finding.deviceId)).size,
        unfixed: list.filter((finding) => finding.fixedBy === null).length,
      };
    })
    .sort(
      (a, b) =>
        Number(b.kev) - Number(a.kev) ||
        (b.cvss ?? 0) - (a.cvss ?? 0) ||
        b.devices - a.devices ||
        a.id.localeCompare(b.id),
    );
}

interface VulnerabilitiesState {
  readonly vulnerabilities: readonly FleetVulnerability[];
  readonly status: 'idle' | 'loading' | 'ready' | 'failed';
  readonly error: string | null;
  /**
   * How many OSV advisories the database holds (what findings are matched against), or null when the feed status
   * could not be read: an empty list means "nothing to match against" at 0, and good news above it.
   */
  readonly osvAdvisories: number | null;
  load(): Promise<void>;
}

/** The fleet's vulnerabilities by CVE, from vuln:list, and how many OSV advisories they were matched against. */
export const useVulnerabilitiesStore = create<VulnerabilitiesState>()((set, get) => ({
  vulnerabilities: [],
  status: 'idle',
  error: null,
  osvAdvisories: null,
  async load() {
    if (get().status === 'idle') set({ status: 'loading' });
    const [result, feeds] = await Promise.all([call('vuln:list', {}), call('feed:status', {})]);
    const osvAdvisories = feeds.ok
      ? feeds.value.filter((feed) => feed.source === 'osv').reduce((sum, feed) => sum + feed.recordCount, 0)
      : null;
    set(
      result.ok
        ? { vulnerabilities: groupByCve(result.value), status: 'ready', error: null, osvAdvisories }
        : { status: 'failed', error: result.error.message },
    );
  },
}));
