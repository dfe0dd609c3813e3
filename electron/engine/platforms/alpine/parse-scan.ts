import type { AvailableUpdate, InstalledPackage } from '../../../../shared/domain/inventory';
import type { RemoteOutput, ScanDepth, ScanReport } from '../types';
import { ParseError } from '../types';
import {
  expectScript,
  requireSection,
  installedPackagesOutput,
  splitSections,
  stderrSummary,
} from '../script-sections';
import { readLinuxOsFacts } from '../linux-os-facts';
import { kernelRebootPending } from '../linux-kernel-reboot';
import { alpineScanScriptName } from './scan-script';
import { parseApkList, splitApkNameVersion } from './apk-list';

/** Parses the Alpine scan run (see alpineScanScript) into a ScanReport; throws ParseError on a broken run. */
export function parseAlpineScan(output: RemoteOutput, depth: ScanDepth): ScanReport {
  const run = splitSections(output.stdout);
  expectScript(run, alpineScanScriptName);
  const os = readLinuxOsFacts(run, 'alpine');

  const installedList = installedPackagesOutput(run, 'apk-installed', 'apk', 'an Alpine');
  const packages: InstalledPackage[] = parseApkList(installedList).map((entry) => ({
    name: entry.name,
    version: entry.version,
    arch: entry.arch,
    sourceName: entry.origin,
    // A subpackage always has its origin's version.
    sourceVersion: entry.version,
    manager: 'apk',
  }));
  if (packages.length === 0)
    throw new ParseError('apk listed no installed packages, which a working Alpine system always has.');

  const warnings: string[] = [];
  let metadataStale = true;
  if (depth === 'full') {
    const refresh = requireSection(run, 'apk-update');
    // apk update exits non-zero with "ERROR: … temporary error" lines when a repository is unreachable.
    metadataStale = refresh.exitCode !== 0 || /^(ERROR|WARNING): /m.test(refresh.stderr);
    if (metadataStale)
      warnings.push(
        `apk update failed, so the list of updates may be out of date: ${stderrSummary(refresh)}.`,
      );
  }

  const upgradable = requireSection(run, 'apk-upgradable');
  if (upgradable.exitCode !== 0)
    throw new ParseError(`apk could not list the upgradable packages: ${stderrSummary(upgradable)}.`);
  const updates: AvailableUpdate[] = parseApkList(upgradable.stdout).map((entry) => {
    const from = /^upgradable from: (\S+)$/.exec(entry.status);
    const installed = from?.[1] ? splitApkNameVersion(from[1]) : null;
    if (!installed)
      throw new ParseError(
        `apk list --upgradable printed "${entry.status}" where "upgradable from: name-version" belongs.`,
      );
    return {
      name: entry.name,
      installedVersion: installed.version,
      availableVersion: entry.version,
      arch: entry.arch,
      origin: null,
      // Alpine's index does not mark security fixes; the vulnerability matcher classifies them from secdb.
      security: false,
      classification: 'other',
      vendorSeverity: null,
      advisoryIds: [],
      cves: [],
      rebootRequired: null,
      manager: 'apk',
    };
  });

  return {
    os,
    packages,
    updates,
    rebootRequired: kernelRebootPending(requireSection(run, 'kernel')),
    metadataStale,
    warnings,
  };
}
