import { ok } from '../../../../shared/result';
import type { Result } from '../../../../shared/result';
import { CARET, COLON, DIGIT_0, HYPHEN, TILDE, isDigit, isLetter } from './char-codes';
import type { Ordering } from './ordering';
import { invalidVersion } from './version-problem';

/** An RPM EVR split as rpm's parseEVR() splits it: `[epoch:]version[-release]`. */
export interface RpmVersion {
  /** 0 when the text has none; rpm compares a missing epoch as 0. */
  readonly epoch: number;
  readonly version: string;
  /** Absent when the text has no hyphen; rpm sorts a missing release before any release. */
  readonly release?: string;
}

// rpmbuild's ALLOWED_CHARS_VERREL without the macro characters %{}, which never survive into a built package.
const FIELD_PUNCTUATION = '._+~^';

function firstIllegal(field: string): string | undefined {
  for (const ch of field) {
    const code = ch.charCodeAt(0);
    if (!isDigit(code) && !isLetter(code) && !FIELD_PUNCTUATION.includes(ch)) return ch;
  }
  return undefined;
}

/**
 * Splits and checks an RPM `[epoch:]version[-release]`. rpm itself accepts any string here; this applies the
 * rules rpmbuild enforces on the Epoch, Version and Release tags, so a value no real package can carry is
 * reported instead of silently compared.
 */
export function parseRpm(text: string): Result<RpmVersion> {
  if (text === '') return invalidVersion('rpm', text, 'it is empty');
  if (/\s/.test(text))
    return invalidVersion('rpm', text, 'it contains a space, and a version is a single word');
  let rest = text;
  let epoch = 0;
  const colon = text.indexOf(':');
  if (colon >= 0) {
    const epochText = text.slice(0, colon);
    if (epochText === '') return invalidVersion('rpm', text, 'the epoch before the colon is empty');
    if (!/^[0-9]+$/.test(epochText)) {
      return invalidVersion('rpm', text, `the epoch ${JSON.stringify(epochText)} is not a number`);
    }
    epoch = Number(epochText);
    if (!Number.isSafeInteger(epoch)) return invalidVersion('rpm', text, `the epoch ${epochText} is too big`);
    rest = text.slice(colon + 1);
    if (rest === '') return invalidVersion('rpm', text, 'nothing follows the colon after the epoch');
  }
  const hyphen = rest.lastIndexOf('-');
  const version = hyphen >= 0 ? rest.slice(0, hyphen) : rest;
  const release = hyphen >= 0 ? rest.slice(hyphen + 1) : undefined;
  if (version === '') return invalidVersion('rpm', text, 'the version is empty');
  if (release === '') return invalidVersion('rpm', text, 'the release after the hyphen is empty');
  if (version.includes('-')) {
    return invalidVersion(
      'rpm',
      text,
      'the version contains a hyphen, which may only separate version and release',
    );
  }
  const badVersion = firstIllegal(version);
  if (badVersion !== undefined) {
    return invalidVersion(
      'rpm',
      text,
      `the version contains ${JSON.stringify(badVersion)}; only letters, digits and . _ + ~ ^ are allowed`,
    );
  }
  const badRelease = release === undefined ? undefined : firstIllegal(release);
  if (badRelease !== undefined) {
    return invalidVersion(
      'rpm',
      text,
      `the release contains ${JSON.stringify(badRelease)}; only letters, digits and . _ + ~ ^ are allowed`,
    );
  }
  return ok(release === undefined ? { epoch, version } : { epoch, version, release });
}

/** True when `text` is an EVR that rpmbuild could have produced. */
export function isValidRpm(text: string): boolean {
  return parseRpm(text).ok;
}

function isAlnum(code: number): boolean {
  return isDigit(code) || isLetter(code);
}

