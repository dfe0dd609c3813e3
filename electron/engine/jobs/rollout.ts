import { failureThresholdExceeded } from '../policy/ring-gate';

/** How a job fans out over its devices. */
export interface RolloutLimits {
  /** Devices worked on at once. */
  readonly concurrency: number;
  /** Once more than this share (percent of all the job's devices) has failed, devices not yet started are skipped. */
  readonly maxFailPercent: number;
}

/**
 * Run `work` for each device, at most `concurrency` at once, in order. Before each device starts, `shouldSkip`
 * (cancellation) and the failure threshold are checked; a device that is not started is handed to `skip` with
 * the reason. `work` resolves to whether the device failed.
 */
export async function runRollout<T>(
  devices: readonly T[],
  limits: RolloutLimits,
  work: (device: T) => Promise<{ failed: boolean }>,
  skip: (device: T, reason: 'cancelled' | 'threshold') => void,
  cancelled: () => boolean,
  /** The job's whole size and the devices that failed before this run (a resumed job counts them too). */
  counts: { total: number; failed: number },
): Promise<{ failed: number; stoppedByThreshold: boolean }> {
  let next = 0;
  let failed = counts.failed;
  let stoppedByThreshold = false;
  const { total } = counts;
  // The ring gate's rule, in integers: (7 / 50) * 100 is 14.000000000000002, which would stop a job at exactly 14%.
  const exceeded = () => failureThresholdExceeded(failed, total, limits.maxFailPercent);
  const worker = async () => {
    for (;;) {
      const index = next;
      next += 1;
      const device = devices[index];
      if (device === undefined) return;
      if (cancelled()) {
        skip(device, 'cancelled');
        continue;
      }
      if (exceeded()) {
        stoppedByThreshold = true;
        skip(device, 'threshold');
        continue;
      }
      const outcome = await work(device);
      if (outcome.failed) failed += 1;
    }
  };
  await Promise.all(
    Array.from({ length: Math.max(1, Math.min(limits.concurrency, devices.length)) }, worker),
  );
  return { failed, stoppedByThreshold };
}
