import type { InstalledPackage } from '../../../../shared/domain/inventory';
import { ParseError } from '../types';

/** Installed packages and the oddities the technician should hear about. */
export interface DpkgInventory {
  readonly packages: InstalledPackage[];
  readonly warnings: string[];
}

// Second letter of db:Status-Abbrev: the package's files are on disk in these states. Half-installed ones are
// kept (their files can still be vulnerable) but reported; config-files (c) and not-installed (n) are not.
const presentStates = new Set(['i', 't', 'W', 'U', 'F', 'H']);
const brokenStates: Readonly<Record<string, string>> = {
  U: 'unpacked',
  F: 'half-configured',
  H: 'half-installed',
};

/**
 * Parses `dpkg-query -W -f` lines of status, package, version, architecture, source package and source version
 * (tab-separated). Throws ParseError on a line of another shape or on an empty list.
 */
export function parseDpkgStatus(stdout: string): DpkgInventory {
  const packages: InstalledPackage[] = [];
  const warnings: string[] = [];
  const lines = stdout.split('\n');
  lines.forEach((line, index) => {
    if (line === '') return;
    const fields = line.split('\t');
    const [status, name, version, arch, sourceName, sourceVersion] = fields;
    if (fields.length !== 6 || !status || !name || !/^[a-z][a-zA-Z]/.test(status)) {
      throw new ParseError(
        `Line ${index + 1} of the dpkg-query output is not "status, package, version, architecture, source, source version": "${line.slice(0, 120)}".`,
      );
    }
    const state = status[1] ?? '';
    if (!presentStates.has(state)) return;
    if (!version)
      throw new ParseError(`dpkg-query lists package "${name}" as installed but without a version.`);
    const broken = brokenStates[state];
    if (broken)
      warnings.push(
        `Package ${name} is ${broken}: a previous install did not finish (run dpkg --configure -a).`,
      );
    packages.push({
      name,
      version,
      arch: arch || null,
      sourceName: sourceName || name,
      sourceVersion: sourceVersion || version,
      manager: 'dpkg',
    });
  });
  if (packages.length === 0)
    throw new ParseError(
      'dpkg-query listed no installed packages, which a working Debian system always has.',
    );
  return { packages, warnings };
}
