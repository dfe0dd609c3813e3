// SSH layer benchmark: connect + key exchange + key sign-in to a local sshd with and without TCP_NODELAY, and the
// throughput of the pool running a trivial command over N sessions, 32 at a time. Prints one JSON line at the end.
import { cpus } from 'node:os';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { openSession } from '../../electron/engine/ssh/connect';
import { SshPool } from '../../electron/engine/ssh/pool';
import { startLocalSshd } from '../engine/ssh/local-sshd';

const handshakesPerVariant = 60;
const poolSessions = 500;
const poolLimit = 32;
const trivial = { shell: 'sh', script: 'true', sudo: false } as const;

function percentile(sorted: readonly number[], p: number): number {
  const value = sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
  return Math.round((value ?? Number.NaN) * 10) / 10;
}

function summary(samples: number[]): { median: number; p90: number; min: number; max: number } {
  const sorted = [...samples].sort((a, b) => a - b);
  return {
    median: percentile(sorted, 50),
    p90: percentile(sorted, 90),
    min: percentile(sorted, 0),
    max: percentile(sorted, 100),
  };
}

const sshd = await startLocalSshd();
try {
  const target = sshd.target();
  const timings: Record<'noDelay' | 'nagle', number[]> = { noDelay: [], nagle: [] };
  // Warm up sshd (first exec of its binary, page cache) before anything is timed.
  (await openSession(target)).close();
  // Interleaved so that drift in machine load hits both variants alike.
  for (let i = 0; i < handshakesPerVariant * 2; i += 1) {
    const noDelay = i % 2 === 0;
    const started = performance.now();
    const session = await openSession(target, { noDelay });
    timings[noDelay ? 'noDelay' : 'nagle'].push(performance.now() - started);
    session.close();
  }

  const pool = new SshPool({ maxSessions: poolLimit });
  const loopDelay = monitorEventLoopDelay({ resolution: 10 });
  loopDelay.enable();
  const poolStarted = performance.now();
  let failures = 0;
  await Promise.all(
    Array.from({ length: poolSessions }, () =>
      pool
        .withSession(target, (session) => session.run(trivial))
        .catch(() => {
          failures += 1;
        }),
    ),
  );
  const poolMs = performance.now() - poolStarted;
  loopDelay.disable();

  console.log(
    JSON.stringify({
      topic: 'ssh-handshake',
      date: new Date().toISOString(),
      machine: `${cpus().length} × ${cpus()[0]?.model ?? 'unknown CPU'}, node ${process.version}`,
      handshakeMs: {
        samplesPerVariant: handshakesPerVariant,
        withNoDelay: summary(timings.noDelay),
        withoutNoDelay: summary(timings.nagle),
      },
      pool: {
        sessions: poolSessions,
        limit: poolLimit,
        failures,
        totalMs: Math.round(poolMs),
        sessionsPerSecond: Math.round((poolSessions / poolMs) * 1000 * 10) / 10,
        eventLoopDelayMs: {
          p99: Math.round(loopDelay.percentile(99) / 1e5) / 10,
          max: Math.round(loopDelay.max / 1e5) / 10,
        },
      },
    }),
  );
} finally {
  await sshd.stop();
}
