import { assertNever } from '../../../../shared/errors';
import { ok } from '../../../../shared/result';
import type { Result } from '../../../../shared/result';
import { compareApk, parseApk } from './apk';
import { compareDpkg, parseDpkg } from './dpkg';
import type { Ordering } from './ordering';
import { compareRpm, parseRpm } from './rpm';
import { compareSemver, parseSemver } from './semver';

/** The version schemes Patchdeck compares: one per package manager, plus SemVer for language ecosystems. */
export const versionSchemes = ['dpkg', 'rpm', 'apk', 'semver'] as const;
export type VersionScheme = (typeof versionSchemes)[number];

/**
 * Compares two versions of one scheme exactly as that scheme's reference tool does. Fast and unchecked:
 * use it on versions that were validated when they entered the database (see compareVersionsChecked).
 */
export function compareVersions(scheme: VersionScheme, a: string, b: string): Ordering {
  switch (scheme) {
    case 'dpkg':
      return compareDpkg(a, b);
    case 'rpm':
      return compareRpm(a, b);
    case 'apk':
      return compareApk(a, b);
    case 'semver':
      return compareSemver(a, b);
    default:
      return assertNever(scheme, 'version scheme');
  }
}

/** Validates `text` in the given scheme, answering the sentence that names the problem when it is malformed. */
export function validateVersion(scheme: VersionScheme, text: string): Result<string> {
  const parsed = parseVersion(scheme, text);
  return parsed.ok ? ok(text) : parsed;
}

function parseVersion(scheme: VersionScheme, text: string): Result<unknown> {
  switch (scheme) {
    case 'dpkg':
      return parseDpkg(text);
    case 'rpm':
      return parseRpm(text);
    case 'apk':
      return parseApk(text);
    case 'semver':
      return parseSemver(text);
    default:
      return assertNever(scheme, 'version scheme');
  }
}

/**
 * Compares two versions after validating both, for input straight from a feed or a device: a malformed
 * version is an error naming it, never a silent guess that could hide a vulnerable package.
 */
export function compareVersionsChecked(scheme: VersionScheme, a: string, b: string): Result<Ordering> {
  const first = validateVersion(scheme, a);
  if (!first.ok) return first;
  const second = validateVersion(scheme, b);
  if (!second.ok) return second;
  return ok(compareVersions(scheme, a, b));
}
