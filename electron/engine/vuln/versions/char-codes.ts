// Character codes the comparators test on the hot path; comparing numbers avoids allocating one-character strings.
export const DIGIT_0 = 48;
export const DIGIT_9 = 57;
export const UPPER_A = 65;
export const UPPER_Z = 90;
export const LOWER_A = 97;
export const LOWER_Z = 122;
export const TILDE = 126;
export const CARET = 94;
export const COLON = 58;
export const HYPHEN = 45;
export const PLUS = 43;
export const DOT = 46;
export const UNDERSCORE = 95;
export const SPACE = 32;
export const TAB = 9;

/** ASCII digit test, as C's isdigit in the "C" locale the reference tools use. */
export function isDigit(code: number): boolean {
  return code >= DIGIT_0 && code <= DIGIT_9;
}

/** ASCII letter test, as C's isalpha in the "C" locale. */
export function isLetter(code: number): boolean {
  return (code >= LOWER_A && code <= LOWER_Z) || (code >= UPPER_A && code <= UPPER_Z);
}
