import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { alpineAdapter } from '../../../../electron/engine/platforms/alpine';
import { archAdapter } from '../../../../electron/engine/platforms/arch';
import { debianAdapter } from '../../../../electron/engine/platforms/debian';
import { rhelAdapter } from '../../../../electron/engine/platforms/rhel';
import { suseAdapter } from '../../../../electron/engine/platforms/suse';
import { ParseError } from '../../../../electron/engine/platforms/types';
import { detectScript, parseDetection } from '../../../../electron/engine/platforms/detect';
import { buildCommandLine } from '../../../../electron/engine/ssh/command-line';

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
    // dnf may be installed here (the RHEL recordings were made with Debian's dnf), the rpm database is empty.
    [rhelAdapter, /neither dnf nor yum|rpm listed no installed packages/],
    [suseAdapter, /rpm listed no installed packages|rpm could not list/],
    [alpineAdapter, /apk is missing/],
    [archAdapter, /pacman (is missing|could not list the installed packages)/],
  ] as const)(
    '$family quick scan run on Debian fails with a sentence naming the missing tool or data',
    (adapter, message) => {
      const stdout = execFileSync('sh', ['-c', adapter.scanScript('quick').script], { encoding: 'utf8' });
      expect(() => adapter.parseScan({ stdout, stderr: '', exitCode: 0 }, 'quick')).toThrow(ParseError);
      expect(() => adapter.parseScan({ stdout, stderr: '', exitCode: 0 }, 'quick')).toThrow(message);
    },
  );
});

describe("scan scripts through the SSH layer's command line", () => {
  // sshd hands the command line to the login shell: run it with sh -c here, as sshd would.
  it('runs the Debian quick scan intact through buildCommandLine, quotes and all', () => {
    const line = buildCommandLine(debianAdapter.scanScript('quick'), [], false);
    const stdout = execFileSync('sh', ['-c', line], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
    const report = debianAdapter.parseScan({ stdout, stderr: '', exitCode: 0 }, 'quick');
    // Packages whose files are on disk: a removed package that kept its config files (rc) is not installed.
    const dpkgLines = execFileSync(
      'sh',
      ['-c', "dpkg-query -W -f='${db:Status-Abbrev}\\n' | grep -c '^.[itWUFH]'"],
      { encoding: 'utf8' },
    );
    expect(report.packages).toHaveLength(Number(dpkgLines.trim()));
  }, 180_000);

  it('runs the detection through the sudo form too (password on stdin never reaches the script)', () => {
    const line = buildCommandLine(detectScript, [], true);
    const stdout = execFileSync('sh', ['-c', line], { encoding: 'utf8', input: 'not-a-real-password\n' });
    expect(parseDetection({ stdout, stderr: '', exitCode: 0 }).os.id).toBe('debian');
  });
});
