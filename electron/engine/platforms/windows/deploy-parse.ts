import { z } from 'zod';
import { assertNever } from '../../../../shared/errors';
import {
  commandNotFoundExitCode,
  expectScript,
  requireSection,
  splitSections,
  stderrSummary,
} from '../script-sections';
import type { ScriptOutput, ScriptSection } from '../script-sections';
import { parseTaggedRun } from '../tagged-run';
import type { InstallRun, Preflight, PreflightPackage, RemoteOutput } from '../types';
import { ParseError } from '../types';
import { parseWindowsItem } from './deploy-items';
import type { WindowsItem } from './deploy-items';
import {
  windowsBootIdScriptName,
  windowsInstallScriptName,
  windowsPreflightScriptName,
} from './deploy-scripts';
import { parseInstalledUpdates, titleVersion } from './windows-update';
import { cannotUpdate } from '../preflight-verdict';

function parseJson<T>(text: string, schema: z.ZodType<T>, what: string): T {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new ParseError(`The ${what} is not JSON (it may have been cut off).`);
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success)
    throw new ParseError(`The ${what} does not have the fields Patchdeck's script writes.`);
  return parsed.data;
}

const LockState = z.object({
  msiExecuteMutex: z.boolean(),
  installerBusy: z.boolean().nullable(),
  processes: z.array(z.object({ name: z.string(), pid: z.number().int() })),
});

const RebootSignals = z.object({
  cbsRebootPending: z.boolean(),
  windowsUpdateRebootRequired: z.boolean(),
  pendingFileRenameOperations: z.boolean(),
});

const Offered = z.object({
  resultCode: z.number().int(),
  updates: z.array(
    z.object({
      title: z.string(),
      kbArticleIds: z.array(z.string()),
      isUninstallable: z.boolean(),
      rebootBehavior: z.number().int(),
    }),
  ),
});

const WingetQuery = z.array(
  z.object({
    id: z.string(),
    list: z.string(),
    listExit: z.number().int(),
    versions: z.string(),
    versionsExit: z.number().int(),
  }),
);

const ChocoQuery = z.array(
  z.object({
    name: z.string(),
    installed: z.string().nullable(),
    versions: z.string(),
    versionsExit: z.number().int(),
  }),
);

/** One item of a finished run, as the SYSTEM task wrote it to result.json. */
const RunResult = z.array(
  z.object({
    item: z.string(),
    title: z.string(),
    /** WUA OperationResultCode: 0 not started, 1 in progress, 2 succeeded, 3 succeeded with errors, 4 failed, 5 aborted. */
    resultCode: z.number().int(),
    hresult: z.string().nullable(),
    rebootRequired: z.boolean(),
    exitCode: z.number().int().nullable(),
  }),
);
export type WindowsRunResult = z.infer<typeof RunResult>[number];

const resultCodes: Readonly<Record<number, string>> = {
  0: 'not started',
  1: 'still in progress',
  2: 'succeeded',
  3: 'succeeded with errors',
  4: 'failed',
  5: 'aborted',
};

// Codes a technician meets when an item fails, said in words (wuerror.h, winget's return codes, MSI).
const knownCodes: Readonly<Record<string, string>> = {
  '80070005': 'access denied',
  '80070643': 'the installer failed (fatal error during installation)',
  '80240017': 'the update does not apply to this device',
  '00240006': 'the update is already installed',
  '00240007': 'the update to remove is not installed',
  '00000BC2': 'installed, a restart is required (3010)',
  '8A15002B': 'winget found no applicable upgrade',
  '8A150014': 'winget found no installed package with this Id',
};

/** Parses the result.json of a run: one entry per item. Throws ParseError when it is not that JSON. */
export function parseWindowsRunResult(text: string): WindowsRunResult[] {
  return parseJson(text, RunResult, 'run result (result.json)');
}

function describeResult(result: WindowsRunResult): string {
  const title = result.title !== '' && result.title !== result.item ? ` (${result.title})` : '';
  const code = result.hresult?.replace(/^0x/i, '').toUpperCase();
  const meaning = code === undefined ? undefined : knownCodes[code];
  const outcome = resultCodes[result.resultCode] ?? `result code ${result.resultCode}`;
  const detail = result.hresult === null ? '' : `, ${result.hresult}${meaning ? ` (${meaning})` : ''}`;
  return `${result.item}${title}: ${outcome}${detail}${result.rebootRequired ? ', restart required' : ''}`;
}

