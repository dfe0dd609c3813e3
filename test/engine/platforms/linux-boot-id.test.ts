import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { alpineBootIdScript } from '../../../electron/engine/platforms/alpine/deploy-scripts';
import { parseArchBootId } from '../../../electron/engine/platforms/arch/deploy-parse';
import { debianBootIdScript } from '../../../electron/engine/platforms/debian/deploy-scripts';
import { linuxBootIdScript, parseLinuxBootId } from '../../../electron/engine/platforms/linux-boot-id';
import { parseRhelBootId } from '../../../electron/engine/platforms/rhel/deploy-parse';
import { ParseError } from '../../../electron/engine/platforms/types';

/** Runs a script with this machine's sh, as a device's sshd would. */
const run = (script: string) => ({
  stdout: execFileSync('sh', ['-c', script], { encoding: 'utf8' }),
  stderr: '',
  exitCode: 0,
});

describe('the Linux boot id (one script and parser for every Linux family)', () => {
  const bootId = fs.readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim();

  it("reads this kernel's boot id, framed under the family's script name", () => {
    expect(parseLinuxBootId(run(linuxBootIdScript('debian-boot-id')), 'debian-boot-id')).toBe(bootId);
    expect(parseRhelBootId(run(linuxBootIdScript('rhel-boot-id')))).toBe(bootId);
    expect(parseArchBootId(run(linuxBootIdScript('arch-boot-id')))).toBe(bootId);
    expect(debianBootIdScript).toBe(linuxBootIdScript('debian-boot-id'));
    expect(alpineBootIdScript).toContain('alpine-boot-id');
  });

  it("refuses another script's output, garbage, a truncated run and an id that is not a UUID", () => {
    const debian = run(linuxBootIdScript('debian-boot-id'));
    expect(() => parseLinuxBootId(debian, 'suse-boot-id')).toThrow(ParseError);
    expect(() =>
      parseLinuxBootId({ stdout: 'Permission denied\n', stderr: '', exitCode: 1 }, 'debian-boot-id'),
    ).toThrow(ParseError);
    expect(() => parseLinuxBootId({ stdout: '', stderr: '', exitCode: 255 }, 'debian-boot-id')).toThrow(
      ParseError,
    );
    const truncated = debian.stdout.slice(0, debian.stdout.indexOf(bootId));
    expect(() => parseLinuxBootId({ ...debian, stdout: truncated }, 'debian-boot-id')).toThrow(ParseError);
    const notUuid = run(
      linuxBootIdScript('debian-boot-id').replace('/proc/sys/kernel/random/boot_id', '/etc/hostname'),
    );
    expect(() => parseLinuxBootId(notUuid, 'debian-boot-id')).toThrow(/is not a UUID/);
  });
});
