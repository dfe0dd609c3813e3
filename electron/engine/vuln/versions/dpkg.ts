import { ok } from '../../../../shared/result';
import type { Result } from '../../../../shared/result';
import { COLON, HYPHEN, SPACE, TAB, TILDE, isDigit, isLetter } from './char-codes';
import { toOrdering } from './ordering';
import type { Ordering } from './ordering';
import { invalidVersion } from './version-problem';

/** A Debian version split as dpkg splits it: `[epoch:]upstream[-revision]`. */
export interface DpkgVersion {
  readonly epoch: number;
  readonly upstream: string;
  /** Empty when the version has no hyphen; dpkg then compares it as equal to a revision of "0". */
  readonly revision: string;
}

// dpkg stores the epoch in an int and rejects anything above INT_MAX.
const MAX_EPOCH = 2147483647;
const UPSTREAM_PUNCTUATION = '.-+~:';
const REVISION_PUNCTUATION = '.+~';

function isBlank(code: number): boolean {
  return code === SPACE || code === TAB;
}

function firstIllegal(part: string, punctuation: string): string | undefined {
  for (const ch of part) {
    const code = ch.charCodeAt(0);
    if (!isDigit(code) && !isLetter(code) && !punctuation.includes(ch)) return ch;
  }
  return undefined;
}

/**
 * Splits and checks a Debian version with the rules of dpkg's parseversion(). Where dpkg only warns (an
 * upstream part that does not start with a digit, characters outside its alphabet) this rejects too: such
 * versions cannot come from a real archive, so they point at a broken feed or a parsing bug upstream of us. The epoch must be plain digits, where
 * dpkg's strtol() would also take a sign (`+1:1.0`).
 */
export function parseDpkg(text: string): Result<DpkgVersion> {
  // dpkg ignores blanks around the version, so a padded field from a package list is still the same version.
  let start = 0;
  let end = text.length;
  while (start < end && isBlank(text.charCodeAt(start))) start++;
  while (end > start && isBlank(text.charCodeAt(end - 1))) end--;
  const version = text.slice(start, end);
  if (version === '') return invalidVersion('dpkg', text, 'it is empty');
  if (/[ \t]/.test(version)) {
    return invalidVersion('dpkg', text, 'it contains a space, and a version is a single word');
  }

  let epoch = 0;
  let rest = version;
  const colon = version.indexOf(':');
  if (colon >= 0) {
    const epochText = version.slice(0, colon);
    if (epochText === '') return invalidVersion('dpkg', text, 'the epoch before the colon is empty');
    if (!/^[0-9]+$/.test(epochText)) {
      return invalidVersion('dpkg', text, `the epoch ${JSON.stringify(epochText)} is not a number`);
    }
    epoch = Number(epochText);
    if (epoch > MAX_EPOCH) {
      return invalidVersion('dpkg', text, `the epoch ${epochText} is too big (at most ${MAX_EPOCH})`);
    }
    rest = version.slice(colon + 1);
    if (rest === '') return invalidVersion('dpkg', text, 'nothing follows the colon after the epoch');
  }

  const hyphen = rest.lastIndexOf('-');
  const upstream = hyphen >= 0 ? rest.slice(0, hyphen) : rest;
  const revision = hyphen >= 0 ? rest.slice(hyphen + 1) : '';
  if (hyphen >= 0 && revision === '') {
    return invalidVersion('dpkg', text, 'the revision after the last hyphen is empty');
  }
  if (upstream === '') return invalidVersion('dpkg', text, 'the upstream version is empty');
  if (!isDigit(upstream.charCodeAt(0))) {
    return invalidVersion(
      'dpkg',
      text,
      `the upstream version ${JSON.stringify(upstream)} does not start with a digit`,
    );
  }
  const badUpstream = firstIllegal(upstream, UPSTREAM_PUNCTUATION);
  if (badUpstream !== undefined) {
    return invalidVersion(
      'dpkg',
      text,
      `the upstream version contains ${JSON.stringify(badUpstream)}; only letters, digits and . + ~ - : are allowed`,
    );
  }
  const badRevision = firstIllegal(revision, REVISION_PUNCTUATION);
  if (badRevision !== undefined) {
    return invalidVersion(
      'dpkg',
      text,
      `the revision contains ${JSON.stringify(badRevision)}; only letters, digits and . + ~ are allowed`,
    );
  }
  return ok({ epoch, upstream, revision });
}

/** True when `text` is a Debian version dpkg accepts without error or warning. */
export function isValidDpkg(text: string): boolean {
  return parseDpkg(text).ok;
}

