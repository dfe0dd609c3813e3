import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../../../shared/errors';
import { openSession, readHostKey, type SshSession } from '../../../electron/engine/ssh/connect';
import type { SshTarget } from '../../../electron/engine/ssh/target';
import {
  freePort,
  newKey,
  startLocalSshd,
  startSilentListener,
  startSshAgent,
  startUnansweringPort,
  testPassword,
  type LocalSshd,
} from './local-sshd';

const whoami = { shell: 'sh', script: 'id -un', sudo: false } as const;

let sshd: LocalSshd;
beforeAll(async () => {
  sshd = await startLocalSshd();
});
afterAll(async () => {
  await sshd.stop();
});

/** Open, run one command, close: what every sign-in test checks. */
async function signInAndAsk(target: SshTarget): Promise<{ user: string; hostKey: string }> {
  const session = await openSession(target);
  try {
    const output = await session.run(whoami);
    return { user: output.stdout.trim(), hostKey: session.hostKey };
  } finally {
    session.close();
  }
}

/**
 * What sshd logged about the connections made by `attempt`. Its INFO log names the user of every sign-in attempt
 * ("Failed password for pdssh-test", "Disconnected from authenticating user pdssh-test"), so a connection that
 * never got as far as authentication leaves only "Disconnected from 127.0.0.1 port N [preauth]".
 */
async function sshdLogDuring<T>(attempt: () => Promise<T>): Promise<{ result: T; log: string }> {
  // Connections closed just before still log their goodbyes; wait until sshd has been quiet for a moment.
  for (let length = -1; length !== sshd.log().length;) {
    length = sshd.log().length;
    await new Promise((resolve) => setTimeout(resolve, 150));
  }
  const from = sshd.log().length;
  const result = await attempt();
  await expect.poll(() => sshd.log().slice(from), { interval: 20 }).toMatch(/Disconnected from/);
  return { result, log: sshd.log().slice(from) };
}

async function failure(promise: Promise<unknown>): Promise<AppError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  if (!(error instanceof AppError)) throw new Error(`expected an AppError, got ${String(error)}`);
  return error;
}

describe('signing in to a real sshd', () => {
  it('accepts a private key and reports the host key as ssh-keygen prints it', async () => {
    const result = await signInAndAsk(sshd.target());
    expect(result).toEqual({ user: 'pdssh-test', hostKey: await sshd.hostKeyFingerprint() });
  });

  it('accepts a password', async () => {
    const result = await signInAndAsk(sshd.target({ auth: { kind: 'password', password: testPassword } }));
    expect(result.user).toBe('pdssh-test');
  });

  it('accepts a key held by ssh-agent', async () => {
    const agent = await startSshAgent(sshd.clientKeyPath);
    try {
      const result = await signInAndAsk(
        sshd.target({ auth: { kind: 'agent', socketPath: agent.socketPath } }),
      );
      expect(result.user).toBe('pdssh-test');
    } finally {
      await agent.stop();
    }
  });

  it('accepts a passphrase-protected key, and calls a wrong passphrase auth-failed', async () => {
    const keyPath = join(sshd.dir, 'client_with_passphrase');
    await newKey(keyPath, 'correct horse');
    await sshd.authorize(keyPath);
    const result = await signInAndAsk(
      sshd.target({ auth: { kind: 'key', privateKeyPath: keyPath, passphrase: 'correct horse' } }),
    );
    expect(result.user).toBe('pdssh-test');
    const error = await failure(
      openSession(sshd.target({ auth: { kind: 'key', privateKeyPath: keyPath, passphrase: 'wrong horse' } })),
    );
    expect(error.code).toBe('auth-failed');
    expect(error.message).toBe(
      `The private key for 127.0.0.1:${sshd.port} could not be read: wrong passphrase, or not a private key file.`,
    );
  });

  it('reaches a device on an IPv6 address and names it with brackets', async () => {
    const sshd6 = await startLocalSshd({ host: '::1' });
    try {
      expect((await signInAndAsk(sshd6.target())).user).toBe('pdssh-test');
      const error = await failure(openSession(sshd6.target({ auth: { kind: 'password', password: 'no' } })));
      expect(error.message).toContain(`[::1]:${sshd6.port} did not accept the sign-in`);
    } finally {
      await sshd6.stop();
    }
  });

  it('calls a wrong password auth-failed, naming the device', async () => {
    const { result: error, log } = await sshdLogDuring(() =>
      failure(openSession(sshd.target({ name: 'web-01', auth: { kind: 'password', password: 'not-it' } }))),
    );
    // The control for the "nothing was sent" checks below: a sign-in attempt shows up in sshd's log.
    expect(log).toContain('Failed password for pdssh-test');
    expect(error.code).toBe('auth-failed');
    expect(error.message).toContain(`web-01 (127.0.0.1:${sshd.port})`);
    expect(error.message).not.toContain('not-it');
  });

  it('says so when the key file does not exist, before connecting', async () => {
    const error = await failure(
      openSession(sshd.target({ auth: { kind: 'key', privateKeyPath: '/nonexistent/id_ed25519' } })),
    );
    expect(error.code).toBe('invalid-input');
    expect(error.message).toContain('/nonexistent/id_ed25519 for 127.0.0.1');
  });

  it('rejects an invalid host before any network use', async () => {
    const error = await failure(openSession(sshd.target({ host: 'web 01; rm -rf /' })));
    expect(error).toMatchObject({ code: 'invalid-input', field: 'host' });
  });
});

