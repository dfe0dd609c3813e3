import { describe, expect, it } from 'vitest';
import {
  compareVersions,
  compareVersionsChecked,
  validateVersion,
  versionSchemes,
} from '../../../../electron/engine/vuln/versions';

describe('compareVersions', () => {
  // One pair per scheme where the schemes disagree, so a wrong dispatch cannot pass.
  it.each([
    ['dpkg', '1.0~rc1', '1.0', -1],
    ['rpm', '1.0', '1.0-1', -1],
    ['apk', '1.02', '1.1', -1],
    ['semver', '1.0.0-rc.10', '1.0.0-rc.9', 1],
    ['dpkg', '1.0a', '1.0.1', -1],
    ['rpm', '1.0a', '1.0.1', -1],
    ['apk', '1.0_p1', '1.0', 1],
  ] as const)('%s: %s vs %s is %i', (scheme, a, b, expected) => {
    expect(compareVersions(scheme, a, b)).toBe(expected);
    expect(compareVersions(scheme, b, a)).toBe(-expected);
  });

  it('differs between schemes on the same text', () => {
    expect(compareVersions('dpkg', '1.0', '1.0-0')).toBe(0);
    expect(compareVersions('rpm', '1.0', '1.0-0')).toBe(-1);
  });
});

describe('compareVersionsChecked', () => {
  it('compares valid versions', () => {
    expect(compareVersionsChecked('dpkg', '1:1.0-1', '2.0-1')).toEqual({ ok: true, value: 1 });
  });

  it('names the malformed version instead of guessing', () => {
    expect(compareVersionsChecked('dpkg', '1.0-1', '1:')).toEqual({
      ok: false,
      error: {
        code: 'invalid-input',
        message: '"1:" is not a valid Debian (dpkg) version: nothing follows the colon after the epoch.',
        field: 'version',
      },
    });
    for (const scheme of versionSchemes) {
      const answer = validateVersion(scheme, 'a b');
      expect(answer.ok).toBe(false);
    }
  });
});
