import { ParseError } from '../types';

/** One line of `apk list`: the package, its architecture, origin (source package) and status. */
export interface ApkListEntry {
  readonly name: string;
  readonly version: string;
  readonly arch: string;
  readonly origin: string;
  /** What the brackets say: "installed", or the installed name-version for "upgradable from: …". */
  readonly status: string;
}

// name-version arch {origin} (license) [status]; the license may hold spaces ("MPL-2.0 AND MIT").
const listLine = /^(\S+) (\S+) \{([^}]*)\} \((.*)\) \[(.*)\]$/;

/**
 * Splits apk's "name-version" into its parts: the version is the last "-<digits…>-r<n>", since package names
 * may themselves contain hyphens and digits (py3-foo, libcrypto3).
 */
export function splitApkNameVersion(text: string): { name: string; version: string } | null {
  const match = /^(.+)-(\d[^-\s]*-r\d+)$/.exec(text);
  return match?.[1] && match[2] ? { name: match[1], version: match[2] } : null;
}

/** Parses `apk list` output; throws ParseError naming the first line of another shape. */
export function parseApkList(stdout: string): ApkListEntry[] {
  const entries: ApkListEntry[] = [];
  for (const raw of stdout.split('\n')) {
    const line = raw.trimEnd();
    if (line === '') continue;
    const match = listLine.exec(line);
    const split = match?.[1] ? splitApkNameVersion(match[1]) : null;
    if (!match || !split || !match[2] || match[5] === undefined) {
      throw new ParseError(`apk list printed a line Patchdeck cannot read: "${line.slice(0, 160)}".`);
    }
    entries.push({ ...split, arch: match[2], origin: match[3] || split.name, status: match[5] });
  }
  return entries;
}
