import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runsDirectory, taggedRunLogScript } from '../../../electron/engine/platforms/tagged-run';

// A runner like the tagged run's: pid first, then log lines over a second, then the exit code.
const runner = `echo $$ >pid; for i in 1 2 3; do echo "line $i" >>log; sleep 0.3; done; echo 0 >rc`;

/** Follow a run with the real script; `tools` puts other tail/head/wc/cat/sleep first on PATH (busybox). */
function follow(
  tag: string,
  tools: string | null,
): Promise<{ chunks: { at: number; text: string }[]; endedAt: number }> {
  const started = Date.now();
  const env = tools ? { ...process.env, PATH: `${tools}:${process.env.PATH ?? ''}` } : process.env;
  const child = spawn('sh', ['-c', taggedRunLogScript.script, 'patchdeck', tag], { env });
  const chunks: { at: number; text: string }[] = [];
  child.stdout.on('data', (data: Buffer) => chunks.push({ at: Date.now() - started, text: data.toString() }));
  return new Promise((resolve) =>
    child.on('close', () => resolve({ chunks, endedAt: Date.now() - started })),
  );
}

describe("following a tagged run's log", () => {
  const made: string[] = [];
  afterEach(() => {
    for (const dir of made.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
  });

  function startRun(): string {
    const tag = `9${process.pid}-${made.length + 1}`;
    const dir = path.join(runsDirectory, tag);
    fs.mkdirSync(dir, { recursive: true });
    made.push(dir);
    spawn('sh', ['-c', runner], { cwd: dir, detached: true, stdio: 'ignore' }).unref();
    return tag;
  }

  it.each([
    ['GNU tail --pid', null],
    ['busybox (no --pid): the polling loop', 'busybox'],
  ])('%s: prints lines as they come and ends with the run', async (_, kind) => {
    let tools: string | null = null;
    if (kind === 'busybox') {
      tools = fs.mkdtempSync(path.join(os.tmpdir(), 'pd-busybox-'));
      made.push(tools);
      const busybox = execFileSync('sh', ['-c', 'command -v busybox'], { encoding: 'utf8' }).trim();
      for (const tool of ['tail', 'head', 'wc', 'cat', 'sleep'])
        fs.symlinkSync(busybox, path.join(tools, tool));
    }
    const { chunks, endedAt } = await follow(startRun(), tools);
    expect(chunks.map((chunk) => chunk.text).join('')).toBe('line 1\nline 2\nline 3\n');
    // Streamed: the first line arrived well before the run ended, and the follower did not outlive it for long.
    expect(chunks[0]!.at).toBeLessThan(600);
    expect(endedAt).toBeLessThan(3_000);
  });

  it('refuses a tag that is not a run tag', () => {
    expect(() =>
      execFileSync('sh', ['-c', taggedRunLogScript.script, 'patchdeck', '../etc'], { stdio: 'pipe' }),
    ).toThrow(/bad run tag/);
  });
});
