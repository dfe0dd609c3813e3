import { ok } from '../../../../shared/result';
import type { Result } from '../../../../shared/result';
import { DIGIT_0, DOT, HYPHEN, LOWER_A, LOWER_Z, TILDE, UNDERSCORE, isDigit } from './char-codes';
import type { Ordering } from './ordering';
import { compareDigitRuns, compareText } from './ranges';
import { invalidVersion } from './version-problem';

// The token kinds of apk-tools' src/version.c, in its order: the order is the semantics, because a version
// that stops earlier (a higher token kind comes next) is the older one.
const INITIAL_DIGIT = 0;
const DIGIT = 1;
const LETTER = 2;
const SUFFIX = 3;
const SUFFIX_NO = 4;
const COMMIT_HASH = 5;
const REVISION_NO = 6;
const END = 7;
const INVALID = 8;

// Suffix ranks, pre-release ones below NONE (a version with no suffix), post-release ones above it.
const SUFFIX_INVALID = 0;
const SUFFIX_NONE = 5;
const suffixNames: readonly string[] = ['', 'alpha', 'beta', 'pre', 'rc', '', 'cvs', 'svn', 'git', 'hg', 'p'];

/** Why a cursor stopped at INVALID, for the error sentence; the hot path never reads it. */
type ApkProblem =
  | 'no-initial-number'
  | 'misplaced-letter'
  | 'misplaced-dot'
  | 'missing-number'
  | 'misplaced-number'
  | 'misplaced-suffix'
  | 'unknown-suffix'
  | 'misplaced-hash'
  | 'empty-hash'
  | 'misplaced-revision'
  | 'hyphen-without-r'
  | 'illegal-character';

/**
 * One side of a comparison walking the version token by token, as apk-tools' token_state. Kept as two reused
 * instances so that comparing allocates nothing.
 */
class ApkCursor {
  text = '';
  position = 0;
  token = INITIAL_DIGIT;
  suffix = SUFFIX_INVALID;
  valueStart = 0;
  valueEnd = 0;
  /** Where the token being read starts, so an error can quote the text from there on. */
  tokenStart = 0;
  problem: ApkProblem | undefined;

  first(text: string): void {
    this.text = text;
    this.position = 0;
    this.tokenStart = 0;
    this.problem = undefined;
    this.token = INITIAL_DIGIT;
    this.parseDigits('no-initial-number');
  }

  next(): void {
    const text = this.text;
    this.tokenStart = this.position;
    if (this.position >= text.length) {
      this.token = END;
      return;
    }
    const code = text.charCodeAt(this.position);
    if (code >= LOWER_A && code <= LOWER_Z) {
      if (this.token > DIGIT) return this.fail('misplaced-letter');
      this.valueStart = this.position;
      this.valueEnd = ++this.position;
      this.token = LETTER;
      return;
    }
    if (code === DOT || isDigit(code)) {
      if (code === DOT) {
        if (this.token > DIGIT) return this.fail('misplaced-dot');
        this.position++;
      }
      if (this.token === INITIAL_DIGIT || this.token === DIGIT) this.token = DIGIT;
      else if (this.token === SUFFIX) this.token = SUFFIX_NO;
      else return this.fail('misplaced-number');
      this.parseDigits('missing-number');
      return;
    }
    if (code === UNDERSCORE) {
      if (this.token > SUFFIX_NO) return this.fail('misplaced-suffix');
      const start = ++this.position;
      while (this.position < text.length && isLowerLetter(text.charCodeAt(this.position))) this.position++;
      this.valueStart = start;
      this.valueEnd = this.position;
      this.suffix = suffixRank(text, start, this.position);
      if (this.suffix === SUFFIX_INVALID) return this.fail('unknown-suffix');
      this.token = SUFFIX;
      return;
    }
    if (code === TILDE) {
      if (this.token >= COMMIT_HASH) return this.fail('misplaced-hash');
      const start = ++this.position;
      while (this.position < text.length && isHexDigit(text.charCodeAt(this.position))) this.position++;
      this.valueStart = start;
      this.valueEnd = this.position;
      if (start === this.position) return this.fail('empty-hash');
      this.token = COMMIT_HASH;
      return;
    }
    if (code === HYPHEN) {
      if (this.token >= REVISION_NO) return this.fail('misplaced-revision');
      if (text.charCodeAt(this.position + 1) !== 114 /* r */) return this.fail('hyphen-without-r');
      this.position += 2;
      this.token = REVISION_NO;
      this.parseDigits('missing-number');
      return;
    }
    this.fail('illegal-character');
  }

  private parseDigits(problemIfNone: ApkProblem): void {
    const text = this.text;
    const start = this.position;
    while (this.position < text.length && isDigit(text.charCodeAt(this.position))) this.position++;
    this.valueStart = start;
    this.valueEnd = this.position;
    if (start === this.position) this.fail(problemIfNone);
  }

  private fail(problem: ApkProblem): void {
    this.token = INVALID;
    this.problem = problem;
  }
}

function isLowerLetter(code: number): boolean {
  return code >= LOWER_A && code <= LOWER_Z;
}

/** APK_CTYPE_HEXDIGIT of apk-tools' src/ctype.c: lowercase only, so `~ABC` is not a commit hash. */
function isHexDigit(code: number): boolean {
  return isDigit(code) || (code >= LOWER_A && code <= 102);
}

