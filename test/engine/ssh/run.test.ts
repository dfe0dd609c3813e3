import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../../../shared/errors';
import { openSession, type SshSession } from '../../../electron/engine/ssh/connect';
import type { RemoteScript } from '../../../electron/engine/platforms/types';
import { startLocalSshd, testPassword, testUsers, type LocalSshd } from './local-sshd';

const sh = (script: string, sudo = false): RemoteScript => ({ shell: 'sh', script, sudo });
// Each argument followed by a NUL, so what arrived can be compared byte for byte.
const echoArgs = sh(`for a in "$@"; do printf '%s\\0' "$a"; done`);

const hostileArgs = [
  "it's",
  '"double" quotes',
  '  leading and trailing spaces  ',
  '$(touch INJECTED)',
  '`touch INJECTED`',
  '; touch INJECTED #',
  'line one\nline two',
  '$HOME ${PATH} $1 $@',
  'back\\slash',
  '',
  '-n',
  'ünïcødé ✓',
  '*',
];

let sshd: LocalSshd;
let session: SshSession;
beforeAll(async () => {
  sshd = await startLocalSshd();
  session = await openSession(sshd.target({ name: 'web-01' }));
});
afterAll(async () => {
  session.close();
  await sshd.stop();
});

async function failure(promise: Promise<unknown>): Promise<AppError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  if (!(error instanceof AppError)) throw new Error(`expected an AppError, got ${String(error)}`);
  return error;
}

describe('running a script', () => {
  it('keeps exit code, stdout and stderr apart and intact', async () => {
    const output = await session.run(sh('echo out; echo err >&2; exit 7'));
    expect(output).toEqual({ stdout: 'out\n', stderr: 'err\n', exitCode: 7 });
  });

  it('reports exit code null when the command sshd started dies by a signal', async () => {
    // $PPID is the login shell sshd started, which runs our sh; killing it makes sshd send exit-signal.
    const output = await session.run(sh('kill -9 $PPID; sleep 1'));
    expect(output.exitCode).toBeNull();
  });

  it('passes hostile arguments literally and never runs them', async () => {
    const cwdMarker = join('/home', testUsers.sudoer, 'INJECTED');
    const output = await session.run(echoArgs, hostileArgs);
    expect(output.stdout.split('\0').slice(0, -1)).toEqual(hostileArgs);
    expect(existsSync(cwdMarker)).toBe(false);
  });

  it('passes hostile arguments literally through sudo too', async () => {
    const output = await session.run({ ...echoArgs, sudo: true }, hostileArgs);
    expect(output.stdout.split('\0').slice(0, -1)).toEqual(hostileArgs);
    expect(output.stderr).toBe('');
    expect(existsSync('/root/INJECTED')).toBe(false);
  });

  it('refuses an argument with a NUL before sending anything', async () => {
    const error = await failure(session.run(echoArgs, ['ok', 'a\0b']));
    expect(error.code).toBe('invalid-input');
    expect(error.message).toContain('Argument 2');
  });

  it('decodes multi-byte UTF-8 that spans chunk boundaries', async () => {
    const output = await session.run(sh(`yes 'é✓' | head -n 200000`));
    expect(output.stdout).toBe('é✓\n'.repeat(200_000));
  });

  it('streams output as it arrives, before the script ends, and still resolves with all of it', async () => {
    const chunks: { text: string; at: number }[] = [];
    const started = performance.now();
    const output = await session.run(sh('echo one; sleep 0.6; echo two >&2; sleep 0.6; printf three'), [], {
      onOutput: (text) => chunks.push({ text, at: performance.now() - started }),
    });
    const ended = performance.now() - started;
    expect(output).toEqual({ stdout: 'one\nthree', stderr: 'two\n', exitCode: 0 });
    expect(chunks.map((chunk) => chunk.text).join('')).toBe('one\ntwo\nthree');
    expect(chunks[0]!.text).toBe('one\n');
    expect(chunks[0]!.at).toBeLessThan(ended - 1000);
  });

  it('streams sudo runs without the sudo marker line', async () => {
    const chunks: string[] = [];
    const output = await session.run(sh('echo warn >&2; id -u', true), [], {
      onOutput: (text) => chunks.push(text),
    });
    expect(output).toEqual({ stdout: '0\n', stderr: 'warn\n', exitCode: 0 });
    expect(chunks.join('').split('\n').sort()).toEqual(['', '0', 'warn']);
    expect(chunks.join('')).not.toContain('patchdeck: sudo granted');
  });

  it('streams a sudo run’s first line even when sshd sends it before the marker on stderr', async () => {
    // sshd does not keep stdout and stderr in order: here about every other run brings stdout first.
    for (let run = 0; run < 8; run += 1) {
      const chunks: string[] = [];
      await session.run(sh('echo first; echo second >&2', true), [], {
        onOutput: (text) => chunks.push(text),
      });
      expect(chunks.join('').split('\n').sort()).toEqual(['', 'first', 'second']);
    }
  });

  it('runs several scripts at once over one connection', async () => {
    const outputs = await Promise.all(
      [1, 2, 3, 4, 5].map((n) => session.run(sh('sleep 0.2; echo "$1"'), [String(n)])),
    );
    expect(outputs.map((output) => output.stdout)).toEqual(['1\n', '2\n', '3\n', '4\n', '5\n']);
  });

  it('stops a script that prints more than the output limit', async () => {
    const error = await failure(
      session.run(sh('head -c 3000000 /dev/zero'), [], { maxOutputBytes: 1024 * 1024 }),
    );
    expect(error.code).toBe('failed');
    expect(error.message).toBe(
      `web-01 (127.0.0.1:${sshd.port}) sent more than 1 MB of output for one script; Patchdeck stopped reading it.`,
    );
    // The connection is still good for the next script.
    expect((await session.run(sh('echo still here'))).stdout).toBe('still here\n');
  });
});

