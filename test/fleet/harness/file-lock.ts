import { closeSync, openSync, readFileSync, unlinkSync, writeSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';

function holderIsAlive(lockPath: string): boolean {
  let pid: number;
  try {
    pid = Number.parseInt(readFileSync(lockPath, 'utf8'), 10);
  } catch {
    // Vanished between our open and read: the holder just released it.
    return false;
  }
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Runs `work` while holding an exclusive lock file (created with O_EXCL, holding our pid), so two
 * test files building the base image at once take turns. A lock left by a dead process is taken over.
 */
export async function withFileLock<T>(
  lockPath: string,
  work: () => Promise<T>,
  timeoutMs = 900_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const fd = openSync(lockPath, 'wx', 0o644);
      writeSync(fd, String(process.pid));
      closeSync(fd);
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      if (!holderIsAlive(lockPath)) {
        try {
          unlinkSync(lockPath);
        } catch {
          // Another waiter removed it first; just retry.
        }
        continue;
      }
      if (Date.now() > deadline)
        throw new Error(`waited ${timeoutMs} ms for the lock ${lockPath}`, { cause: error });
      await sleep(250);
    }
  }
  try {
    return await work();
  } finally {
    unlinkSync(lockPath);
  }
}
