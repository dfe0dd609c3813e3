import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { rhelDeployment } from '../../../electron/engine/platforms/rhel/deploy-adapter';
import { parseRhelPreflight } from '../../../electron/engine/platforms/rhel/deploy-parse';
import { rhelPreflightScript } from '../../../electron/engine/platforms/rhel/deploy-scripts';

/** A framed pre-flight run with the given section bodies, as the RHEL script prints it. */
function framed(sections: Record<string, { stdout: string; exit?: number }>): string {
  const body = Object.entries(sections)
    .map(
      ([name, { stdout, exit = 0 }]) =>
        `@@patchdeck:section:${name}@@\n${stdout}\n@@patchdeck:stderr:${name}@@\n\n@@patchdeck:exit:${name}:${exit}@@\n`,
    )
    .join('');
  return `@@patchdeck:script:rhel-preflight@@\n${body}@@patchdeck:end:rhel-preflight@@\n`;
}

const base = {
  disk: {
    stdout:
      'Filesystem     1024-blocks    Used Available Capacity Mounted on\n/dev/vda1       20959212 2345678  18613534      12% /',
  },
  lock: { stdout: '' },
  reboot: { stdout: 'not-required' },
  'boot-id': { stdout: '9f5b7d7e-2f0c-4a7b-8d6e-0f1e2d3c4b5a' },
};

describe('RHEL pre-flight', () => {
  it('runs for real here (Debian ships rpm and dnf 4, without any repository): every section parses', () => {
    const stdout = execFileSync('sh', ['-c', rhelPreflightScript, 'patchdeck', 'bash'], { encoding: 'utf8' });
    expect(stdout).toContain('package bash is not installed');
    const preflight = parseRhelPreflight({ stdout, stderr: '', exitCode: 0 }, ['bash']);
    expect(preflight.packages).toEqual([
      {
        name: 'bash',
        installed: null,
        candidate: null,
        rollbackPossible: false,
        rollbackNote: 'bash is not installed.',
      },
    ]);
    expect(preflight.lockHolder).toBeNull();
    expect(preflight.freeBytes).toBeGreaterThan(0);
    expect(preflight.bootId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('reads installed (rpm -q) and offered (repoquery) versions; epochs, @System and side-by-side kernels handled', () => {
    const stdout = framed({
      ...base,
      installed: {
        stdout:
          'openssl 1:3.0.7-24.el9 x86_64\nkernel 0:5.14.0-362.13.1.el9_3 x86_64\nkernel 0:5.14.0-362.8.1.el9_3 x86_64\npackage nano is not installed',
        exit: 1,
      },
      available: {
        stdout: [
          'openssl 1:3.0.7-24.el9 x86_64 @System',
          'openssl 1:3.0.7-27.el9 x86_64 baseos',
          'openssl 1:3.0.7-25.el9 x86_64 baseos',
          'kernel 0:5.14.0-362.8.1.el9_3 x86_64 @System',
          'kernel 0:5.14.0-362.13.1.el9_3 x86_64 @System',
          'kernel 0:5.14.0-362.13.1.el9_3 x86_64 baseos',
          'kernel 0:5.14.0-362.18.1.el9_3 x86_64 baseos',
          'nano 0:5.6.1-5.el9 x86_64 appstream',
        ].join('\n'),
      },
    });
    const preflight = parseRhelPreflight({ stdout, stderr: '', exitCode: 0 }, ['openssl', 'kernel', 'nano']);
    expect(preflight.freeBytes).toBe(18613534 * 1024);
    expect(preflight.packages).toEqual([
      {
        name: 'openssl',
        installed: '1:3.0.7-24.el9',
        candidate: '1:3.0.7-27.el9',
        rollbackPossible: false,
        rollbackNote:
          'openssl 1:3.0.7-24.el9 is no longer offered by any enabled repository, so dnf could not downgrade to it.',
      },
      {
        name: 'kernel',
        installed: '5.14.0-362.13.1.el9_3',
        candidate: '5.14.0-362.18.1.el9_3',
        rollbackPossible: false,
        rollbackNote:
          'kernel is install-only: dnf installs the new kernel beside the old one and never replaces it, so going back means booting the old kernel (it stays in the boot menu), not a downgrade.',
      },
      {
        name: 'nano',
        installed: null,
        candidate: '5.6.1-5.el9',
        rollbackPossible: false,
        rollbackNote: 'nano is not installed.',
      },
    ]);
  });

  it('refuses a repoquery listing that is cut mid-entry', () => {
    const stdout = framed({
      ...base,
      installed: { stdout: 'openssl 1:3.0.7-24.el9 x86_64' },
      available: { stdout: 'openssl 1:3.0.7-27.el9 x86_64' },
    });
    expect(() => parseRhelPreflight({ stdout, stderr: '', exitCode: 0 }, ['openssl'])).toThrow(
      /not groups of 4/,
    );
  });

  it('builds dnf arguments: names, advisories, name-evr downgrades; refuses anything else', () => {
    expect(
      rhelDeployment.installArguments('3-9', 'upgrade', [
        { name: 'openssl', version: null },
        { name: '--advisory=RHSA-2024:1234', version: null },
      ]),
    ).toEqual(['3-9', 'upgrade', 'openssl', '--advisory=RHSA-2024:1234']);
    expect(
      rhelDeployment.installArguments('3-9', 'downgrade', [{ name: 'openssl', version: '1:3.0.7-24.el9' }]),
    ).toEqual(['3-9', 'downgrade', 'openssl-1:3.0.7-24.el9']);
    for (const bad of ['-y', '--setopt=x', 'a b', '--advisory=$(reboot)']) {
      expect(() => rhelDeployment.checkPackageName(bad)).toThrow(/is not an rpm package name or advisory/);
    }
    expect(() => rhelDeployment.checkVersion('1.0')).toThrow(/is not an rpm version-release/);
  });
});
