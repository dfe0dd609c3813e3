import { z } from 'zod';
import type {
  AvailableUpdate,
  InstalledPackage,
  OsFacts,
  PackageManager,
} from '../../../../shared/domain/inventory';
import { ParseError } from '../types';
import type { OfferSource, RemoteOutput, ScanDepth, ScanReport } from '../types';
import { parseChocoOutdated } from './chocolatey';
import { parseInstalledPrograms } from './installed-programs';
import {
  commandNotFoundExitCode,
  expectScript,
  requireSection,
  requireSucceeded,
  splitSections,
  stderrSummary,
} from '../script-sections';
import type { ScriptSection } from '../script-sections';
import { windowsScanScriptName } from './scan-script';
import { describeSearchFailure, parseInstalledUpdates, parseWindowsUpdateSearch } from './windows-update';
import { parseWingetUpgrade } from './winget';

const OsSection = z.object({
  caption: z.string(),
  version: z.string(),
  buildNumber: z.string(),
  osArchitecture: z.string(),
  ubr: z.string(),
  displayVersion: z.string(),
  hostname: z.string(),
  processorArchitecture: z.string(),
  powershellVersion: z.string(),
});

const RebootSignals = z.object({
  cbsRebootPending: z.boolean(),
  windowsUpdateRebootRequired: z.boolean(),
  pendingFileRenameOperations: z.boolean(),
  systemInfoRebootRequired: z.boolean().nullable(),
});

// PROCESSOR_ARCHITECTURE, which unlike Win32_OperatingSystem.OSArchitecture is not translated into the UI language.
const architectures: Readonly<Record<string, string>> = { AMD64: 'x86_64', ARM64: 'arm64', X86: 'x86' };

/**
 * Parse the whole output of the Windows scan script. Throws ParseError when the output is empty, garbage, cut off
 * before the script's end, or lacks the OS facts or the installed software; a failed Windows Update search, a
 * missing or failing winget or Chocolatey, or unreadable reboot signals become warnings.
 */
export function parseWindowsScan(output: RemoteOutput, depth: ScanDepth): ScanReport {
  const run = splitSections(output.stdout);
  expectScript(run, windowsScanScriptName);
  const { sections } = run;
  const warnings: string[] = [];
  const os = parseOsFacts(requireSection(run, 'os'));
  const updates: AvailableUpdate[] = [];
  let metadataStale = depth === 'quick';

  const search = requireSection(run, 'windows-update');
  let searchUnread: string | null = null;
  if (search.exitCode === 0) {
    const found = parseWindowsUpdateSearch(search.stdout);
    updates.push(...found.updates);
    if (found.incomplete) {
      searchUnread =
        'The Windows Update search finished with errors; the list of missing updates may be incomplete.';
    }
  } else {
    searchUnread = describeSearchFailure(search.stderr);
  }
  if (searchUnread !== null) {
    metadataStale = true;
    warnings.push(searchUnread);
  }

  const packages: InstalledPackage[] = [
    ...parseInstalledUpdates(
      requireSucceeded(run, 'update-history').stdout,
      requireSucceeded(run, 'hotfixes').stdout,
    ),
    ...parseInstalledPrograms(
      requireSucceeded(run, 'programs').stdout,
      os.arch === 'x86_64' ? 'x64' : os.arch,
    ),
  ];

  const winget = sections.get('winget');
  let wingetUnread: string | null;
  if (winget?.exitCode === commandNotFoundExitCode) {
    wingetUnread = 'winget is not available to this account; apps managed by winget were not checked.';
    warnings.push(wingetUnread);
  } else {
    wingetUnread = optional(winget, 'winget', warnings, (body) => {
      const listed = parseWingetUpgrade(body);
      updates.push(...listed.updates);
      if (listed.truncatedIds.length > 0) {
        warnings.push(
          `winget cut these package Ids short, so they cannot be upgraded by Id: ${listed.truncatedIds.join(', ')}.`,
        );
      }
    });
  }

  // Chocolatey is opt-in software: its absence is normal and not worth a warning.
  const choco = sections.get('choco');
  let chocoUnread: string | null = 'Chocolatey is not installed.';
  if (choco?.exitCode !== commandNotFoundExitCode) {
    // With enhanced exit codes Chocolatey exits 2 when it found outdated packages.
    const chocoSection = choco?.exitCode === 2 ? { ...choco, exitCode: 0 } : choco;
    chocoUnread = optional(chocoSection, 'choco', warnings, (body) => {
      const outdated = parseChocoOutdated(body);
      updates.push(...outdated.updates);
      if (outdated.pinned.length > 0) {
        warnings.push(
          `Pinned Chocolatey packages are outdated and will not upgrade until unpinned: ${outdated.pinned.join(', ')}.`,
        );
      }
    });
  }

  const rebootRequired = parseRebootSignals(sections.get('reboot-signals'), warnings);
  const offerSources: OfferSource[] = [
    { name: 'windows-update', lists: "Windows Update's updates", unread: searchUnread },
    { name: 'winget', lists: "winget's updates", unread: wingetUnread },
    { name: 'choco', lists: "Chocolatey's updates", unread: chocoUnread },
  ];
  // winget and Chocolatey that are not installed offer nothing; one that failed may still offer what it did before.
  const unreadUpdateManagers: PackageManager[] = [];
  if (searchUnread !== null) unreadUpdateManagers.push('hotfix');
  if (wingetUnread !== null && winget?.exitCode !== commandNotFoundExitCode)
    unreadUpdateManagers.push('winget');
  if (chocoUnread !== null && choco?.exitCode !== commandNotFoundExitCode) unreadUpdateManagers.push('choco');
  return {
    os,
    packages,
    updates,
    rebootRequired,
    metadataStale,
    warnings,
    offerSources,
    ...(unreadUpdateManagers.length > 0 ? { unreadUpdateManagers } : {}),
  };
}

