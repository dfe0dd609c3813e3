import type { ScanDepth, RemoteOutput, ScanReport } from '../types';
import { ParseError } from '../types';
import {
  expectScript,
  requireSection,
  installedPackagesOutput,
  splitSections,
  stderrSummary,
} from '../script-sections';
import type { ScriptSection } from '../script-sections';
import { readLinuxOsFacts } from '../linux-os-facts';
import { debianScanScriptName } from './scan-script';
import { parseDpkgStatus } from './dpkg-status';
import { parseAptSimulation } from './apt-simulation';

// apt-get update exits 0 even when every mirror failed: these stderr lines are how it says so.
const refreshFailure = /^(E: |W: Failed to fetch |W: Some index files failed to download)/m;

/** Parses the Debian scan run (see debianScanScript) into a ScanReport; throws ParseError on a broken run. */
export function parseDebianScan(output: RemoteOutput, depth: ScanDepth): ScanReport {
  const run = splitSections(output.stdout);
  expectScript(run, debianScanScriptName);
  const os = readLinuxOsFacts(run, 'debian');

  const inventory = parseDpkgStatus(installedPackagesOutput(run, 'dpkg', 'dpkg-query', 'a Debian-family'));
  const warnings = [...inventory.warnings];

  let metadataStale = true;
  if (depth === 'full') {
    const refresh = requireSection(run, 'apt-update');
    metadataStale = refresh.exitCode !== 0 || refreshFailure.test(refresh.stderr);
    if (metadataStale) {
      warnings.push(
        `apt-get update failed, so the list of updates may be out of date: ${stderrSummary(refresh)}.`,
      );
    } else {
      warnings.push(...aptWarnings(refresh).map((warning) => `apt-get update warned: ${warning}`));
    }
  }

  const simulate = requireSection(run, 'apt-simulate');
  if (simulate.exitCode !== 0) {
    throw new ParseError(`apt-get could not work out the missing updates: ${stderrSummary(simulate)}.`);
  }
  const simulation = parseAptSimulation(simulate.stdout, inventory.packages);
  warnings.push(...simulation.warnings);

  const reboot = readRebootFlag(requireSection(run, 'reboot'));
  if (reboot.packages.length > 0)
    warnings.push(`A reboot is pending for updates to: ${reboot.packages.join(', ')}.`);

  return {
    os,
    packages: inventory.packages,
    updates: simulation.updates,
    rebootRequired: reboot.required,
    metadataStale,
    warnings,
  };
}

function aptWarnings(section: ScriptSection): string[] {
  return section.stderr
    .split('\n')
    .filter((line) => line.startsWith('W: '))
    .map((line) => line.slice(3).trim());
}

function readRebootFlag(section: ScriptSection): { required: boolean; packages: string[] } {
  const [flag, ...rest] = section.stdout.split('\n').map((line) => line.trim());
  if (section.exitCode !== 0 || (flag !== 'required' && flag !== 'not-required')) {
    throw new ParseError(
      `The reboot check printed something unexpected: "${section.stdout.trim().slice(0, 80)}".`,
    );
  }
  return { required: flag === 'required', packages: [...new Set(rest.filter((line) => line !== ''))] };
}
