import type { AvailableUpdate, UpdateClassification } from '../../../../shared/domain/inventory';
import type { RemoteOutput, ScanDepth, ScanReport } from '../types';
import { ParseError } from '../types';
import {
  commandNotFoundExitCode,
  expectScript,
  requireSection,
  splitSections,
  stderrSummary,
} from '../script-sections';
import type { ScriptSection } from '../script-sections';
import { readLinuxOsFacts } from '../linux-os-facts';
import { installedVersionsByNameArch, parseRpmPackages } from '../linux-rpm';
import { rhelScanScriptName } from './scan-script';
import { parseCheckUpdate } from './check-update';
import type { OfferedUpdate } from './check-update';
import { parseUpdateinfoList } from './updateinfo';
import type { PackageAdvisory } from './updateinfo';

// check-update's exit codes: 100 = updates listed, 0 = none, anything else = it failed.
const updatesAvailableExitCode = 100;
const severityRank = ['low', 'moderate', 'important', 'critical'];

/** Parses the RHEL-family scan run (see rhelScanScript) into a ScanReport; throws ParseError on a broken run. */
export function parseRhelScan(output: RemoteOutput, depth: ScanDepth): ScanReport {
  const run = splitSections(output.stdout);
  expectScript(run, rhelScanScriptName);
  const os = readLinuxOsFacts(run, 'rhel');
  const manager = requireSection(run, 'package-manager');
  if (manager.exitCode !== 0)
    throw new ParseError('The device has neither dnf nor yum, so its updates cannot be listed.');

  const rpm = requireSection(run, 'rpm');
  if (rpm.exitCode !== 0)
    throw new ParseError(`rpm could not list the installed packages: ${stderrSummary(rpm)}.`);
  const packages = parseRpmPackages(rpm.stdout);
  const warnings: string[] = [];

  let metadataStale = true;
  if (depth === 'full') {
    const refresh = requireSection(run, 'refresh');
    // makecache exits 0 when it skipped an unreachable repository (skip_if_unavailable); its stderr tells.
    metadataStale =
      refresh.exitCode !== 0 ||
      /^(Ignoring repositories:|Error: Failed to download metadata)/m.test(refresh.stderr);
    if (metadataStale) {
      warnings.push(
        `Refreshing the repository metadata failed, so updates may be out of date: ${stderrSummary(refresh)}.`,
      );
    }
  }

  const checkUpdate = requireSection(run, 'check-update');
  if (checkUpdate.exitCode !== 0 && checkUpdate.exitCode !== updatesAvailableExitCode) {
    throw new ParseError(
      `${manager.stdout.trim()} check-update failed, so the missing updates are unknown: ${stderrSummary(checkUpdate)}.`,
    );
  }
  const offered = parseCheckUpdate(checkUpdate.stdout);
  if (checkUpdate.exitCode === updatesAvailableExitCode && offered.length === 0) {
    throw new ParseError(
      'check-update said updates are available (exit code 100) but listed none Patchdeck could read.',
    );
  }

  const advisories = readAdvisories(
    requireSection(run, 'updateinfo'),
    'Advisory information (updateinfo)',
    warnings,
  );
  // The same listing with CVE ids where the advisory ids were.
  const cves = readAdvisories(
    requireSection(run, 'updateinfo-cves'),
    'The CVE list (updateinfo cves)',
    warnings,
  );
  const installed = installedVersionsByNameArch(packages);
  const updates = offered.map((offer) =>
    toUpdate(offer, installed.get(`${offer.name}.${offer.arch}`) ?? null, advisories ?? [], cves ?? []),
  );

  return {
    os,
    packages,
    updates,
    rebootRequired: readNeedsRestarting(requireSection(run, 'needs-restarting'), warnings),
    metadataStale,
    warnings,
    ...(advisories === null ? { unreadAdvisoryManagers: ['rpm'] as const } : {}),
    ...(cves === null ? { unreadCveManagers: ['rpm'] as const } : {}),
  };
}

/** The advisories updateinfo listed, or null when it failed: then nothing is known, not that there are none. */
function readAdvisories(section: ScriptSection, what: string, warnings: string[]): PackageAdvisory[] | null {
  if (section.exitCode !== 0) {
    warnings.push(
      `${what} is unavailable, so the updates keep what earlier scans read of it and new ones have none: ${stderrSummary(section)}.`,
    );
    return null;
  }
  return parseUpdateinfoList(section.stdout);
}

function toUpdate(
  offer: OfferedUpdate,
  installedVersion: string | null,
  advisories: readonly PackageAdvisory[],
  cves: readonly PackageAdvisory[],
): AvailableUpdate {
  // updateinfo --available lists advisories for every version newer than the installed one; all of them are
  // fixed by installing the newest.
  const forOffer = (advisory: PackageAdvisory): boolean =>
    advisory.nevra.name === offer.name && advisory.nevra.arch === offer.arch;
  const own = advisories.filter(forOffer);
  const security = own.some((advisory) => advisory.type === 'security');
  return {
    name: offer.name,
    installedVersion,
    availableVersion: offer.evr,
    arch: offer.arch,
    origin: offer.repo,
    security,
    classification: classify(own),
    vendorSeverity: highestSeverity(own),
    advisoryIds: [...new Set(own.map((advisory) => advisory.id))],
    cves: [...new Set(cves.filter(forOffer).map((cve) => cve.id))],
    rebootRequired: null,
    manager: 'rpm',
  };
}

function classify(advisories: readonly PackageAdvisory[]): UpdateClassification {
  const types = new Set(advisories.map((advisory) => advisory.type));
  if (types.has('security')) return 'security';
  if (types.has('bugfix')) return 'bugfix';
  if (types.has('enhancement')) return 'enhancement';
  return 'other';
}

function highestSeverity(advisories: readonly PackageAdvisory[]): string | null {
  let best: string | null = null;
  for (const { severity } of advisories) {
    if (severity === null) continue;
    if (
      best === null ||
      severityRank.indexOf(severity.toLowerCase()) > severityRank.indexOf(best.toLowerCase())
    )
      best = severity;
  }
  return best;
}

function readNeedsRestarting(section: ScriptSection, warnings: string[]): boolean {
  // needs-restarting -r: exit 1 with "Reboot is required" = reboot needed, exit 0 = not; exit 1 without that
  // sentence is an error (old versions without -r say "no such option").
  if (section.exitCode === 0) return false;
  if (section.exitCode === 1 && /Reboot is required/.test(section.stdout)) return true;
  const reason =
    section.exitCode === commandNotFoundExitCode
      ? 'needs-restarting is not installed (dnf-utils or yum-utils)'
      : stderrSummary(section);
  warnings.push(`Whether a reboot is pending could not be checked: ${reason}.`);
  return false;
}