const succeeded = (result: WindowsRunResult) => result.resultCode === 2 || result.resultCode === 3;

/**
 * Parses a run report of windowsInstallScript or windowsInstallStatusScript. The package managers' own output (the
 * run's log) is followed by one line per item saying what became of it; an item that did not succeed makes the run
 * fail even if the run's exit code said otherwise.
 */
export function parseWindowsInstall(output: RemoteOutput): InstallRun {
  const run = parseTaggedRun(output, windowsInstallScriptName);
  if (run.state !== 'finished') return run;
  const result = requireSection(splitSections(output.stdout), 'result');
  if (result.exitCode !== 0) {
    throw new ParseError(`The run's result could not be read: ${stderrSummary(result)}.`);
  }
  const results = parseWindowsRunResult(result.stdout);
  const summary = results.map(describeResult).join('\n');
  const failed = results.some((entry) => !succeeded(entry));
  return {
    ...run,
    exitCode: failed && run.exitCode === 0 ? 1 : run.exitCode,
    output: summary === '' ? run.output : `${run.output.trimEnd()}\n${summary}\n`,
  };
}

/** Parses windowsBootIdScript: the last boot time, in UTC. */
export function parseWindowsBootId(output: RemoteOutput): string {
  const run = splitSections(output.stdout);
  expectScript(run, windowsBootIdScriptName);
  return bootTime(requireSection(run, 'boot-id'));
}

function bootTime(section: ScriptSection): string {
  const text = section.stdout.trim();
  if (section.exitCode !== 0)
    throw new ParseError(`The last boot time could not be read: ${stderrSummary(section)}.`);
  if (!/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?Z$/.test(text)) {
    throw new ParseError(`The last boot time "${text.slice(0, 60)}" is not a UTC time.`);
  }
  return text;
}

/** winget redraws its spinner with carriage returns: what a console shows is the last redraw. */
function visibleLines(text: string): string[] {
  return text.split('\n').map((raw) => (raw.replace(/\r$/, '').split('\r').at(-1) ?? '').trimEnd());
}

const ruleLine = /^-{10,}$/;

/** What `winget list --id <id> --exact --source winget` says about one package. */
export interface WingetListed {
  /** The installed version; "Unknown" or "< 1.2" when winget cannot tell it exactly. */
  readonly installed: string;
  readonly available: string | null;
}

/**
 * Reads `winget list --id <id> --exact --source winget`: a table whose header is in the user's language, with the
 * columns Name, Id, Version and, only when an upgrade exists, Available (a Source column is left out when a source
 * is named, but read if present). The row is found by its Id; cells are taken from the Id on, so the width of the
 * name does not matter. Null when the package is not installed (no table, or no row with that Id). Throws
 * ParseError for a table without at least Name, Id and Version columns.
 */
export function parseWingetList(text: string, id: string): WingetListed | null {
  const lines = visibleLines(text);
  const rule = lines.findIndex((line) => ruleLine.test(line));
  if (rule < 1) return null;
  const columns = (lines[rule - 1] ?? '').trim().split(/\s+/).length;
  if (columns < 3 || columns > 5) {
    throw new ParseError(
      `winget list printed a table with ${columns} columns where Name, Id, Version (and Available) were expected.`,
    );
  }
  for (const line of lines.slice(rule + 1)) {
    const cells = line.trim().split(/\s+/);
    const at = cells.findIndex((cell) => cell.toLowerCase() === id.toLowerCase());
    if (at < 0) continue;
    const rest = cells.slice(at + 1);
    const bounded = rest[0] === '<' || rest[0] === '>';
    const installed = bounded ? `${rest[0]} ${rest[1] ?? ''}`.trim() : rest[0];
    if (installed === undefined || installed === '') {
      throw new ParseError(`winget list printed a row for ${id} without a version: "${line.slice(0, 120)}".`);
    }
    const after = rest.slice(bounded ? 2 : 1);
    // With five columns the last cell is the source; with four it is Available.
    const available = columns === 5 ? (after.length === 2 ? after[0] : undefined) : after[0];
    return { installed, available: available !== undefined && /\d/.test(available) ? available : null };
  }
  return null;
}

/**
 * Reads `winget show --id <id> --exact --versions`: a "Found … [Id]" line, then a one-column table of versions.
 * Throws ParseError when there is no such table.
 */
