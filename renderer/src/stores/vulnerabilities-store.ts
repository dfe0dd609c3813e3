import { create } from 'zustand';
import type { VulnerabilityFinding } from '../../../shared/domain/vulnerabilities';
import { call } from '../ipc/api';

/** One advisory across the fleet: which devices have it and what fixes it on each. */
export interface FleetVulnerability {
  readonly advisory: string;
  readonly cves: readonly string[];
  readonly kev: boolean;
  readonly cvss: number | null;
  readonly packages: readonly string[];
  readonly findings: readonly VulnerabilityFinding[];
  /** Devices that have no fix offered yet. */
  readonly unfixed: number;
}

/** Findings grouped by advisory, the most dangerous first: KEV, then CVSS, then how many devices. */
export function groupByAdvisory(findings: readonly VulnerabilityFinding[]): FleetVulnerability[] {
  const groups = new Map<string, VulnerabilityFinding[]>();
  for (const finding of findings) {
    const list = groups.get(finding.advisory) ?? [];
    list.push(finding);
    groups.set(finding.advisory, list);
  }
  return [...groups]
    .map(([advisory, list]) => ({
      advisory,
      cves: [...new Set(list.flatMap((finding) => finding.cves))].sort(),
      kev: list.some((finding) => finding.kev),
      cvss:
        Math.max(...list.map((finding) => finding.cvss ?? -1)) < 0
          ? null
          : Math.max(...list.map((finding) => finding.cvss ?? -1)),
      packages: [...new Set(list.map((finding) => finding.package))].sort(),
      findings: list,
      unfixed: list.filter((finding) => finding.fixedBy === null).length,
    }))
    .sort(
      (a, b) =>
        Number(b.kev) - Number(a.kev) ||
        (b.cvss ?? 0) - (a.cvss ?? 0) ||
        b.findings.length - a.findings.length ||
        a.advisory.localeCompare(b.advisory),
    );
}

interface VulnerabilitiesState {
  readonly vulnerabilities: readonly FleetVulnerability[];
  readonly status: 'idle' | 'loading' | 'ready' | 'failed';
  readonly error: string | null;
  load(): Promise<void>;
}

/** The fleet's vulnerabilities by advisory, from vuln:list. */
export const useVulnerabilitiesStore = create<VulnerabilitiesState>()((set, get) => ({
  vulnerabilities: [],
  status: 'idle',
  error: null,
  async load() {
    if (get().status === 'idle') set({ status: 'loading' });
    const result = await call('vuln:list', {});
    set(
      result.ok
        ? { vulnerabilities: groupByAdvisory(result.value), status: 'ready', error: null }
        : { status: 'failed', error: result.error.message },
    );
  },
}));