/** The rank of text[start, end) as a suffix name, found by index so that no substring is made. */
function suffixRank(text: string, start: number, end: number): number {
  for (let rank = 1; rank < suffixNames.length; rank++) {
    const name = suffixNames[rank] ?? '';
    if (name !== '' && name.length === end - start && text.startsWith(name, start)) return rank;
  }
  return SUFFIX_INVALID;
}

/** token_cmp() for two tokens of the same kind. */
function compareTokens(ta: ApkCursor, tb: ApkCursor): Ordering {
  switch (ta.token) {
    case DIGIT:
      // Gentoo's rule: a component with a leading zero is a fraction, compared as text (1.02 < 1.1).
      if (ta.text.charCodeAt(ta.valueStart) === DIGIT_0 || tb.text.charCodeAt(tb.valueStart) === DIGIT_0) {
        return compareText(ta.text, ta.valueStart, ta.valueEnd, tb.text, tb.valueStart, tb.valueEnd);
      }
      return compareDigitRuns(ta.text, ta.valueStart, ta.valueEnd, tb.text, tb.valueStart, tb.valueEnd);
    case INITIAL_DIGIT:
    case SUFFIX_NO:
    case REVISION_NO:
      return compareDigitRuns(ta.text, ta.valueStart, ta.valueEnd, tb.text, tb.valueStart, tb.valueEnd);
    case LETTER: {
      const difference = ta.text.charCodeAt(ta.valueStart) - tb.text.charCodeAt(tb.valueStart);
      return difference < 0 ? -1 : difference > 0 ? 1 : 0;
    }
    case SUFFIX:
      return ta.suffix < tb.suffix ? -1 : ta.suffix > tb.suffix ? 1 : 0;
    default:
      return compareText(ta.text, ta.valueStart, ta.valueEnd, tb.text, tb.valueStart, tb.valueEnd);
  }
}

const left = new ApkCursor();
const right = new ApkCursor();

/**
 * Compares two Alpine versions exactly as apk-tools' apk_version_compare(): numbers, a letter, suffixes
 * (`_alpha _beta _pre _rc` < none < `_cvs _svn _git _hg _p`, each with an optional number), a `~hash`, and
 * `-rN`. Components with a leading zero compare as text, as in Gentoo. Numbers compare by value at any
 * length, where apk-tools reads them into 64 bits; the two differ only past 18446744073709551615. Does not
 * validate: two versions that turn invalid at the same point compare equal, as in apk-tools.
 */
export function compareApk(a: string, b: string): Ordering {
  left.first(a);
  right.first(b);
  while (left.token === right.token && left.token < END) {
    const result = compareTokens(left, right);
    if (result !== 0) return result;
    left.next();
    right.next();
  }
  if (left.token === right.token) return 0;
  // The longer version is newer, unless what it has more of is a pre-release suffix.
  if (left.token === SUFFIX && left.suffix < SUFFIX_NONE) return -1;
  if (right.token === SUFFIX && right.suffix < SUFFIX_NONE) return 1;
  return left.token > right.token ? -1 : 1;
}

const problemSentences: Readonly<Record<ApkProblem, string>> = {
  'no-initial-number': 'it must start with a number',
  'misplaced-letter': 'a letter may only follow a number (as in 1.2a)',
  'misplaced-dot': 'a dot may only follow a number or letter of the version, not a suffix, hash or revision',
  'missing-number': 'a number is missing after a dot or -r',
  'misplaced-number': 'a number cannot follow a letter or a hash',
  'misplaced-suffix': 'a suffix cannot follow a hash or the revision',
  'unknown-suffix': 'the suffix is not one of _alpha _beta _pre _rc _cvs _svn _git _hg _p',
  'misplaced-hash': 'a ~hash may appear only once, before the revision',
  'empty-hash': 'the ~ is not followed by a hexadecimal commit hash',
  'misplaced-revision': 'there is more than one -r revision',
  'hyphen-without-r': 'a hyphen must start the revision, as in -r1',
  'illegal-character': 'it contains a character apk does not allow',
};

/** The parts of a valid Alpine version: the version proper and its package revision (`-rN`, 0 if absent). */
export interface ApkVersion {
  readonly version: string;
  readonly revision: number;
}

/** Checks an Alpine version with apk_version_validate()'s grammar and names the first problem found. */
export function parseApk(text: string): Result<ApkVersion> {
  if (text === '') return invalidVersion('apk', text, 'it is empty');
  const cursor = new ApkCursor();
  cursor.first(text);
  let revisionStart = -1;
  while (cursor.token < END) {
    if (cursor.token === REVISION_NO) revisionStart = cursor.valueStart;
    cursor.next();
  }
  if (cursor.token === INVALID) {
    const problem = problemSentences[cursor.problem ?? 'illegal-character'];
    return invalidVersion('apk', text, `${problem}, at ${JSON.stringify(text.slice(cursor.tokenStart))}`);
  }
  return ok(
    revisionStart < 0
      ? { version: text, revision: 0 }
      : { version: text.slice(0, revisionStart - 2), revision: Number(text.slice(revisionStart)) },
  );
}

/** True when apk-tools would accept `text` as a package version. */
export function isValidApk(text: string): boolean {
  return parseApk(text).ok;
}