describe('time limits and cancellation', () => {
  it('times out a command that sleeps and closes its channel, so its next write fails; the session stays usable', async () => {
    const marker = join(sshd.scratchDir, 'timeout-survived');
    const started = performance.now();
    const error = await failure(
      session.run(sh('sleep 1; echo still running; touch "$1"'), [marker], { timeoutMs: 300 }),
    );
    expect(error.code).toBe('timeout');
    expect(error.message).toBe(
      `web-01 (127.0.0.1:${sshd.port}) did not finish the script within 300 ms; Patchdeck stopped waiting for it.`,
    );
    expect(performance.now() - started).toBeLessThan(1_200);
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect(existsSync(marker)).toBe(false);
    expect((await session.run(sh('echo ok'))).stdout).toBe('ok\n');
  });

  it('cancels a running command through its signal', async () => {
    const marker = join(sshd.scratchDir, 'cancel-survived');
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 200);
    const started = performance.now();
    const error = await failure(
      session.run(sh('sleep 1; echo still running; touch "$1"'), [marker], { signal: controller.signal }),
    );
    expect(error.code).toBe('cancelled');
    expect(performance.now() - started).toBeLessThan(1_200);
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect(existsSync(marker)).toBe(false);
  });

  it('drops a connection whose host stops answering keepalives, failing the running script as unreachable', async () => {
    const frozen = await openSession(sshd.target({ name: 'web-01' }), {
      keepaliveIntervalMs: 200,
      keepaliveCountMax: 2,
    });
    // Our sh's parent is the login shell; its parent is sshd's unprivileged per-connection process, which does the talking.
    const found = await frozen.run(sh('read -r _ _ _ parent _ < /proc/$PPID/stat; echo "$parent"'));
    const sshdPid = Number(found.stdout.trim());
    expect(readFileSync(`/proc/${sshdPid}/cmdline`, 'utf8')).toContain('sshd: pdssh-test');
    const running = failure(frozen.run(sh('sleep 20')));
    await new Promise((resolve) => setTimeout(resolve, 100));
    const started = performance.now();
    process.kill(sshdPid, 'SIGSTOP');
    try {
      const error = await running;
      expect(error.code).toBe('unreachable');
      expect(error.message).toBe(
        `web-01 (127.0.0.1:${sshd.port}) stopped answering (no reply to SSH keepalives); Patchdeck dropped the connection.`,
      );
      expect(performance.now() - started).toBeLessThan(3_000);
    } finally {
      process.kill(sshdPid, 'SIGCONT');
      frozen.close();
    }
  });

  it('cancelling the session closes the connection and every command on it', async () => {
    const controller = new AbortController();
    const doomed = await openSession(sshd.target(), { signal: controller.signal });
    const runs = [doomed.run(sh('sleep 33')), doomed.run(sh('sleep 33'))];
    setTimeout(() => controller.abort(), 200);
    const errors = await Promise.all(runs.map(failure));
    expect(errors.map((error) => error.code)).toEqual(['cancelled', 'cancelled']);
    expect((await failure(doomed.run(sh('echo late')))).code).toBe('cancelled');
  });
});

