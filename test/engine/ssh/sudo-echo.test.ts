import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openSession, type SshSession } from '../../../electron/engine/ssh/connect';
import type { RemoteScript } from '../../../electron/engine/platforms/types';
import { startLocalSshd, testPassword, type LocalSshd } from './local-sshd';

/**
 * A device whose login set-up prints what it is sent, as a misconfigured profile or a wrapper that logs stdin does:
 * a banner on both outputs, then everything on stdin (the sudo password) on both outputs before the command starts,
 * and once more after the command ended, in two writes that split the password.
 */
const echoingLogin = `#!/bin/sh
printf 'login banner\\n'; printf 'login banner\\n' >&2
copy=$(mktemp)
{ tee "$copy" /dev/fd/3 /dev/fd/4 | { sleep 0.3; sh -c "$SSH_ORIGINAL_COMMAND"; }; } 3>&1 4>&2
status=$?
sleep 0.2
head -c 5 "$copy"; sleep 0.3; tail -c +6 "$copy"
rm -f "$copy"
exit $status
`;

const sudoScript = (script: string): RemoteScript => ({ shell: 'sh', script, sudo: true });

let wrapperDir: string;
let sshd: LocalSshd;
let session: SshSession;
beforeAll(async () => {
  wrapperDir = await mkdtemp(join(tmpdir(), 'pdssh-echo-'));
  await chmod(wrapperDir, 0o755);
  const wrapper = join(wrapperDir, 'echoing-login');
  await writeFile(wrapper, echoingLogin, { mode: 0o755 });
  sshd = await startLocalSshd({ forceCommand: wrapper });
  session = await openSession(sshd.target({ name: 'web-01' }));
});
afterAll(async () => {
  session.close();
  await sshd.stop();
  await rm(wrapperDir, { recursive: true, force: true });
});

describe('sudo on a device that echoes stdin', () => {
  it('streams nothing from before sudo’s marker, and never the password, yet all of the script’s output', async () => {
    const chunks: string[] = [];
    const output = await session.run(
      sudoScript('echo real-output; echo real-err >&2; sleep 0.2; echo more-output'),
      [],
      { onOutput: (chunk) => chunks.push(chunk) },
    );
    const live = chunks.join('');
    expect(output.exitCode).toBe(0);
    expect(live).not.toContain(testPassword);
    // The echo after the command came in two writes: not even its first half shows.
    expect(live).not.toContain(testPassword.slice(0, 5));
    expect(live).not.toContain('login banner');
    expect(live).not.toContain('patchdeck: sudo granted');
    for (const line of ['real-output\n', 'real-err\n', 'more-output\n']) expect(live).toContain(line);
    expect(live.indexOf('real-output')).toBeLessThan(live.indexOf('more-output'));
  });

  it('keeps the password out of the output it resolves with, which the job records', async () => {
    const output = await session.run(sudoScript('echo real-output; echo real-err >&2'));
    expect(`${output.stdout}${output.stderr}`).not.toContain(testPassword);
    expect(output.stdout).toContain('real-output\n');
    expect(output.stderr).toContain('real-err\n');
  });
});
