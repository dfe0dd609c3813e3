import { create } from 'zustand';
import type { Device } from '../../../shared/domain/fleet';
import type { ScanProgress } from '../../../shared/domain/scan';
import type { RequestInput } from '../../../shared/ipc/contract';
import { formatCountOf } from '../format';
import { call } from '../ipc/api';
import { useDevicesStore } from './devices-store';
import { useToastStore } from './toast-store';

/** What scanning one device looks like right now, from the engine's scan:progress events. */
export type ScanState = Pick<ScanProgress, 'stage' | 'status' | 'error'>;

interface ScansState {
  /** Devices of the current or last scan run, by id. */
  readonly progress: Readonly<Record<number, ScanState>>;
  /** Scans under way: a row's scan can end while the whole fleet's is still running. */
  readonly running: number;
  /** Scan some devices, one client, or all; the table follows along through progressChanged. */
  scan(target: RequestInput<'scan:run'>): Promise<void>;
  /** The host key a device presents now, read without pinning it, for the technician to check; or why not. */
  readHostKey(device: Device): Promise<{ presented: string } | { refusal: string }>;
  /**
   * Accept exactly the host key the technician checked (`expected`) after a host-key-mismatch; the engine refuses
   * when the device presents another by now. Answers the refusal sentence or null.
   */
  trust(device: Device, expected: string): Promise<string | null>;
  progressChanged(progress: ScanProgress): void;
}

const toast = () => useToastStore.getState();

/** Scans started from the console and their live per-device progress. */
export const useScansStore = create<ScansState>()((set, get) => ({
  progress: {},
  running: 0,
  async scan(target) {
    set((state) => ({ running: state.running + 1 }));
    const result = await call('scan:run', target);
    set((state) => ({ running: state.running - 1 }));
    if (!result.ok) {
      toast().show('error', result.error.message);
      return;
    }
    const outcomes = result.value;
    const failed = outcomes.filter((outcome) => outcome.status !== 'ok').length;
    const progress = { ...get().progress };
    for (const outcome of outcomes)
      progress[outcome.deviceId] = { stage: 'done', status: outcome.status, error: outcome.error };
    set({ progress });
    const [only] = outcomes;
    if (failed === 0) toast().show('success', `Scanned ${formatCountOf(outcomes.length, 'device')}.`);
    else if (outcomes.length === 1 && only)
      toast().show('error', `Could not scan ${only.device}: ${only.error ?? only.status}`);
    else
      toast().show(
        'error',
        `Scanned ${outcomes.length - failed} of ${outcomes.length} devices; ${failed} could not be scanned.`,
      );
    await useDevicesStore.getState().load();
  },
  async readHostKey(device) {
    const result = await call('device:host-key', { id: device.id });
    return result.ok ? { presented: result.value.presented } : { refusal: result.error.message };
  },
  async trust(device, expected) {
    const result = await call('device:trust', { id: device.id, expected });
    if (!result.ok) return result.error.message;
    toast().show('success', `The new host key of '${device.name}' is trusted. Scan it again.`);
    await useDevicesStore.getState().load();
    return null;
  },
  progressChanged(event) {
    set({
      progress: {
        ...get().progress,
        [event.deviceId]: { stage: event.stage, status: event.status, error: event.error },
      },
    });
  },
}));
