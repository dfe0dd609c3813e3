import { DIGIT_0 } from './char-codes';
import type { Ordering } from './ordering';

// Comparisons of two slices [from, to) of version strings, without cutting them out (no allocation on the hot path).

/** Byte by byte, then the longer slice is bigger: strcmp-like, as apk-tools and SemVer compare text. */
export function compareText(
  a: string,
  aFrom: number,
  aTo: number,
  b: string,
  bFrom: number,
  bTo: number,
): Ordering {
  const length = Math.min(aTo - aFrom, bTo - bFrom);
  for (let k = 0; k < length; k++) {
    const difference = a.charCodeAt(aFrom + k) - b.charCodeAt(bFrom + k);
    if (difference !== 0) return difference < 0 ? -1 : 1;
  }
  const lengths = aTo - aFrom - (bTo - bFrom);
  return lengths < 0 ? -1 : lengths > 0 ? 1 : 0;
}

/** Digit runs by value at any length: leading zeros dropped, the longer run is bigger, else the first difference. */
export function compareDigitRuns(
  a: string,
  aFrom: number,
  aTo: number,
  b: string,
  bFrom: number,
  bTo: number,
): Ordering {
  while (aFrom < aTo && a.charCodeAt(aFrom) === DIGIT_0) aFrom++;
  while (bFrom < bTo && b.charCodeAt(bFrom) === DIGIT_0) bFrom++;
  if (aTo - aFrom !== bTo - bFrom) return aTo - aFrom < bTo - bFrom ? -1 : 1;
  return compareText(a, aFrom, aTo, b, bFrom, bTo);
}
