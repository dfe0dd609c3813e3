import { ParseError } from '../types';

/** One line of `dnf check-update`: the newer package a repository offers. */
export interface OfferedUpdate {
  readonly name: string;
  readonly arch: string;
  readonly evr: string;
  readonly repo: string;
}

// Chatter yum and dnf print around the list (plugins, cache age, dnf5's repository loading, yum-security's notes,
// RHEL's subscription-manager plugin).
const chatter = [
  /^Updating Subscription Management repositories\./,
  /^Unable to read consumer identity/,
  /^This system is (?:not )?registered /,
  /^Loaded plugins:/,
  /^\s+: /,
  /^Last metadata expiration check:/,
  /^Repo \S+ forced skip_if_unavailable/,
  /^Security: /,
  /^Updating and loading repositories:/,
  /^Repositories loaded\./,
];
const nameArchPattern = /^[^\s<>"'()]+\.[A-Za-z0-9_]+$/;
const evrPattern = /^(?:\d+:)?[^\s:-]+-[^\s-]+$/;

/**
 * Parses check-update's list of "name.arch  [epoch:]version-release  repo" lines. yum wraps a long name onto a line
 * of its own, so tokens are collected across line breaks. The "Obsoleting Packages" block that may follow is not
 * part of the list. Throws ParseError on a line that is neither an update nor known chatter.
 */
export function parseCheckUpdate(stdout: string): OfferedUpdate[] {
  const updates: OfferedUpdate[] = [];
  let pending: string[] = [];
  for (const line of stdout.split('\n')) {
    if (/^Obsoleting Packages/.test(line)) break;
    if (line.trim() === '' || chatter.some((pattern) => pattern.test(line))) continue;
    pending.push(...line.trim().split(/\s+/));
    if (pending.length < 3 && nameArchPattern.test(pending[0] ?? '')) continue;
    const [nameArch = '', evr = '', repo = ''] = pending;
    const dot = nameArch.lastIndexOf('.');
    if (pending.length !== 3 || !nameArchPattern.test(nameArch) || !evrPattern.test(evr)) {
      throw new ParseError(
        `check-update printed a line Patchdeck cannot read as "name.arch version repository": "${line.trim().slice(0, 160)}".`,
      );
    }
    updates.push({ name: nameArch.slice(0, dot), arch: nameArch.slice(dot + 1), evr, repo });
    pending = [];
  }
  if (pending.length > 0)
    throw new ParseError(`check-update's list ends in the middle of an entry: "${pending.join(' ')}".`);
  return updates;
}
