import type { AvailableUpdate, UpdateClassification } from '../../../../shared/domain/inventory';
import type { OfferSource, RemoteOutput, ScanDepth, ScanReport } from '../types';
import { ParseError } from '../types';
import { expectScript, requireSection, splitSections, stderrSummary } from '../script-sections';
import type { ScriptSection } from '../script-sections';
import { readLinuxOsFacts } from '../linux-os-facts';
import { installedVersionsByNameArch, parseRpmPackages } from '../linux-rpm';
import { suseScanScriptName } from './scan-script';
import { parseZypperXml } from './zypper-xml';
import type { ZypperUpdate } from './zypper-xml';

// zypper exit codes that still carry a usable answer: 100/101 = (security) patches needed,
// 106 = some repositories were skipped (their updates are missing from the list).
const answeredExitCodes = new Set([0, 100, 101, 106]);
const reposSkippedExitCode = 106;
const rebootNeededExitCode = 102;
const noRepositories = /^No repositories defined\./;

const patchCategories: Readonly<Record<string, UpdateClassification>> = {
  security: 'security',
  recommended: 'bugfix',
  optional: 'enhancement',
  feature: 'enhancement',
  document: 'other',
  yast: 'other',
};

/** Parses the SUSE scan run (see suseScanScript) into a ScanReport; throws ParseError on a broken run. */
export function parseSuseScan(output: RemoteOutput, depth: ScanDepth): ScanReport {
  const run = splitSections(output.stdout);
  expectScript(run, suseScanScriptName);
  const os = readLinuxOsFacts(run, 'suse');
  const rpm = requireSection(run, 'rpm');
  if (rpm.exitCode !== 0)
    throw new ParseError(`rpm could not list the installed packages: ${stderrSummary(rpm)}.`);
  const packages = parseRpmPackages(rpm.stdout);
  const warnings: string[] = [];

  let metadataStale = true;
  if (depth === 'full') {
    const refresh = requireSection(run, 'refresh');
    metadataStale = refresh.exitCode !== 0;
    if (metadataStale)
      warnings.push(`zypper refresh failed, so updates may be out of date: ${stderrSummary(refresh)}.`);
  }

  const packageUpdates = readZypperList(requireSection(run, 'list-updates'), 'list-updates', warnings);
  const patches = readZypperList(requireSection(run, 'list-patches'), 'list-patches', warnings);
  // A list zypper could not read at all fails the scan; one with skipped repositories is read only in part.
  const offerSources: OfferSource[] = [
    { name: 'zypper', lists: "zypper's package updates", unread: packageUpdates.skipped },
    { name: 'zypper-patches', lists: "zypper's patches", unread: patches.skipped },
  ];
  // Both lists' updates are rpm's, so either list read only in part keeps every rpm update stored before: better a
  // patch the whole patch list no longer shows staying until both are read again than a skipped repository's going.
  const partlyRead = packageUpdates.skipped !== null || patches.skipped !== null;
  if (partlyRead) metadataStale = true;

  const installed = installedVersionsByNameArch(packages);
  const updates = [
    ...packageUpdates.updates
      .filter((update) => update.kind === 'package')
      .map((update) => packageUpdate(update, installed)),
    ...patches.updates.filter((update) => update.kind === 'patch').map(patchUpdate),
  ];

  return {
    os,
    packages,
    updates,
    rebootRequired: readReboot(
      requireSection(run, 'needs-rebooting'),
      requireSection(run, 'reboot-needed-file'),
    ),
    metadataStale,
    warnings,
    offerSources,
    ...(partlyRead ? { unreadUpdateManagers: ['rpm'] as const } : {}),
  };
}

function readZypperList(
  section: ScriptSection,
  command: string,
  warnings: string[],
): { updates: ZypperUpdate[]; skipped: string | null } {
  if (!answeredExitCodes.has(section.exitCode)) {
    const errors = section.stdout.includes('<stream>') ? parseZypperXml(section.stdout, command).errors : [];
    throw new ParseError(
      `zypper ${command} failed (exit code ${section.exitCode}): ${errors.join(' / ') || stderrSummary(section)}.`,
    );
  }
  const parsed = parseZypperXml(section.stdout, command);
  // zypper answers an empty list, exit 0, when it has no repository at all (an unregistered or lapsed SLES): that
  // is nothing read, not nothing missing, or the device would look fully patched.
  if (parsed.warnings.some((warning) => noRepositories.test(warning))) {
    const unread =
      'zypper has no repositories (is the system registered?), so no updates or patches could be listed.';
    if (!warnings.includes(unread)) warnings.push(unread);
    return { updates: parsed.updates, skipped: unread };
  }
  if (section.exitCode !== reposSkippedExitCode) return { updates: parsed.updates, skipped: null };
  const skipped = `zypper ${command} skipped repositories it could not read, so their updates are missing: ${parsed.errors.join(' / ')}.`;
  warnings.push(skipped);
  return { updates: parsed.updates, skipped };
}

function packageUpdate(update: ZypperUpdate, installed: ReadonlyMap<string, string>): AvailableUpdate {
  const name = update.attributes.get('name') ?? '';
  const arch = update.attributes.get('arch') ?? null;
  return {
    name,
    installedVersion: update.attributes.get('edition-old') ?? installed.get(`${name}.${arch ?? ''}`) ?? null,
    availableVersion: update.attributes.get('edition') ?? '',
    arch,
    origin: update.repository,
    // Package updates carry no advisory in zypper's list; the patches that ship them are listed separately.
    security: false,
    classification: 'other',
    vendorSeverity: null,
    advisoryIds: [],
    cves: [],
    rebootRequired: null,
    manager: 'rpm',
  };
}

function patchUpdate(update: ZypperUpdate): AvailableUpdate {
  const name = update.attributes.get('name') ?? '';
  const category = (update.attributes.get('category') ?? '').toLowerCase();
  const severity = update.attributes.get('severity');
  const restart = update.attributes.get('restart');
  return {
    name,
    installedVersion: null,
    availableVersion: update.attributes.get('edition') ?? '',
    arch: update.attributes.get('arch') ?? null,
    origin: update.repository,
    security: category === 'security',
    classification: patchCategories[category] ?? 'other',
    vendorSeverity: severity && severity !== 'unspecified' ? severity : null,
    advisoryIds: [name],
    cves: update.issues.filter((issue) => issue.type === 'cve' && issue.id !== '').map((issue) => issue.id),
    rebootRequired: restart === undefined ? null : restart === 'true',
    manager: 'rpm',
  };
}

function readReboot(needsRebooting: ScriptSection, flagFile: ScriptSection): boolean {
  if (needsRebooting.exitCode === rebootNeededExitCode) return true;
  if (needsRebooting.exitCode === 0) return false;
  // Older zypper has no needs-rebooting command: fall back to the flag file libzypp writes.
  const flag = flagFile.stdout.trim();
  if (flag !== 'required' && flag !== 'not-required') {
    throw new ParseError(`The reboot-needed check printed something unexpected: "${flag.slice(0, 80)}".`);
  }
  return flag === 'required';
}
