// The tagged run around apt-get, run for real on this machine with a stand-in package manager (this machine's own
// apt is not Patchdeck's to upgrade): the waiter blocks on the runner's lock instead of polling, a runner that dies
// reads as lost, and the timing file carries the package manager's CPU time.
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, describe, expect, it } from 'vitest';
import {
  parseTaggedRun,
  runsDirectory,
  taggedRunScripts,
} from '../../../../electron/engine/platforms/tagged-run';

const scratch = mkdtempSync(join(tmpdir(), 'pd-install-wait-'));
const tags: string[] = [];
const strays: number[] = [];
afterAll(() => {
  for (const pid of strays) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // Already gone.
    }
  }
  for (const tag of tags) rmSync(join(runsDirectory, tag), { recursive: true, force: true });
  rmSync(scratch, { recursive: true, force: true });
});

let nextTag = 0;
function newTag(): string {
  nextTag += 1;
  const tag = `${process.pid}${Date.now() % 100000}-${nextTag}`;
  tags.push(tag);
  return tag;
}

/** Runs a script as `sudo sh -c` would, with `times` after it: the waiter's own CPU and that of what it waited on. */
function runTimed(script: string, args: readonly string[]) {
  return new Promise<{ stdout: string; cpuMs: number }>((resolve, reject) => {
    const child = spawn('sh', ['-c', `${script}times >&2\n`, 'sh', ...args], { stdio: 'pipe' });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', () => {
      // dash prints "0m0.010000s 0m0.000000s" twice: the shell, then its children.
      const seconds = [...stderr.matchAll(/(\d+)m([\d.]+)s/g)].map(
        ([, minutes, secs]) => Number(minutes) * 60 + Number(secs),
      );
      if (seconds.length !== 4) reject(new Error(`no times output in: ${stderr}`));
      resolve({ stdout, cpuMs: Math.round(seconds.reduce((sum, value) => sum + value, 0) * 1000) });
    });
  });
}

const output = (stdout: string) => ({ stdout, stderr: '', exitCode: 0 });

describe('a tagged install run', () => {
  it('waits for a 2 s package manager without polling, then reports its exit code, output and CPU time', async () => {
    // The stand-in burns some CPU of its own, so the timing file has something to show.
    const run = taggedRunScripts(
      'pd-test-install',
      `      shift
      i=0; while [ $i -lt 20000 ]; do i=$((i+1)); done
      sleep 2; echo "installed $*"; return 3`,
    );
    const tag = newTag();
    const { stdout, cpuMs } = await runTimed(run.install, [tag, 'upgrade', 'pd-a', 'pd-b']);
    const result = parseTaggedRun(output(stdout), 'pd-test-install');
    expect(result).toMatchObject({ state: 'finished', startedNow: true, exitCode: 3 });
    expect(result.output).toBe('installed pd-a pd-b\n');
    expect(result.packageManagerMs).toBeGreaterThanOrEqual(2000);
    // Polling forked cat and sleep every 50 ms: about 40 processes and 100 ms of CPU over 2 s.
    expect(cpuMs).toBeLessThan(40);
    const timing = readFileSync(join(runsDirectory, tag, 'timing'), 'utf8').split('\n');
    expect(timing[0]).toMatch(/^\d+ \d+$/);
    expect(timing[2]).toMatch(/^\d+m[\d.]+s \d+m[\d.]+s$/);

    // Asked again later (a restart), the device reports the same run.
    const again = parseTaggedRun(output((await runTimed(run.status, [tag])).stdout), 'pd-test-install');
    expect(again).toEqual({ ...result, startedNow: false });
  });

  it('reads a runner that died mid-run as lost, as soon as it dies', async () => {
    const child = join(scratch, 'package-manager.pid');
    const run = taggedRunScripts('pd-test-install', `      sleep 30 & echo $! >"$2"; wait $!`);
    const tag = newTag();
    const waiting = runTimed(run.install, [tag, 'upgrade', child]);
    const dir = join(runsDirectory, tag);
    let runner = 0;
    for (let tries = 0; tries < 200 && (runner === 0 || !existsSync(child)); tries += 1) {
      await sleep(25);
      if (existsSync(join(dir, 'pid'))) runner = Number(readFileSync(join(dir, 'pid'), 'utf8'));
    }
    expect(runner).toBeGreaterThan(0);
    strays.push(Number(readFileSync(child, 'utf8')));
    const killed = Date.now();
    process.kill(runner, 'SIGKILL');
    const result = parseTaggedRun(output((await waiting).stdout), 'pd-test-install');
    expect(result).toMatchObject({ state: 'lost', startedNow: true, exitCode: null });
    expect(Date.now() - killed).toBeLessThan(2000);
    // The orphaned package manager did not inherit the runner's lock, or it would have kept the waiter waiting.
    expect(
      execFileSync('ps', ['-o', 'comm=', '-p', String(strays.at(-1))], { encoding: 'utf8' }).trim(),
    ).toBe('sleep');
  });
});
