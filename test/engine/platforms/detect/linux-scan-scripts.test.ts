import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { alpineAdapter } from '../../../../electron/engine/platforms/alpine';
import { archAdapter } from '../../../../electron/engine/platforms/arch';
import { debianAdapter } from '../../../../electron/engine/platforms/debian';
import { rhelAdapter } from '../../../../electron/engine/platforms/rhel';
import { suseAdapter } from '../../../../electron/engine/platforms/suse';
import { ParseError } from '../../../../electron/engine/platforms/types';

const adapters = [debianAdapter, rhelAdapter, suseAdapter, alpineAdapter, archAdapter];

describe('every Linux scan script', () => {
  it.each(
    adapters.flatMap((adapter) =>
      (['quick', 'full'] as const).map((depth) => [adapter.family, depth, adapter] as const),
    ),
  )(
    '%s %s scan is POSIX sh that dash and busybox ash accept, starting with exec </dev/null',
    (_family, depth, adapter) => {
      const { script, shell } = adapter.scanScript(depth);
      expect(shell).toBe('sh');
      expect(script.startsWith('exec </dev/null\n')).toBe(true);
      expect(script).toContain('LC_ALL=C');
      execFileSync('dash', ['-n', '-c', script]);
      execFileSync('busybox', ['sh', '-n', '-c', script]);
    },
  );

  // This machine is Debian: the other families' scripts really run here and meet missing or empty tools, which
  // must end in a ParseError that says so, never in an empty "fully patched" report.
  it.each([
    [rhelAdapter, /neither dnf nor yum/],
    [suseAdapter, /rpm listed no installed packages|rpm could not list/],
    [alpineAdapter, /apk is missing/],
    [archAdapter, /pacman (is missing|could not list the installed packages)/],
  ] as const)(
    '$family quick scan run on Debian fails with a sentence naming the missing tool',
    (adapter, message) => {
      const stdout = execFileSync('sh', ['-c', adapter.scanScript('quick').script], { encoding: 'utf8' });
      expect(() => adapter.parseScan({ stdout, stderr: '', exitCode: 0 }, 'quick')).toThrow(ParseError);
      expect(() => adapter.parseScan({ stdout, stderr: '', exitCode: 0 }, 'quick')).toThrow(message);
    },
  );
});
