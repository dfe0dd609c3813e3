import { err } from '../../../../shared/result';
import type { Result } from '../../../../shared/result';

/** The technician-facing names of the schemes, used in every error sentence. */
const schemeNames = {
  dpkg: 'Debian (dpkg)',
  rpm: 'RPM',
  apk: 'Alpine (apk)',
  semver: 'SemVer',
} as const;

/**
 * Builds the rejection for a malformed version: one sentence that quotes the input and names the problem,
 * so a technician can see which advisory or package line is at fault.
 */
export function invalidVersion<T>(
  scheme: keyof typeof schemeNames,
  text: string,
  problem: string,
): Result<T> {
  return err({
    code: 'invalid-input',
    message: `${JSON.stringify(text)} is not a valid ${schemeNames[scheme]} version: ${problem}.`,
    field: 'version',
  });
}