/** rpm's rpmvercmp() over a[aFrom, aTo) and b[bFrom, bTo), walking indexes instead of copying segments. */
function compareFieldRange(
  a: string,
  aFrom: number,
  aTo: number,
  b: string,
  bFrom: number,
  bTo: number,
): Ordering {
  let i = aFrom;
  let j = bFrom;
  while (i < aTo || j < bTo) {
    while (i < aTo && !isAlnum(a.charCodeAt(i)) && a.charCodeAt(i) !== TILDE && a.charCodeAt(i) !== CARET)
      i++;
    while (j < bTo && !isAlnum(b.charCodeAt(j)) && b.charCodeAt(j) !== TILDE && b.charCodeAt(j) !== CARET)
      j++;
    const ac = i < aTo ? a.charCodeAt(i) : 0;
    const bc = j < bTo ? b.charCodeAt(j) : 0;

    if (ac === TILDE || bc === TILDE) {
      if (ac !== TILDE) return 1;
      if (bc !== TILDE) return -1;
      i++;
      j++;
      continue;
    }
    // A caret sorts after the end of the other string (the base version) but before anything else.
    if (ac === CARET || bc === CARET) {
      if (i >= aTo) return -1;
      if (j >= bTo) return 1;
      if (ac !== CARET) return 1;
      if (bc !== CARET) return -1;
      i++;
      j++;
      continue;
    }
    if (i >= aTo || j >= bTo) break;

    let iEnd = i;
    let jEnd = j;
    const numeric = isDigit(ac);
    if (numeric) {
      while (iEnd < aTo && isDigit(a.charCodeAt(iEnd))) iEnd++;
      while (jEnd < bTo && isDigit(b.charCodeAt(jEnd))) jEnd++;
    } else {
      while (iEnd < aTo && isLetter(a.charCodeAt(iEnd))) iEnd++;
      while (jEnd < bTo && isLetter(b.charCodeAt(jEnd))) jEnd++;
    }
    // Segments of different kinds: the numeric one is newer.
    if (jEnd === j) return numeric ? 1 : -1;

    if (numeric) {
      while (i < iEnd && a.charCodeAt(i) === DIGIT_0) i++;
      while (j < jEnd && b.charCodeAt(j) === DIGIT_0) j++;
      const aLength = iEnd - i;
      const bLength = jEnd - j;
      if (aLength !== bLength) return aLength > bLength ? 1 : -1;
    }
    // strcmp of the two segments: the first differing character decides, else the longer one is newer.
    while (i < iEnd && j < jEnd) {
      const difference = a.charCodeAt(i) - b.charCodeAt(j);
      if (difference !== 0) return difference > 0 ? 1 : -1;
      i++;
      j++;
    }
    if (i < iEnd) return 1;
    if (j < jEnd) return -1;
  }
  if (i >= aTo && j >= bTo) return 0;
  return i >= aTo ? -1 : 1;
}

/**
 * Compares one version or release field exactly as rpm's rpmvercmp() (Lua `rpm.vercmp`): alphanumeric
 * segments, numbers numerically and newer than letters, `~` before everything, `^` after the base version
 * but before anything else, other characters only separate.
 */
export function compareRpmField(a: string, b: string): Ordering {
  return compareFieldRange(a, 0, a.length, b, 0, b.length);
}

/** parseEVR(): the epoch is a leading run of digits ended by a colon; returns the colon's index, or -1. */
function epochColon(text: string): number {
  let digitsEnd = 0;
  while (digitsEnd < text.length && isDigit(text.charCodeAt(digitsEnd))) digitsEnd++;
  return text.charCodeAt(digitsEnd) === COLON ? digitsEnd : -1;
}

/** parseEVR(): the release follows the last hyphen after the epoch; returns its index, or -1. */
function releaseHyphen(text: string, from: number): number {
  for (let k = text.length - 1; k >= from; k--) if (text.charCodeAt(k) === HYPHEN) return k;
  return -1;
}

/**
 * Compares two full `[epoch:]version[-release]` strings exactly as rpm's rpmverCmp() (Lua `rpm.ver(a) <
 * rpm.ver(b)`): epoch, version, then release, each with rpmvercmp. A version without a release sorts before
 * the same version with any release, so `1.0` < `1.0-1`. Does not validate: check untrusted input first.
 */
export function compareRpm(a: string, b: string): Ordering {
  const aColon = epochColon(a);
  const bColon = epochColon(b);
  // A missing or empty epoch compares as "0".
  const epoch = compareEpochs(a, Math.max(aColon, 0), b, Math.max(bColon, 0));
  if (epoch !== 0) return epoch;
  const aVersionStart = aColon + 1;
  const bVersionStart = bColon + 1;
  const aHyphen = releaseHyphen(a, aVersionStart);
  const bHyphen = releaseHyphen(b, bVersionStart);
  const aVersionEnd = aHyphen < 0 ? a.length : aHyphen;
  const bVersionEnd = bHyphen < 0 ? b.length : bHyphen;
  const version = compareFieldRange(a, aVersionStart, aVersionEnd, b, bVersionStart, bVersionEnd);
  if (version !== 0) return version;
  if (aHyphen < 0 || bHyphen < 0) return aHyphen < 0 === bHyphen < 0 ? 0 : aHyphen < 0 ? -1 : 1;
  return compareFieldRange(a, aHyphen + 1, a.length, b, bHyphen + 1, b.length);
}

const ZERO = '0';

/** Epochs are compared as rpmvercmp strings with a missing epoch read as "0". */
function compareEpochs(a: string, aEnd: number, b: string, bEnd: number): Ordering {
  if (aEnd === 0 && bEnd === 0) return 0;
  return compareFieldRange(
    aEnd === 0 ? ZERO : a,
    0,
    aEnd === 0 ? 1 : aEnd,
    bEnd === 0 ? ZERO : b,
    0,
    bEnd === 0 ? 1 : bEnd,
  );
}
