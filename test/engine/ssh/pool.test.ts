import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../../../shared/errors';
import { SshPool } from '../../../electron/engine/ssh/pool';
import type { SshSession } from '../../../electron/engine/ssh/connect';
import { startLocalSshd, type LocalSshd } from './local-sshd';

const sh = (script: string) => ({ shell: 'sh', script, sudo: false }) as const;
// Counted on the server: each session drops a file named after its shell's pid, counts the files, lingers, leaves.
const concurrencyProbe = sh('touch "$1/$$"; n=$(ls "$1" | wc -l); sleep 0.3; rm -f "$1/$$"; echo $n');
// Established TCP connections to this sshd's port, counted on the server side (other test files use other ports).
const openConnections = sh('ss -Htn state established "( sport = :$1 )" | wc -l');

let sshd: LocalSshd;
beforeAll(async () => {
  sshd = await startLocalSshd();
});
afterAll(async () => {
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

describe('SshPool', () => {
  it('never has more sessions open on the server than its limit, and uses the whole limit', async () => {
    const pool = new SshPool({ maxSessions: 4 });
    let mostOpenLocally = 0;
    const seen = await Promise.all(
      Array.from({ length: 16 }, () =>
        pool.withSession(sshd.target(), async (session) => {
          mostOpenLocally = Math.max(mostOpenLocally, pool.openSessions);
          const output = await session.run(concurrencyProbe, [sshd.scratchDir]);
          return Number(output.stdout.trim());
        }),
      ),
    );
    expect(Math.max(...seen)).toBe(4);
    expect(mostOpenLocally).toBe(4);
    expect(pool.openSessions).toBe(0);
    expect(pool.waitingSessions).toBe(0);
  });

  it('reuses one connection for every command of one session', async () => {
    const pool = new SshPool();
    const connections = await pool.withSession(sshd.target(), async (session) => {
      const counts: string[] = [];
      for (let i = 0; i < 3; i += 1)
        counts.push((await session.run(openConnections, [String(sshd.port)])).stdout.trim());
      return counts;
    });
    expect(connections).toEqual(['1', '1', '1']);
  });

  it('closes the connection when the work throws, and passes the error on', async () => {
    const pool = new SshPool({ maxSessions: 1 });
    let thrownFrom: SshSession | undefined;
    await expect(
      pool.withSession(sshd.target(), async (session) => {
        thrownFrom = session;
        await session.run(sh('true'));
        throw new Error('parser blew up');
      }),
    ).rejects.toThrow('parser blew up');
    expect(thrownFrom).toBeDefined();
    const error = await failure(thrownFrom!.run(sh('true')));
    expect(error.code).toBe('failed');
    // The slot came back: the next session runs at once, and sees no lingering connection.
    const stillOpen = await pool.withSession(sshd.target(), async (session) => {
      await new Promise((resolve) => setTimeout(resolve, 200));
      return (await session.run(openConnections, [String(sshd.port)])).stdout.trim();
    });
    expect(stillOpen).toBe('1');
  });

  it('tells the caller the host key on first use, and not once it is pinned', async () => {
    const pool = new SshPool();
    const reported: string[] = [];
    const pinAndReport = (key: string) => (reported.push(key), key);
    await pool.withSession(sshd.target(), async () => undefined, { onHostKey: pinAndReport });
    expect(reported).toEqual([await sshd.hostKeyFingerprint()]);
    const [pinned] = reported;
    await pool.withSession(sshd.target({ pinnedHostKey: pinned ?? null }), async () => undefined, {
      onHostKey: pinAndReport,
    });
    expect(reported).toHaveLength(1);
  });

  it('refuses a first-use session when another connection pinned a different key meanwhile, running nothing', async () => {
    const pool = new SshPool();
    const pinnedMeanwhile = 'SHA256:AnotherConnectionPinnedThisKeyFirst0000000000';
    let ran = false;
    const error = await failure(
      pool.withSession(
        sshd.target(),
        async () => {
          ran = true;
        },
        { onHostKey: () => pinnedMeanwhile },
      ),
    );
    expect(error.code).toBe('host-key-mismatch');
    expect(error.message).toContain(pinnedMeanwhile);
    expect(error.message).toContain(await sshd.hostKeyFingerprint());
    expect(ran).toBe(false);
    // The slot came back, and a session meeting the key pinned meanwhile carries on.
    expect(pool.openSessions).toBe(0);
    expect(await pool.withSession(sshd.target(), async () => 'ran', { onHostKey: (key) => key })).toBe('ran');
  });

  it('cancels a caller still waiting in line without taking its slot', async () => {
    const pool = new SshPool({ maxSessions: 1 });
    let release: (() => void) | undefined;
    const holding = pool.withSession(
      sshd.target(),
      () => new Promise<void>((resolve) => (release = resolve)),
    );
    await expect.poll(() => release !== undefined).toBe(true);
    const controller = new AbortController();
    const waiting = pool.withSession(sshd.target(), async () => 'ran', { signal: controller.signal });
    const after = pool.withSession(sshd.target(), async () => 'ran after');
    expect(pool.waitingSessions).toBe(2);
    controller.abort();
    expect((await failure(waiting)).code).toBe('cancelled');
    expect(pool.waitingSessions).toBe(1);
    release?.();
    await holding;
    expect(await after).toBe('ran after');
    expect(pool.openSessions).toBe(0);
  });

  it('cancels a session in use: its command stops and the slot is freed', async () => {
    const pool = new SshPool({ maxSessions: 1 });
    const controller = new AbortController();
    const busy = pool.withSession(sshd.target(), (session) => session.run(sh('sleep 30')), {
      signal: controller.signal,
    });
    setTimeout(() => controller.abort(), 300);
    expect((await failure(busy)).code).toBe('cancelled');
    expect(pool.openSessions).toBe(0);
  });

  it('passes connect failures on as AppErrors and frees the slot', async () => {
    const pool = new SshPool({ maxSessions: 1 });
    const error = await failure(
      pool.withSession(sshd.target({ auth: { kind: 'password', password: 'nope' } }), async () => 'ran'),
    );
    expect(error.code).toBe('auth-failed');
    expect(pool.openSessions).toBe(0);
  });

  it('refuses a limit below one', () => {
    expect(() => new SshPool({ maxSessions: 0 })).toThrow(AppError);
  });
});
