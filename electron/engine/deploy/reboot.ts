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
  /** Asked just before the reboot is requested; false (the maintenance window closed) leaves the device running. */
  readonly mayStart: () => boolean;
  /** The step was under way when Patchdeck stopped: the device may be down, restarting from that first request. */
  readonly resumed: boolean;
  /** Runs in the session that saw the new boot id (the rescan), so coming back costs no second handshake. */
  readonly onBack: (session: SshSession) => Promise<void>;
}

/** How a reboot step ended: the device restarted (boot ids before and after), or the reboot was not started. */
export type RebootOutcome =
  | {
      readonly rebooted: true;
      readonly bootIdBefore: string | null;
      readonly bootIdAfter: string;
      readonly waitedMs: number;
    }
  | { readonly rebooted: false };

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Reboot the device and wait until it answers again with a new boot id, then run `onBack` in that session. Throws
 * AppError 'timeout' when it does not come back within timeoutMs.
 */
export async function waitForReboot(wait: RebootWait): Promise<RebootOutcome> {
  const started = performance.now();
  const runOptions = { timeoutMs: wait.commandTimeoutMs };
  // One session reads the boot id and asks for the reboot. A reboot step resumed after a restart finds a new boot
  // id when the device already restarted, and then does not reboot it a second time.
  const first = () =>
    wait.withSession(async (session) => {
      const deployment = await wait.deploymentOf(session);
      const current = deployment.parseBootId(await session.run(deployment.bootIdScript, [], runOptions));
      if (wait.bootIdBefore !== null && current !== wait.bootIdBefore) {
        await wait.onBack(session);
        return {
          rebooted: true,
          bootIdBefore: wait.bootIdBefore,
          bootIdAfter: current,
          waitedMs: 0,
        } as const;
      }
      if (!wait.mayStart()) return { rebooted: false } as const;
      await session.run(deployment.rebootScript, [], runOptions);
      return current;
    });
  let asked: RebootOutcome | string;
  try {
    asked = await first();
  } catch (error) {
    // Not reachable on resume: most likely still restarting from the request made before Patchdeck stopped. The
    // wait below tells a restart (new boot id) from a device that is just down, which then fails as not back.
    const unreachable = isAppError(error) && (error.code === 'unreachable' || error.code === 'timeout');
    if (!wait.resumed || wait.bootIdBefore === null || !unreachable) throw error;
    asked = wait.bootIdBefore;
  }
  if (typeof asked !== 'string') return asked;
  const before = asked;
  let lastProblem = 'it did not answer';
  while (performance.now() - started < wait.timeoutMs) {
    await sleep(wait.pollMs ?? 5_000);
    try {
      const after = await wait.withSession(async (session) => {
        const deployment = await wait.deploymentOf(session);
        const current = deployment.parseBootId(
          await session.run(deployment.bootIdScript, [], { timeoutMs: 15_000 }),
        );
        if (current !== before) await wait.onBack(session);
        return current;
      });
      if (after !== before)
        return {
          rebooted: true,
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
