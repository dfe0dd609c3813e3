import { deviceFailed } from '../../../../shared/domain/device-failed';
import type { JobDeviceView } from '../../../../shared/domain/jobs';

/**
 * "Retry 1 failed, 2 skipped": the retry button's label, or null when every device succeeded. The engine's
 * job:retry takes again every device that did not succeed (skipped by the failure threshold or a closed window,
 * cancelled, cut off by a crash), so the label names each kind it takes, not only the failed.
 */
export function retryLabel(devices: readonly JobDeviceView[]): string | null {
  const retried = devices.filter((device) => device.status !== 'succeeded');
  if (retried.length === 0) return null;
  const count = (matches: (device: JobDeviceView) => boolean, word: string) => {
    const n = retried.filter(matches).length;
    return n === 0 ? [] : [`${n} ${word}`];
  };
  const parts = [
    ...count((device) => deviceFailed(device.status), 'failed'),
    ...count((device) => device.status === 'skipped', 'skipped'),
    ...count((device) => device.status === 'cancelled', 'cancelled'),
    ...count((device) => device.status === 'queued' || device.status === 'running', 'unfinished'),
  ];
  return `Retry ${parts.join(', ')}`;
}
