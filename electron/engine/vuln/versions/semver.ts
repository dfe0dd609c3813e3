import { ok } from '../../../../shared/result';
import type { Result } from '../../../../shared/result';
import { DOT, HYPHEN, PLUS, isDigit } from './char-codes';
import type { Ordering } from './ordering';
import { compareDigitRuns, compareText } from './ranges';
import { invalidVersion } from './version-problem';

/** A SemVer 2.0.0 version; build metadata is kept for display but never affects precedence. */
export interface SemverVersion {
  readonly major: number;
  readonly minor: number;
  readonly patch: number;
  readonly prerelease: readonly string[];
  readonly build: readonly string[];
}

const IDENTIFIER = /^[0-9A-Za-z-]+$/;
const NUMBER = /^[0-9]+$/;
const coreNames = ['major', 'minor', 'patch'] as const;

/**
 * Checks a version against the SemVer 2.0.0 grammar, strictly: no leading `v`, three numbers without
 * leading zeros, dot-separated pre-release and build identifiers of letters, digits and hyphens.
 */
export function parseSemver(text: string): Result<SemverVersion> {
  if (text === '') return invalidVersion('semver', text, 'it is empty');
  if (/\s/.test(text)) return invalidVersion('semver', text, 'it contains a space');
  if (/^[vV=]/.test(text)) {
    return invalidVersion(
      'semver',
      text,
      `the leading ${JSON.stringify(text[0])} is not part of a SemVer version`,
    );
  }
  const plus = text.indexOf('+');
  const beforeBuild = plus >= 0 ? text.slice(0, plus) : text;
  const buildText = plus >= 0 ? text.slice(plus + 1) : undefined;
  const hyphen = beforeBuild.indexOf('-');
  const core = hyphen >= 0 ? beforeBuild.slice(0, hyphen) : beforeBuild;
  const prereleaseText = hyphen >= 0 ? beforeBuild.slice(hyphen + 1) : undefined;

  const parts = core.split('.');
  if (parts.length !== 3) {
    return invalidVersion(
      'semver',
      text,
      'it must start with three numbers separated by dots (major.minor.patch)',
    );
  }
  const numbers: number[] = [];
  for (const [index, part] of parts.entries()) {
    const name = coreNames[index] ?? 'patch';
    if (!NUMBER.test(part)) {
      return invalidVersion('semver', text, `the ${name} number ${JSON.stringify(part)} is not a number`);
    }
    if (part.length > 1 && part.startsWith('0')) {
      return invalidVersion('semver', text, `the ${name} number ${part} has a leading zero`);
    }
    const value = Number(part);
    if (!Number.isSafeInteger(value))
      return invalidVersion('semver', text, `the ${name} number ${part} is too big`);
    numbers.push(value);
  }

  const prerelease = prereleaseText === undefined ? [] : prereleaseText.split('.');
  for (const identifier of prerelease) {
    if (identifier === '') return invalidVersion('semver', text, 'the pre-release has an empty identifier');
    if (!IDENTIFIER.test(identifier)) {
      return invalidVersion(
        'semver',
        text,
        `the pre-release identifier ${JSON.stringify(identifier)} has characters other than letters, digits and hyphens`,
      );
    }
    if (NUMBER.test(identifier) && identifier.length > 1 && identifier.startsWith('0')) {
      return invalidVersion(
        'semver',
        text,
        `the numeric pre-release identifier ${identifier} has a leading zero`,
      );
    }
  }
  const build = buildText === undefined ? [] : buildText.split('.');
  for (const identifier of build) {
    if (identifier === '')
      return invalidVersion('semver', text, 'the build metadata has an empty identifier');
    if (!IDENTIFIER.test(identifier)) {
      return invalidVersion(
        'semver',
        text,
        `the build identifier ${JSON.stringify(identifier)} has characters other than letters, digits and hyphens`,
      );
    }
  }
  const [major = 0, minor = 0, patch = 0] = numbers;
  return ok({ major, minor, patch, prerelease, build });
}

/** True when `text` is a SemVer 2.0.0 version. */
export function isValidSemver(text: string): boolean {
  return parseSemver(text).ok;
}

function isNumeric(text: string, from: number, to: number): boolean {
  if (from === to) return false;
  for (let k = from; k < to; k++) if (!isDigit(text.charCodeAt(k))) return false;
  return true;
}

/** Index of the first `stop` at or after `from`, or `to` when there is none. */
function indexOrEnd(text: string, stop: number, from: number, to: number): number {
  for (let k = from; k < to; k++) if (text.charCodeAt(k) === stop) return k;
  return to;
}

/** End of the major.minor.patch core: the first `-` or `+`. */
function coreEnd(text: string): number {
  for (let k = 0; k < text.length; k++) {
    const code = text.charCodeAt(k);
    if (code === HYPHEN || code === PLUS) return k;
  }
  return text.length;
}

/**
 * Compares two versions by SemVer 2.0.0 precedence: major, minor, patch numerically; a pre-release is lower
 * than its release; pre-release identifiers one by one (numeric ones numerically and below alphanumeric ones,
 * those in ASCII order; fewer identifiers is lower); build metadata ignored. Does not validate.
 */
export function compareSemver(a: string, b: string): Ordering {
  const aCore = coreEnd(a);
  const bCore = coreEnd(b);
  let i = 0;
  let j = 0;
  for (let part = 0; part < 3; part++) {
    const iEnd = indexOrEnd(a, DOT, i, aCore);
    const jEnd = indexOrEnd(b, DOT, j, bCore);
    const result = compareDigitRuns(a, i, iEnd, b, j, jEnd);
    if (result !== 0) return result;
    i = Math.min(iEnd + 1, aCore);
    j = Math.min(jEnd + 1, bCore);
  }
  const aHasPre = a.charCodeAt(aCore) === HYPHEN;
  const bHasPre = b.charCodeAt(bCore) === HYPHEN;
  if (!aHasPre || !bHasPre) return aHasPre === bHasPre ? 0 : aHasPre ? -1 : 1;

  i = aCore + 1;
  j = bCore + 1;
  const aEnd = indexOrEnd(a, PLUS, i, a.length);
  const bEnd = indexOrEnd(b, PLUS, j, b.length);
  for (;;) {
    if (i > aEnd || j > bEnd) {
      // One list of identifiers ran out: the shorter list has lower precedence.
      if (i > aEnd && j > bEnd) return 0;
      return i > aEnd ? -1 : 1;
    }
    const iEnd = indexOrEnd(a, DOT, i, aEnd);
    const jEnd = indexOrEnd(b, DOT, j, bEnd);
    const aNumeric = isNumeric(a, i, iEnd);
    const bNumeric = isNumeric(b, j, jEnd);
    let result: Ordering;
    if (aNumeric && bNumeric) result = compareDigitRuns(a, i, iEnd, b, j, jEnd);
    else if (aNumeric !== bNumeric) result = aNumeric ? -1 : 1;
    else result = compareText(a, i, iEnd, b, j, jEnd);
    if (result !== 0) return result;
    i = iEnd + 1;
    j = jEnd + 1;
  }
}