describe('sudo', () => {
  it('runs as root with the password on stdin only: not in ps, not left for the script', async () => {
    const output = await session.run(sh('id -u; ps -eo args; echo "stdin:[$(cat)]"', true));
    const [uid, ...rest] = output.stdout.split('\n');
    expect(uid).toBe('0');
    expect(output.stdout).toContain('sudo -S -p');
    expect(output.stdout).not.toContain(testPassword);
    expect(rest.join('\n')).toContain('stdin:[]');
    expect(output.stderr).toBe('');
  });

  it('keeps the password from the script when sudo does not ask for it (NOPASSWD)', async () => {
    const passwordless = await openSession(sshd.target({ username: testUsers.passwordless }));
    try {
      const output = await passwordless.run(sh('id -u; echo "stdin:[$(cat)]"', true));
      expect(output).toEqual({ stdout: '0\nstdin:[]\n', stderr: '', exitCode: 0 });
    } finally {
      passwordless.close();
    }
  });

  it('calls a wrong sudo password auth-failed with sudo’s own words, and never echoes it', async () => {
    const wrong = `wrong-${testPassword}`;
    const wrongSession = await openSession(sshd.target({ name: 'web-01', sudo: { password: wrong } }));
    try {
      const marker = join(sshd.scratchDir, 'sudo-wrong-ran');
      const error = await failure(wrongSession.run(sh('touch "$1"', true), [marker]));
      expect(error.code).toBe('auth-failed');
      // Debian 12's sudo 1.9.13, in its own words.
      expect(error.message).toBe(
        `web-01 (127.0.0.1:${sshd.port}) refused sudo: Sorry, try again; no password was provided; 1 incorrect password attempt.`,
      );
      expect(error.message).not.toContain(testPassword);
      expect(existsSync(marker)).toBe(false);
    } finally {
      wrongSession.close();
    }
  });

  it('calls a missing sudo password auth-failed when sudo asks for one', async () => {
    const noPassword = await openSession(sshd.target({ sudo: { password: null } }));
    try {
      const error = await failure(noPassword.run(sh('true', true)));
      expect(error.code).toBe('auth-failed');
      expect(error.message).toBe(
        `127.0.0.1:${sshd.port} refused sudo: no password was provided; a password is required.`,
      );
    } finally {
      noPassword.close();
    }
  });

  it('calls a user outside sudoers auth-failed, quoting sudo', async () => {
    const plain = await openSession(sshd.target({ username: testUsers.plain }));
    try {
      const error = await failure(plain.run(sh('true', true)));
      expect(error.code).toBe('auth-failed');
      expect(error.message).toBe(
        `127.0.0.1:${sshd.port} refused sudo: pdssh-nosudo is not in the sudoers file.`,
      );
      expect(error.message).not.toContain(testPassword);
    } finally {
      plain.close();
    }
  });

  it('keeps the script’s own failure separate from a sudo refusal', async () => {
    const output = await session.run(sh('echo boom >&2; exit 1', true));
    expect(output).toEqual({ stdout: '', stderr: 'boom\n', exitCode: 1 });
  });

  it('runs without sudo when the device is configured without it', async () => {
    const direct = await openSession(sshd.target({ sudo: null }));
    try {
      expect((await direct.run(sh('id -un', true))).stdout).toBe(`${testUsers.sudoer}\n`);
    } finally {
      direct.close();
    }
  });
});
