import { ParseError } from '../types';

/** One installed package as `pacman -Q` prints it. */
export interface PacmanPackage {
  readonly name: string;
  readonly version: string;
}

/** One pending update as `pacman -Qu` and checkupdates print it. */
export interface PacmanUpdate {
  readonly name: string;
  readonly installedVersion: string;
  readonly availableVersion: string;
  /** pacman's IgnorePkg/IgnoreGroup holds it back. */
  readonly ignored: boolean;
}

// [epoch:]pkgver-pkgrel. pkgver may start with a letter: the AUR's VCS packages (paru-git) are versioned
// "r<commits>.<hash>", so "starts with a digit" would fail the whole scan of a machine with one installed.
const installedVersionPattern = /^(?:\d+:)?[^\s:/-]+-\d+(?:\.\d+)?$/;

/** Parses `pacman -Q` ("name version" per line); throws ParseError on a line of another shape. */
export function parsePacmanQuery(stdout: string): PacmanPackage[] {
  const packages: PacmanPackage[] = [];
  for (const line of stdout.split('\n')) {
    if (line.trim() === '') continue;
    const fields = line.trim().split(' ');
    const [name, version] = fields;
    if (fields.length !== 2 || !name || !version || !installedVersionPattern.test(version)) {
      throw new ParseError(
        `pacman -Q printed a line Patchdeck cannot read as "name version": "${line.slice(0, 160)}".`,
      );
    }
    packages.push({ name, version });
  }
  return packages;
}

/** Parses "name old -> new [ignored]" lines; throws ParseError on a line of another shape. */
export function parsePacmanUpdates(stdout: string): PacmanUpdate[] {
  const updates: PacmanUpdate[] = [];
  for (const line of stdout.split('\n')) {
    if (line.trim() === '') continue;
    const match = /^(\S+) (\S+) -> (\S+)( \[ignored\])?$/.exec(line.trim());
    if (!match?.[1] || !match[2] || !match[3]) {
      throw new ParseError(
        `pacman printed an update line Patchdeck cannot read as "name old -> new": "${line.slice(0, 160)}".`,
      );
    }
    updates.push({
      name: match[1],
      installedVersion: match[2],
      availableVersion: match[3],
      ignored: match[4] !== undefined,
    });
  }
  return updates;
}