/** dpkg's order() of one character of a non-digit run; 0 stands for the end of the part. */
function charOrder(code: number): number {
  if (isDigit(code)) return 0;
  if (isLetter(code)) return code;
  if (code === TILDE) return -1;
  return code + 256;
}

/** dpkg's verrevcmp() over text[aFrom, aTo) and other[bFrom, bTo), without slicing either string. */
function compareParts(a: string, aFrom: number, aTo: number, b: string, bFrom: number, bTo: number): number {
  let i = aFrom;
  let j = bFrom;
  while (i < aTo || j < bTo) {
    let firstDiff = 0;
    while ((i < aTo && !isDigit(a.charCodeAt(i))) || (j < bTo && !isDigit(b.charCodeAt(j)))) {
      const ac = i < aTo ? charOrder(a.charCodeAt(i)) : 0;
      const bc = j < bTo ? charOrder(b.charCodeAt(j)) : 0;
      if (ac !== bc) return ac - bc;
      i++;
      j++;
    }
    while (i < aTo && a.charCodeAt(i) === 48) i++;
    while (j < bTo && b.charCodeAt(j) === 48) j++;
    while (i < aTo && j < bTo && isDigit(a.charCodeAt(i)) && isDigit(b.charCodeAt(j))) {
      if (firstDiff === 0) firstDiff = a.charCodeAt(i) - b.charCodeAt(j);
      i++;
      j++;
    }
    if (i < aTo && isDigit(a.charCodeAt(i))) return 1;
    if (j < bTo && isDigit(b.charCodeAt(j))) return -1;
    if (firstDiff !== 0) return firstDiff;
  }
  return 0;
}

function firstNonBlank(text: string): number {
  let start = 0;
  while (start < text.length && isBlank(text.charCodeAt(start))) start++;
  return start;
}

function endWithoutBlanks(text: string, start: number): number {
  let end = text.length;
  while (end > start && isBlank(text.charCodeAt(end - 1))) end--;
  return end;
}

/** Index of the first colon in [start, end), which ends the epoch, or -1. */
function epochColon(text: string, start: number, end: number): number {
  for (let k = start; k < end; k++) if (text.charCodeAt(k) === COLON) return k;
  return -1;
}

/** The epoch as dpkg's strtol() reads it: the leading digits before the colon. */
function epochValue(text: string, start: number, colon: number): number {
  let epoch = 0;
  for (let k = start; k < colon; k++) {
    const code = text.charCodeAt(k);
    if (!isDigit(code)) break;
    epoch = epoch * 10 + (code - 48);
  }
  return epoch;
}

/** Index of the last hyphen in [from, end), which starts the revision, or `end` when there is none. */
function revisionHyphen(text: string, from: number, end: number): number {
  for (let k = end - 1; k >= from; k--) if (text.charCodeAt(k) === HYPHEN) return k;
  return end;
}

/**
 * Compares two Debian versions exactly as `dpkg --compare-versions` does: epoch numerically, then upstream
 * and revision with verrevcmp (`~` before everything, even the end; letters before other punctuation;
 * digit runs numerically). Does not validate: check untrusted input with parseDpkg or isValidDpkg first.
 */
export function compareDpkg(a: string, b: string): Ordering {
  // Bounds are plain locals, found the way parseversion() finds them (first colon, last hyphen), so a
  // comparison allocates nothing.
  const aStart = firstNonBlank(a);
  const bStart = firstNonBlank(b);
  const aEnd = endWithoutBlanks(a, aStart);
  const bEnd = endWithoutBlanks(b, bStart);
  const aColon = epochColon(a, aStart, aEnd);
  const bColon = epochColon(b, bStart, bEnd);
  const aEpoch = aColon < 0 ? 0 : epochValue(a, aStart, aColon);
  const bEpoch = bColon < 0 ? 0 : epochValue(b, bStart, bColon);
  if (aEpoch !== bEpoch) return aEpoch > bEpoch ? 1 : -1;
  const aVersionStart = aColon < 0 ? aStart : aColon + 1;
  const bVersionStart = bColon < 0 ? bStart : bColon + 1;
  const aHyphen = revisionHyphen(a, aVersionStart, aEnd);
  const bHyphen = revisionHyphen(b, bVersionStart, bEnd);
  const upstream = compareParts(a, aVersionStart, aHyphen, b, bVersionStart, bHyphen);
  if (upstream !== 0) return toOrdering(upstream);
  return toOrdering(compareParts(a, Math.min(aHyphen + 1, aEnd), aEnd, b, Math.min(bHyphen + 1, bEnd), bEnd));
}
