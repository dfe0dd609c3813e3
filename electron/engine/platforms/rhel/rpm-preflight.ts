import { AppError } from '../../../../shared/errors';
import { compareRpm, isValidRpm } from '../../vuln/versions';
import { commandNotFoundExitCode, stderrSummary } from '../script-sections';
import type { ScriptSection } from '../script-sections';
import type { PreflightPackage } from '../types';
import { ParseError } from '../types';

// The rpm side of a pre-flight, shared by the RHEL family (dnf) and SUSE (zypper): both install rpm packages.

// rpm names: letters, digits and ._+- (NetworkManager, gcc-c++), never starting with '-' (an option to rpm, dnf and
// zypper alike). Versions: [epoch:]version-release as dnf, zypper and Patchdeck's scans print them.
const packageNamePattern = /^[A-Za-z0-9_+][A-Za-z0-9._+-]*$/;
const versionPattern = /^(?:\d+:)?[A-Za-z0-9._+~^]+-[A-Za-z0-9._+~^]+$/;

/** True when `name` is an rpm package name. */
export function isRpmName(name: string): boolean {
  return packageNamePattern.test(name);
}

/** Throws AppError 'invalid-input' unless `version` is [epoch:]version-release. */
export function checkRpmVersion(version: string): void {
  if (!versionPattern.test(version) || !isValidRpm(version)) {
    throw new AppError('invalid-input', `"${version}" is not an rpm version-release.`, 'version');
  }
}

/**
 * sh function `pd_installed NAME...`: every installed version of the named packages, one "name epoch:version-release
 * arch" line each, in a query format Patchdeck chooses. Arguments that look like options (dnf's --advisory=)
 * are not packages and are left out, so rpm never reads them as options.
 */
export const shRpmInstalledFunction = `pd_installed() {
  for pd_a; do
    shift
    case "$pd_a" in -*) ;; *) set -- "$@" "$pd_a" ;; esac
  done
  if [ $# -eq 0 ]; then return 0; fi
  rpm -q --qf '%{NAME} %{EPOCHNUM}:%{VERSION}-%{RELEASE} %{ARCH}\\n' -- "$@"
}
`;

/** "0:1.2-3" as rpm -q prints it with EPOCHNUM; dnf, zypper and Patchdeck's records drop a zero epoch. */
export const withoutZeroEpoch = (evr: string) => evr.replace(/^0:/, '');

/** Splits whitespace-separated words into groups of `per`; throws ParseError when the last group is cut short. */
export function wordGroups(stdout: string, per: number, what: string): string[][] {
  const words = stdout.split(/\s+/).filter((word) => word !== '');
  if (words.length % per !== 0)
    throw new ParseError(`${what} printed ${words.length} words, not groups of ${per}.`);
  return Array.from({ length: words.length / per }, (_, index) =>
    words.slice(index * per, index * per + per),
  );
}

/**
 * Parses pd_installed: the newest installed version per name. Kernels are install-only, so rpm lists several
 * versions of one name; the newest is the one an update is measured against.
 */
export function parseRpmInstalled(section: ScriptSection): Map<string, string> {
  if (section.exitCode === commandNotFoundExitCode) throw new ParseError('rpm is missing on the device.');
  // rpm -q prints "package X is not installed" on stdout for each missing name and exits with their count.
  const notInstalled = /^package \S+ is not installed$/;
  const lines = section.stdout.split('\n').filter((line) => line.trim() !== '');
  const found = lines.filter((line) => !notInstalled.test(line.trim()));
  if (section.exitCode !== 0 && found.length === lines.length) {
    throw new ParseError(`rpm could not query the installed packages: ${stderrSummary(section)}.`);
  }
  const installed = new Map<string, string>();
  for (const [name, evr] of wordGroups(found.join('\n'), 3, 'rpm -q')) {
    const version = withoutZeroEpoch(evr!);
    const known = installed.get(name!);
    if (known === undefined || compareRpm(version, known) > 0) installed.set(name!, version);
  }
  return installed;
}

/** What a family says about the packages it cannot roll back. */
export interface RpmRollbackNotes {
  readonly kernel: RegExp;
  /** Why a kernel package is not rolled back on this family. */
  readonly kernelNote: (name: string) => string;
  /** Why an installed version nobody offers any more cannot be reinstalled. */
  readonly notOffered: (name: string, version: string) => string;
}

/**
 * One package's pre-flight verdict from its installed version and the versions repositories offer: the candidate
 * is the newest offer (never older than what is installed, which an upgrade would keep), and a rollback needs the
 * installed version to be offered still.
 */
export function rpmPreflightPackage(
  name: string,
  installed: string | null,
  offered: ReadonlySet<string>,
  notes: RpmRollbackNotes,
): PreflightPackage {
  const newest = [...offered].sort(compareRpm).at(-1) ?? null;
  const candidate =
    installed !== null && newest !== null && compareRpm(newest, installed) <= 0 ? installed : newest;
  if (installed === null) {
    return { name, installed, candidate, rollbackPossible: false, rollbackNote: `${name} is not installed.` };
  }
  if (notes.kernel.test(name)) {
    return { name, installed, candidate, rollbackPossible: false, rollbackNote: notes.kernelNote(name) };
  }
  const downloadable = offered.has(installed);
  return {
    name,
    installed,
    candidate,
    rollbackPossible: downloadable,
    rollbackNote: downloadable ? null : notes.notOffered(name, installed),
  };
}
