import type { AvailableUpdate } from '../../../../shared/domain/inventory';
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
import { archScanScriptName } from './scan-script';
import { parsePacmanQuery, parsePacmanUpdates } from './pacman-lists';

/** Parses the Arch scan run (see archScanScript) into a ScanReport; throws ParseError on a broken run. */
export function parseArchScan(output: RemoteOutput, depth: ScanDepth): ScanReport {
  const run = splitSections(output.stdout);
  expectScript(run, archScanScriptName);
  const os = readLinuxOsFacts(run, 'arch');

  const installedList = installedPackagesOutput(run, 'pacman-installed', 'pacman', 'an Arch');
  const packages = parsePacmanQuery(installedList).map((pkg) => ({
    name: pkg.name,
    version: pkg.version,
    // pacman -Q names neither architecture nor base package; both need a per-package query Patchdeck skips.
    arch: null,
    sourceName: null,
    sourceVersion: null,
    manager: 'pacman' as const,
  }));
  if (packages.length === 0)
    throw new ParseError('pacman listed no installed packages, which a working Arch system always has.');

  const section = requireSection(run, 'updates');
  // pacman -Qu exits 1 both when nothing is pending and on failure; only a failure prints "error:" lines.
  const failed =
    section.exitCode !== 0 &&
    (section.exitCode !== 1 || section.stdout.trim() !== '' || /^error:/m.test(section.stderr));
  if (failed) {
    const what =
      depth === 'full'
        ? 'Syncing a copy of the package databases failed'
        : 'pacman could not list the pending updates';
    throw new ParseError(`${what}, so the pending updates are unknown: ${stderrSummary(section)}.`);
  }
  const warnings = section.stderr
    .split('\n')
    .filter((line) => line.startsWith('warning: '))
    .map((line) => `pacman warned: ${line.slice('warning: '.length)}`);
  const metadataStale = depth === 'quick';
  const pending = parsePacmanUpdates(section.stdout);
  const ignored = pending.filter((update) => update.ignored).map((update) => update.name);
  if (ignored.length > 0) warnings.push(`pacman is configured to ignore updates to: ${ignored.join(', ')}.`);

  const updates: AvailableUpdate[] = pending.map((update) => ({
    name: update.name,
    installedVersion: update.installedVersion,
    availableVersion: update.availableVersion,
    arch: null,
    origin: null,
    security: false,
    classification: 'other',
    vendorSeverity: null,
    advisoryIds: [],
    cves: [],
    rebootRequired: null,
    manager: 'pacman',
  }));

  return {
    os,
    packages,
    updates,
    rebootRequired: kernelRebootPending(requireSection(run, 'kernel')),
    metadataStale,
    warnings,
  };
}
