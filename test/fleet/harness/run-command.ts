import { execFile, spawn } from 'node:child_process';

/** What a finished command left behind; a non-zero exit is reported, not thrown. */
export interface CommandResult {
  readonly stdout: string;
  readonly stderr: string;
  readonly exitCode: number;
}

/** Options for one command run by the harness. */
export interface CommandOptions {
  /** Text written to the command's stdin (then stdin is closed). */
  readonly input?: string;
  readonly cwd?: string;
  readonly timeoutMs?: number;
  readonly env?: NodeJS.ProcessEnv;
}

const MAX_OUTPUT = 64 * 1024 * 1024;

/**
 * Runs argv (no shell) and resolves with its output and exit code, also when it fails,
 * so callers that assert on failures (sudo without a password) can see them.
 */
export function runCommand(argv: readonly string[], options: CommandOptions = {}): Promise<CommandResult> {
  const [file, ...args] = argv;
  if (file === undefined) return Promise.reject(new Error('runCommand needs at least a program name'));
  return new Promise((resolve, reject) => {
    const child = execFile(
      file,
      args,
      {
        cwd: options.cwd,
        env: options.env ?? process.env,
        timeout: options.timeoutMs ?? 300_000,
        maxBuffer: MAX_OUTPUT,
        encoding: 'utf8',
      },
      (error, stdout, stderr) => {
        if (error && typeof error.code !== 'number') {
          // Spawn failures (ENOENT) and timeouts have no exit code: those are harness bugs, not results.
          const reason = error.killed ? `timed out after ${options.timeoutMs ?? 300_000} ms` : error.message;
          reject(new Error(`${argv.join(' ')}: ${reason}${stderr ? `\n${stderr}` : ''}`));
          return;
        }
        resolve({ stdout, stderr, exitCode: error ? Number(error.code) : 0 });
      },
    );
    child.stdin?.on('error', () => undefined);
    if (options.input !== undefined) child.stdin?.end(options.input);
    else child.stdin?.end();
  });
}

/** Runs argv and throws, naming the command and its stderr, unless it exits 0. */
export async function runChecked(argv: readonly string[], options: CommandOptions = {}): Promise<string> {
  const result = await runCommand(argv, options);
  if (result.exitCode !== 0) {
    throw new Error(
      `${argv.join(' ')} exited ${result.exitCode}: ${result.stderr.trim() || result.stdout.trim()}`,
    );
  }
  return result.stdout;
}

/** A long-running process the harness started and must end. */
export interface Daemon {
  readonly pid: number;
  /** Settles when the process has exited and been reaped. */
  readonly exited: Promise<void>;
}

/**
 * Starts a long-running process (sshd, a namespace holder) detached from the test process so a
 * crashed test leaves it to cleanupStaleFleets instead of hanging the runner.
 */
export function startDaemon(argv: readonly string[]): Promise<Daemon> {
  const [file, ...args] = argv;
  if (file === undefined) return Promise.reject(new Error('startDaemon needs at least a program name'));
  return new Promise((resolve, reject) => {
    const child = spawn(file, args, { detached: true, stdio: 'ignore' });
    child.once('error', (error) => reject(new Error(`${argv.join(' ')}: ${error.message}`)));
    const exited = new Promise<void>((settle) => child.once('exit', () => settle()));
    child.once('spawn', () => {
      child.unref();
      if (child.pid === undefined) reject(new Error(`${argv.join(' ')}: no pid after spawn`));
      else resolve({ pid: child.pid, exited });
    });
  });
}

/** Runs async work over items with at most `limit` in flight, keeping the input order in the result. */
export async function mapLimited<T, R>(
  items: readonly T[],
  limit: number,
  work: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
  const results: R[] = new Array<R>(items.length);
  let next = 0;
  const workers = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await work(items[index] as T, index);
    }
  });
  await Promise.all(workers);
  return results;
}