describe('host key pinning', () => {
  it('trusts on first use, proceeds when the pin matches, and refuses a changed key before signing in', async () => {
    const first = await openSession(sshd.target());
    const pinned = first.hostKey;
    first.close();
    expect(pinned).toMatch(/^SHA256:[A-Za-z0-9+/]{43}$/);

    const again = await signInAndAsk(sshd.target({ pinnedHostKey: pinned }));
    expect(again.hostKey).toBe(pinned);

    await sshd.rotateHostKey();
    const rotated = await sshd.hostKeyFingerprint();
    const marker = join(sshd.scratchDir, 'mismatch-ran');
    const touch = { shell: 'sh', script: 'touch "$1"', sudo: false } as const;
    let session: SshSession | undefined;
    const { result: error, log } = await sshdLogDuring(() =>
      failure(
        (async () => {
          session = await openSession(
            sshd.target({
              name: 'db-02',
              pinnedHostKey: pinned,
              auth: { kind: 'password', password: testPassword },
            }),
          );
          await session.run(touch, [marker]);
        })(),
      ),
    );
    // Not even the user name reached sshd: it logs none for this connection.
    expect(log).not.toContain('pdssh-test');
    session?.close();
    expect(error.code).toBe('host-key-mismatch');
    expect(error.message).toContain(pinned);
    expect(error.message).toContain(rotated);
    expect(error.message).toContain(`db-02 (127.0.0.1:${sshd.port})`);
    // The next step, where the technician takes it: in the console or on the command line.
    expect(error.message).toMatch(
      /Trust new key on the Devices page, or `patchdeck device trust` with --fingerprint/,
    );
    expect(existsSync(marker)).toBe(false);

    // The same script does run once the new key is pinned: the check above can fail.
    const repinned = await openSession(sshd.target({ pinnedHostKey: rotated }));
    await repinned.run(touch, [marker]);
    repinned.close();
    expect(existsSync(marker)).toBe(true);
  });
});

describe('reading a host key without signing in', () => {
  it('returns the fingerprint ssh-keygen prints, and never offers a user name or credentials', async () => {
    const { result: key, log } = await sshdLogDuring(() =>
      readHostKey(sshd.target({ auth: { kind: 'password', password: 'would be refused' } })),
    );
    expect(key).toBe(await sshd.hostKeyFingerprint());
    expect(log).not.toContain('pdssh-test');
  });

  it('classifies a refused port like a connect', async () => {
    const port = await freePort();
    expect((await failure(readHostKey(sshd.target({ port })))).code).toBe('unreachable');
  });
});

describe('hosts that cannot be reached', () => {
  it('calls a refused connection unreachable, asking whether sshd runs', async () => {
    const port = await freePort();
    const error = await failure(openSession(sshd.target({ name: 'web-01', port })));
    expect(error.code).toBe('unreachable');
    expect(error.message).toBe(
      `web-01 (127.0.0.1:${port}) refused the connection: is sshd running, and on this port?`,
    );
  });

  it('calls a host that never answers unreachable within the default 3 s', async () => {
    const silent = await startUnansweringPort();
    try {
      const started = performance.now();
      const error = await failure(openSession(sshd.target({ port: silent.port })));
      const elapsed = performance.now() - started;
      expect(error.code).toBe('unreachable');
      expect(error.message).toContain('did not answer within 3 s');
      expect(elapsed).toBeGreaterThan(2_900);
      expect(elapsed).toBeLessThan(4_000);
    } finally {
      await silent.stop();
    }
  });

  it('calls a port that accepts TCP but never speaks SSH a timeout, within the handshake timeout', async () => {
    const listener = await startSilentListener();
    try {
      const started = performance.now();
      const error = await failure(
        openSession(sshd.target({ port: listener.port }), { handshakeTimeoutMs: 800 }),
      );
      const elapsed = performance.now() - started;
      expect(error.code).toBe('timeout');
      expect(elapsed).toBeGreaterThan(750);
      expect(elapsed).toBeLessThan(2_000);
      // The connection is hung up, not left open: a fleet scan must not collect sockets to dead-but-listening hosts.
      await expect.poll(() => listener.open(), { timeout: 500 }).toBe(0);
    } finally {
      await listener.stop();
    }
  });

  it('cancels a connect that is waiting for an answer', async () => {
    const silent = await startUnansweringPort();
    try {
      const controller = new AbortController();
      const started = performance.now();
      setTimeout(() => controller.abort(), 200);
      const error = await failure(
        openSession(sshd.target({ port: silent.port }), { signal: controller.signal }),
      );
      expect(error.code).toBe('cancelled');
      expect(performance.now() - started).toBeLessThan(1_500);
    } finally {
      await silent.stop();
    }
  });

  it('cancels a handshake that has stalled', async () => {
    const listener = await startSilentListener();
    try {
      const controller = new AbortController();
      setTimeout(() => controller.abort(), 200);
      const error = await failure(
        openSession(sshd.target({ port: listener.port }), { signal: controller.signal }),
      );
      expect(error.code).toBe('cancelled');
      await expect.poll(() => listener.open(), { timeout: 500 }).toBe(0);
    } finally {
      await listener.stop();
    }
  });
});
