import { AppError, isAppError } from '../../../shared/errors';
import type { PlatformDeployment } from '../platforms/types';
import type { SshSession } from '../ssh/connect';

export interface RebootWait {
  readonly withSession: <T>(work: (session: SshSession) => Promise<T>) => Promise<T>;
  readonly deploymentOf: (session: SshSession) => Promise<PlatformDeployment>;
  /** The boot id the pre-flight saw; a new one proves the device really restarted. */
  readonly bootIdBefore: string | null;
  readonly timeoutMs: number;
  readonly commandTimeoutMs: number;
  /** Pause between attempts to reach the device again (default 5 s). */
  readonly pollMs?: number;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Reboot the device and wait until it answers again with a new boot id. Throws AppError 'timeout' when it does
 * not come back within timeoutMs.
 */
export async function waitForReboot(
  wait: RebootWait,
): Promise<{ bootIdBefore: string | null; bootIdAfter: string; waitedMs: number }> {
  const started = performance.now();
  const runOptions = { timeoutMs: wait.commandTimeoutMs };
  // One session reads the boot id and asks for the reboot. A reboot step resumed after a restart finds a new boot
  // id when the device already restarted, and then does not reboot it a second time.
  const { before, alreadyRebooted } = await wait.withSession(async (session) => {
    const deployment = await wait.deploymentOf(session);
    const current = deployment.parseBootId(await session.run(deployment.bootIdScript, [], runOptions));
    if (wait.bootIdBefore !== null && current !== wait.bootIdBefore) {
      return { before: wait.bootIdBefore, alreadyRebooted: current };
    }
    await session.run(deployment.rebootScript, [], runOptions);
    return { before: current, alreadyRebooted: null };
  });
  if (alreadyRebooted !== null) return { bootIdBefore: before, bootIdAfter: alreadyRebooted, waitedMs: 0 };
  let lastProblem = 'it did not answer';
  while (performance.now() - started < wait.timeoutMs) {
    await sleep(wait.pollMs ?? 5_000);
    try {
      const after = await wait.withSession(async (session) => {
        const deployment = await wait.deploymentOf(session);
        return deployment.parseBootId(await session.run(deployment.bootIdScript, [], { timeoutMs: 15_000 }));
      });
      if (after !== before)
        return {
          bootIdBefore: before,
          bootIdAfter: after,
          waitedMs: Math.round(performance.now() - started),
        };
      lastProblem = 'it still runs the boot it had before the reboot was asked for';
    } catch (error) {
      if (isAppError(error) && error.code === 'host-key-mismatch') throw error;
      lastProblem = error instanceof Error ? error.message : String(error);
    }
  }
  throw new AppError(
    'timeout',
    `The device did not come back from its reboot within ${Math.round(wait.timeoutMs / 1000)} s (${lastProblem}).`,
  );
}
