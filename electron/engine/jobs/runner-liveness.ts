/**
 * Whether the process that claimed a job is still running on this machine. Patchdeck is local-first: every
 * runner of a database lives on the technician's machine, so a process id is enough to tell a live runner from a
 * crashed one. EPERM means the process exists under another user.
 */
export function isRunnerAlive(pid: number | null): boolean {
  if (pid === null) return false;
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
