import { describe, expect, it } from 'vitest';
import { runRollout } from '../../../electron/engine/jobs/rollout';

const tick = () => new Promise((resolve) => setTimeout(resolve, 2));

describe('rollout', () => {
  it('never works on more devices than the concurrency bound', async () => {
    let active = 0;
    let peak = 0;
    const done: number[] = [];
    await runRollout(
      Array.from({ length: 20 }, (_, index) => index),
      { concurrency: 4, maxFailPercent: 100 },
      async (device) => {
        active += 1;
        peak = Math.max(peak, active);
        await tick();
        active -= 1;
        done.push(device);
        return { failed: false };
      },
      () => {},
      () => false,
      { total: 20, failed: 0 },
    );
    expect(peak).toBe(4);
    expect(done.sort((a, b) => a - b)).toEqual(Array.from({ length: 20 }, (_, index) => index));
  });

  it('skips the devices not started once more than maxFailPercent of the job failed', async () => {
    const skipped: [number, string][] = [];
    const result = await runRollout(
      [0, 1, 2, 3, 4, 5, 6, 7, 8, 9],
      { concurrency: 1, maxFailPercent: 20 },
      async (device) => ({ failed: device % 2 === 0 }),
      (device, reason) => skipped.push([device, reason]),
      () => false,
      { total: 10, failed: 0 },
    );
    // Failures at 0, 2, 4: after the third, 30% > 20%, so 5.. are skipped.
    expect(skipped.map(([device]) => device)).toEqual([5, 6, 7, 8, 9]);
    expect(result).toEqual({ failed: 3, stoppedByThreshold: true });
  });

  it('does not stop at exactly maxFailPercent: 7 of 50 failed is 14%, not more than 14%', async () => {
    const skipped: number[] = [];
    const result = await runRollout(
      Array.from({ length: 50 }, (_, index) => index),
      { concurrency: 1, maxFailPercent: 14 },
      async (device) => ({ failed: device < 7 }),
      (device) => skipped.push(device),
      () => false,
      { total: 50, failed: 0 },
    );
    expect(skipped).toEqual([]);
    expect(result).toEqual({ failed: 7, stoppedByThreshold: false });
  });

  it('counts failures from before a resume, and hands cancelled devices back untouched', async () => {
    const skipped: string[] = [];
    const worked: number[] = [];
    await runRollout(
      [0, 1],
      { concurrency: 2, maxFailPercent: 50 },
      async (device) => (worked.push(device), { failed: false }),
      (_, reason) => skipped.push(reason),
      () => false,
      { total: 4, failed: 3 },
    );
    expect(worked).toEqual([]);
    expect(skipped).toEqual(['threshold', 'threshold']);
    const cancelled: string[] = [];
    await runRollout(
      [0, 1, 2],
      { concurrency: 1, maxFailPercent: 100 },
      async () => ({ failed: false }),
      (_, reason) => cancelled.push(reason),
      () => true,
      { total: 3, failed: 0 },
    );
    expect(cancelled).toEqual(['cancelled', 'cancelled', 'cancelled']);
  });
});
