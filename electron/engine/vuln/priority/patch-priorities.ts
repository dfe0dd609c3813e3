import type { SlaDays } from '../../../../shared/domain/fleet';
import type { PatchPriority } from '../../../../shared/domain/vulnerabilities';
import type { StoredAdvisory } from '../../db/repositories/vulnerabilities';
import { dueAt, isOverdue } from './due-date';
import { colourOf, type PrioritySignals } from './thresholds';

const cvePattern = /^CVE-\d{4}-\d{4,}$/;

/** The CVE ids among an advisory's ids (its own id, aliases, related, upstream). */
export function cvesOf(advisory: StoredAdvisory): string[] {
  return advisory.ids.filter((id) => cvePattern.test(id));
}

/** A missing update and what the feeds say about the advisories it fixes. */
export interface PriorityInput {
  readonly security: boolean;
  readonly vendorSeverity: string | null;
  readonly vendorCves: readonly string[];
  readonly fixes: readonly StoredAdvisory[];
  readonly firstSeenAt: string;
  readonly slaDays: SlaDays;
}

/** What the KEV and EPSS feeds know, by CVE. */
export interface ExploitIntelligence {
  readonly kev: ReadonlyMap<string, unknown>;
  readonly epss: ReadonlyMap<string, number>;
}

/** Colour, explanation, due date and overdue flag of one missing update. */
export function patchPriority(
  input: PriorityInput,
  intelligence: ExploitIntelligence,
  now: Date,
): PatchPriority {
  const cves = new Set(input.vendorCves.filter((id) => cvePattern.test(id)));
  let cvss: PrioritySignals['cvss'] = null;
  for (const advisory of input.fixes) {
    const ids = cvesOf(advisory);
    for (const id of ids) cves.add(id);
    if (advisory.cvssScore !== null && (cvss === null || advisory.cvssScore > cvss.score)) {
      // The score is the advisory's: name its one CVE, or the advisory itself when it bundles several.
      cvss = { id: ids.length === 1 ? ids[0]! : advisory.osvId, score: advisory.cvssScore };
    }
  }
  const sorted = [...cves].sort();
  let epss: PrioritySignals['epss'] = null;
  for (const cve of sorted) {
    const score = intelligence.epss.get(cve);
    if (score !== undefined && (epss === null || score > epss.score)) epss = { cve, score };
  }
  const vendorCritical = input.fixes.find(
    (advisory) => advisory.vendorSeverity?.toLowerCase() === 'critical',
  );
  const verdict = colourOf({
    security: input.security || sorted.length > 0,
    cves: sorted,
    kevCves: sorted.filter((cve) => intelligence.kev.has(cve)),
    epss,
    cvss,
    vendorSeverity: input.vendorSeverity ?? vendorCritical?.vendorSeverity ?? null,
  });
  const due = dueAt(input.firstSeenAt, verdict.colour, input.slaDays);
  return {
    colour: verdict.colour,
    reason: verdict.reason,
    cves: sorted,
    kev: sorted.some((cve) => intelligence.kev.has(cve)),
    epss: epss?.score ?? null,
    cvss: cvss?.score ?? null,
    dueAt: due,
    overdue: isOverdue(due, now),
  };
}