function firstLine(text: string): string {
  const line = text
    .split('\n')
    .map((candidate) => candidate.trim())
    .find((candidate) => candidate !== '');
  if (line === undefined) return 'no message';
  return line.length > 200 ? `${line.slice(0, 199)}…` : line;
}

function parseOsFacts(section: ScriptSection): OsFacts {
  if (section.exitCode !== 0)
    throw new ParseError(`Reading the Windows version failed: ${stderrSummary(section)}.`);
  let json: unknown;
  try {
    json = JSON.parse(section.stdout);
  } catch {
    throw new ParseError('The Windows version section is not JSON.');
  }
  const parsed = OsSection.safeParse(json);
  if (!parsed.success || parsed.data.caption.trim() === '') {
    throw new ParseError(
      "The Windows version section does not have the fields Patchdeck's scan script writes.",
    );
  }
  const facts = parsed.data;
  const build = facts.ubr === '' ? facts.buildNumber : `${facts.buildNumber}.${facts.ubr}`;
  return {
    family: 'windows',
    name: facts.caption.trim(),
    id: 'windows',
    version: facts.ubr === '' ? facts.version : `${facts.version}.${facts.ubr}`,
    codename: facts.displayVersion === '' ? build : `${facts.displayVersion} (${build})`,
    kernel: facts.version,
    arch: architectures[facts.processorArchitecture.toUpperCase()] ?? (facts.processorArchitecture || null),
    hostname: facts.hostname || null,
  };
}

/** Run an optional section's parser; a failed or unparseable one becomes a warning, which is returned (else null). */
function optional(
  section: ScriptSection | undefined,
  name: string,
  warnings: string[],
  parse: (body: string) => void,
): string | null {
  const warn = (warning: string) => {
    warnings.push(warning);
    return warning;
  };
  if (!section) return warn(`The scan has no "${name}" section; those updates were not checked.`);
  if (section.exitCode !== 0) {
    // winget and choco print their errors on stdout; the script joins their stderr into it.
    return warn(
      `${name} failed with exit code ${String(section.exitCode)}: ${firstLine(section.stdout || section.stderr)}.`,
    );
  }
  try {
    parse(section.stdout);
    return null;
  } catch (error) {
    if (!(error instanceof ParseError)) throw error;
    return warn(`${error.message} Those updates were not checked.`);
  }
}

/**
 * Any of the standard signals means a reboot is pending. PendingFileRenameOperations is also set by installers
 * and antivirus that replace locked files, so it alone is reported, but named, so the technician can judge.
 */
function parseRebootSignals(section: ScriptSection | undefined, warnings: string[]): boolean {
  if (!section || section.exitCode !== 0) {
    const why = section ? stderrSummary(section) : 'no reboot-signals section';
    warnings.push(`Whether a reboot is pending could not be read: ${why}.`);
    return false;
  }
  let json: unknown;
  try {
    json = JSON.parse(section.stdout);
  } catch {
    json = null;
  }
  const parsed = RebootSignals.safeParse(json);
  if (!parsed.success) {
    warnings.push(
      'The reboot signals are not in the shape the scan script writes; whether a reboot is pending is unknown.',
    );
    return false;
  }
  const signals = parsed.data;
  const strong =
    signals.cbsRebootPending ||
    signals.windowsUpdateRebootRequired ||
    signals.systemInfoRebootRequired === true;
  if (!strong && signals.pendingFileRenameOperations) {
    warnings.push(
      'A reboot is pending only because of PendingFileRenameOperations (files an installer replaces at the next start).',
    );
  }
  return strong || signals.pendingFileRenameOperations;
}
