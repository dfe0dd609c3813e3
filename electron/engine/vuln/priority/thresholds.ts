import type { SlaColour } from '../../../../shared/domain/fleet';

/**
 * Where every colour comes from, in one place. The first rule that holds decides:
 *
 * | colour | when |
 * | --- | --- |
 * | red    | a CVE it fixes is in CISA KEV (always) |
 * | red    | a CVE's EPSS score is at least 0.10 (top few percent of all CVEs by likelihood of exploitation) |
 * | red    | an advisory it fixes has a CVSS v3 base score of at least 9.0 (critical) |
 * | red    | the vendor rates the update Critical (MSRC, dnf updateinfo) |
 * | yellow | any other security update: it fixes a known CVE, or the vendor marks it security without naming one |
 * | green  | not a security update |
 *
 * A security update is never green: a known vulnerability with a low score is still a vulnerability, and one
 * with no CVE yet may simply not be scored yet.
 */
export const priorityThresholds = {
  redEpss: 0.1,
  redCvss: 9.0,
  redVendorSeverities: ['critical'],
} as const;

/** What is known about one missing update, gathered from the vendor and the feeds. */
export interface PrioritySignals {
  readonly security: boolean;
  readonly cves: readonly string[];
  readonly kevCves: readonly string[];
  /** The highest EPSS score and the CVE that has it. */
  readonly epss: { readonly cve: string; readonly score: number } | null;
  /** The highest CVSS score and the advisory or CVE that has it. */
  readonly cvss: { readonly id: string; readonly score: number } | null;
  readonly vendorSeverity: string | null;
}

/** A colour with the sentence that explains it. */
export interface Verdict {
  readonly colour: SlaColour;
  readonly reason: string;
}

const listed = (ids: readonly string[]) =>
  ids.length <= 3 ? ids.join(', ') : `${ids.slice(0, 3).join(', ')} and ${ids.length - 3} more`;

/**
 * An EPSS score below red's threshold with two decimals, or with as many more as it takes not to read as the
 * threshold itself: 0.09962 rounds to "0.10", which would contradict "red from 0.10" next to a yellow.
 */
function belowRedEpss(score: number): string {
  let digits = 2;
  while (digits < 10 && Number(score.toFixed(digits)) >= priorityThresholds.redEpss) digits++;
  return score.toFixed(digits);
}

/** The SLA colour of a missing update, and why. */
export function colourOf(signals: PrioritySignals): Verdict {
  if (signals.kevCves.length > 0) {
    return {
      colour: 'red',
      reason: `red: ${listed(signals.kevCves)} ${signals.kevCves.length === 1 ? 'is' : 'are'} in CISA KEV`,
    };
  }
  if (signals.epss && signals.epss.score >= priorityThresholds.redEpss) {
    return {
      colour: 'red',
      reason: `red: ${signals.epss.cve} has EPSS ${signals.epss.score.toFixed(2)} (red from ${priorityThresholds.redEpss.toFixed(2)})`,
    };
  }
  if (signals.cvss && signals.cvss.score >= priorityThresholds.redCvss) {
    return {
      colour: 'red',
      reason: `red: ${signals.cvss.id} has CVSS ${signals.cvss.score.toFixed(1)} (red from ${priorityThresholds.redCvss.toFixed(1)})`,
    };
  }
  const vendor = signals.vendorSeverity?.trim() ?? '';
  if ((priorityThresholds.redVendorSeverities as readonly string[]).includes(vendor.toLowerCase())) {
    return { colour: 'red', reason: `red: the vendor rates it ${vendor}` };
  }
  if (signals.cves.length > 0) {
    const detail = signals.cvss
      ? `; highest CVSS ${signals.cvss.score.toFixed(1)}`
      : signals.epss
        ? `; highest EPSS ${belowRedEpss(signals.epss.score)}`
        : '';
    return { colour: 'yellow', reason: `yellow: fixes ${listed(signals.cves)}${detail}` };
  }
  if (signals.security) {
    return {
      colour: 'yellow',
      reason: vendor
        ? `yellow: security update (vendor: ${vendor}), no CVE known`
        : 'yellow: security update, no CVE known',
    };
  }
  return { colour: 'green', reason: 'green: not a security update' };
}