export function parseWingetVersions(text: string): string[] {
  const lines = visibleLines(text);
  const rule = lines.findIndex((line) => /^-{3,}$/.test(line.trim()));
  if (rule < 0) throw new ParseError('winget show --versions printed no table of versions.');
  return lines
    .slice(rule + 1)
    .map((line) => line.trim())
    .filter((line) => line !== '');
}

/**
 * Reads `choco search <name> --exact --all-versions -r`: "name|version" per line. Lines without a pipe (warnings)
 * are skipped; a line with a pipe that is not such a row throws ParseError.
 */
export function parseChocoVersions(text: string, name: string): string[] {
  const versions: string[] = [];
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (!line.includes('|')) continue;
    const match = /^([^|\s]+)\|([^|\s]+)$/.exec(line);
    if (!match)
      throw new ParseError(`choco search printed a line that is not "name|version": "${line.slice(0, 80)}".`);
    if (match[1]?.toLowerCase() === name.toLowerCase() && match[2]) versions.push(match[2]);
  }
  return versions;
}

/** Compares dotted versions part by part, numbers as numbers ("1.10" after "1.9"). */
function compareDotted(a: string, b: string): number {
  const left = a.split(/[.+-]/);
  const right = b.split(/[.+-]/);
  for (let index = 0; index < Math.max(left.length, right.length); index += 1) {
    const x = left[index] ?? '0';
    const y = right[index] ?? '0';
    const difference = /^\d+$/.test(x) && /^\d+$/.test(y) ? Number(x) - Number(y) : x.localeCompare(y, 'en');
    if (difference !== 0) return difference;
  }
  return 0;
}

function optionalSection(run: ScriptOutput, name: string, tool: string): ScriptSection | null {
  const section = requireSection(run, name);
  if (section.exitCode === commandNotFoundExitCode) return null;
  if (section.exitCode !== 0) throw new ParseError(`${tool} could not be asked: ${stderrSummary(section)}.`);
  return section;
}

function lockHolder(section: ScriptSection): string | null {
  if (section.exitCode !== 0) return null;
  const lock = parseJson(section.stdout, LockState, 'installer lock check');
  const holders: string[] = [];
  if (lock.msiExecuteMutex) holders.push('Windows Installer (an MSI install is running)');
  if (lock.installerBusy === true) holders.push('Windows Update (its installer is busy)');
  for (const process of lock.processes) holders.push(`${process.name} (pid ${process.pid})`);
  return holders.length === 0 ? null : holders.join(', ');
}

function kbVerdict(
  kb: string,
  installedKbs: ReadonlyMap<string, string>,
  offered: readonly z.infer<typeof Offered>['updates'][number][] | string,
): Omit<PreflightPackage, 'name'> {
  const installed = installedKbs.get(kb) ?? null;
  if (installed !== null) {
    return {
      installed,
      candidate: null,
      rollbackPossible: false,
      rollbackNote: `${kb} is already installed.`,
    };
  }
  if (typeof offered === 'string') {
    return {
      kind: 'update',
      installed: null,
      candidate: kb,
      rollbackPossible: false,
      rollbackNote: `Windows Update could not be asked whether ${kb} can be uninstalled (${offered}); count it as permanent.`,
    };
  }
  const update = offered.find((entry) =>
    entry.kbArticleIds.some((id) => `KB${id.replace(/^KB/i, '')}` === kb),
  );
  if (update === undefined) {
    return { kind: 'update', ...cannotUpdate(`Windows Update does not offer ${kb} to this device.`) };
  }
  return {
    kind: 'update',
    installed: null,
    // What the scan will record once it is installed: the title's version (definition updates) or the KB itself.
    candidate: titleVersion(update.title) ?? kb,
    rollbackPossible: update.isUninstallable,
    rollbackNote: update.isUninstallable
      ? null
      : `${kb} (${update.title}) is permanent: Windows does not let it be uninstalled once installed (servicing stack updates and many cumulative updates are).`,
  };
}

function wingetVerdict(
  item: WindowsItem,
  query: z.infer<typeof WingetQuery> | null,
): Omit<PreflightPackage, 'name'> {
  if (query === null) {
    return cannotUpdate(`winget is not installed on this device, so ${item.id} cannot be updated with it.`);
  }
  const entry = query.find((candidate) => candidate.id === item.id);
  if (entry === undefined) throw new ParseError(`The winget check has no entry for ${item.id}.`);
  const listed = parseWingetList(entry.list, item.id);
  if (listed === null) {
    return cannotUpdate(`winget finds no installed ${item.id} from the winget source.`);
  }
  const versions = entry.versionsExit === 0 ? parseWingetVersions(entry.versions) : [];
  const offered = versions.includes(listed.installed);
  return {
    installed: listed.installed,
    candidate: listed.available ?? listed.installed,
    rollbackPossible: offered,
    rollbackNote: offered
      ? null
      : `${item.id} ${listed.installed} is not offered by the winget source, so it could not be reinstalled.`,
  };
}

function chocoVerdict(
  item: WindowsItem,
  query: z.infer<typeof ChocoQuery> | null,
): Omit<PreflightPackage, 'name'> {
  if (query === null) {
    return cannotUpdate(
      `Chocolatey is not installed on this device, so ${item.id} cannot be updated with it.`,
    );
  }
  const entry = query.find((candidate) => candidate.name === item.id);
  if (entry === undefined) throw new ParseError(`The Chocolatey check has no entry for ${item.id}.`);
  const versions = entry.versionsExit === 0 ? parseChocoVersions(entry.versions, item.id) : [];
  const newest = [...versions].sort(compareDotted).at(-1) ?? null;
  const installed = entry.installed;
  if (installed === null) {
    return {
      installed: null,
      candidate: newest,
      rollbackPossible: false,
      rollbackNote: `${item.id} is not installed by Chocolatey.`,
    };
  }
  const offered = versions.includes(installed);
  return {
    installed,
    candidate: newest !== null && compareDotted(newest, installed) > 0 ? newest : installed,
    rollbackPossible: offered,
    rollbackNote: offered
      ? null
      : `${item.id} ${installed} is not offered by the configured Chocolatey sources${entry.versionsExit === 0 ? '' : ' (they could not be searched)'}, so it could not be reinstalled.`,
  };
}

/** Parses the Windows pre-flight run (windowsPreflightScript) for the items it was given. */
export function parseWindowsPreflight(output: RemoteOutput, packages: readonly string[]): Preflight {
  const run = splitSections(output.stdout);
  expectScript(run, windowsPreflightScriptName);

  const disk = requireSection(run, 'disk');
  const free = disk.stdout.trim();
  const freeBytes = disk.exitCode === 0 && /^\d+$/.test(free) ? Number(free) : null;

  const reboot = requireSection(run, 'reboot');
  if (reboot.exitCode !== 0) {
    throw new ParseError(`Whether a reboot is pending could not be read: ${stderrSummary(reboot)}.`);
  }
  const signals = parseJson(reboot.stdout, RebootSignals, 'reboot check');

  const boot = requireSection(run, 'boot-id');
  const bootId = boot.exitCode === 0 ? bootTime(boot) : null;

  const hotfixes = requireSection(run, 'hotfixes');
  if (hotfixes.exitCode !== 0) {
    throw new ParseError(`Get-HotFix could not list the installed updates: ${stderrSummary(hotfixes)}.`);
  }
  // Windows Update's history can be refused to an SSH logon (0x80070005); Get-HotFix alone still answers.
  const history = requireSection(run, 'update-history');
  const installedKbs = new Map(
    parseInstalledUpdates(history.exitCode === 0 ? history.stdout : '[]', hotfixes.stdout).map(
      (update) => [update.name, update.version] as const,
    ),
  );
  const offeredSection = requireSection(run, 'offered');
  const offered =
    offeredSection.exitCode === 0
      ? parseJson(offeredSection.stdout, Offered, 'Windows Update search result').updates
      : stderrSummary(offeredSection);

  const wingetSection = optionalSection(run, 'winget', 'winget');
  const winget = wingetSection && parseJson(wingetSection.stdout, WingetQuery, 'winget check');
  const chocoSection = optionalSection(run, 'choco', 'Chocolatey');
  const choco = chocoSection && parseJson(chocoSection.stdout, ChocoQuery, 'Chocolatey check');

  const checked = packages.map((name): PreflightPackage => {
    const item = parseWindowsItem(name);
    switch (item.source) {
      case 'kb':
        return { name, ...kbVerdict(item.id, installedKbs, offered) };
      case 'winget':
        return { name, ...wingetVerdict(item, winget) };
      case 'choco':
        return { name, ...chocoVerdict(item, choco) };
      default:
        return assertNever(item.source, 'Windows item source');
    }
  });
  return {
    freeBytes,
    lockHolder: lockHolder(requireSection(run, 'lock')),
    rebootPending:
      signals.cbsRebootPending || signals.windowsUpdateRebootRequired || signals.pendingFileRenameOperations,
    bootId,
    packages: checked,
  };
}
