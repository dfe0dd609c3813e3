import { create } from 'zustand';
import type { Device } from '../../../shared/domain/fleet';
import type { DeployRequest } from '../../../shared/domain/jobs';
import type { Patch } from '../../../shared/domain/scan';
import { call } from '../ipc/api';
import { useToastStore } from './toast-store';

/** What a deployment installs: the last scan's security updates, all of them, or the packages named. */
export type PatchChoice = 'all-security' | 'all' | 'packages';

export interface DeployDraft {
  readonly choice: PatchChoice;
  readonly packages: ReadonlySet<string>;
  readonly deviceIds: ReadonlySet<number>;
}

/** One device in the pre-flight summary. */
export interface PlannedDevice {
  readonly deviceId: number;
  readonly device: string;
  readonly client: string;
  readonly updates: readonly Patch[];
  /** Why Patchdeck will not touch it, or null. */
  readonly blocker: string | null;
}

export interface DeploySummary {
  readonly devices: readonly PlannedDevice[];
  readonly updates: number;
  readonly rebootUpdates: number;
  /** Updates known before the run to be impossible to undo by reinstalling the old version. */
  readonly irreversible: readonly string[];
}

// Only these platforms have a deployment adapter in the engine today (platforms/*/index.ts `deployment`).
const deployablePlatforms = new Set(['debian', 'rhel']);
// Kernels install beside the old one: the engine's pre-flight says going back means booting the old kernel.
const kernelPackage = /^(linux-image|kernel)(-|$)/;

/** The plan the pre-flight step shows, from the last scans: who gets what, and what cannot be undone. */
export function planDeployment(
  patches: readonly Patch[],
  devices: readonly Device[],
  draft: DeployDraft,
): DeploySummary {
  const planned: PlannedDevice[] = [];
  const irreversible = new Set<string>();
  let updates = 0;
  let rebootUpdates = 0;
  for (const device of devices) {
    if (!draft.deviceIds.has(device.id)) continue;
    const mine = patches.filter(
      (patch) =>
        patch.deviceId === device.id &&
        (draft.choice === 'all' ||
          (draft.choice === 'all-security' && patch.security) ||
          (draft.choice === 'packages' && draft.packages.has(patch.name))),
    );
    const blocker =
      device.platform === null
        ? 'Never scanned: Patchdeck does not know its system yet.'
        : !deployablePlatforms.has(device.platform)
          ? `Patchdeck cannot install updates on ${device.platform} devices yet.`
          : mine.length === 0
            ? 'Its last scan found none of the chosen updates.'
            : null;
    if (blocker === null) {
      updates += mine.length;
      rebootUpdates += mine.filter((patch) => patch.rebootRequired === true).length;
      for (const patch of mine) if (kernelPackage.test(patch.name)) irreversible.add(patch.name);
    }
    planned.push({
      deviceId: device.id,
      device: device.name,
      client: device.clientName,
      updates: mine,
      blocker,
    });
  }
  return { devices: planned, updates, rebootUpdates, irreversible: [...irreversible].sort() };
}

interface DeployState {
  readonly patches: readonly Patch[];
  readonly status: 'idle' | 'loading' | 'ready' | 'failed';
  readonly loadError: string | null;
  /** Reads what the last scans found missing, for choosing and for the pre-flight summary. */
  load(): Promise<void>;
  /** Approves the packages fleet-wide so each device's automation profile installs them in its next window. */
  approveForNextWindow(packages: readonly string[]): Promise<string | null>;
  request(
    draft: DeployDraft,
    options: Pick<DeployRequest, 'reboot' | 'concurrency' | 'maxFailPercent'>,
  ): DeployRequest;
}

/** The deployment wizard's data: the fleet's missing updates. Starting the job goes through the jobs store. */
export const useDeployStore = create<DeployState>()((set) => ({
  patches: [],
  status: 'idle',
  loadError: null,
  async load() {
    set({ status: 'loading' });
    const result = await call('patch:list', {});
    set(
      result.ok
        ? { patches: result.value, status: 'ready', loadError: null }
        : { status: 'failed', loadError: result.error.message },
    );
  },
  async approveForNextWindow(packages) {
    const result = await call('approval:decide', { packages: [...packages], decision: 'approve' });
    if (!result.ok) return result.error.message;
    useToastStore
      .getState()
      .show(
        'success',
        `Approved ${packages.length} package${packages.length === 1 ? '' : 's'}: automation profiles install them in their next window.`,
      );
    return null;
  },
  request(draft, options) {
    const deviceIds = [...draft.deviceIds];
    const selection: DeployRequest['selection'] =
      draft.choice === 'packages'
        ? { kind: 'packages', packages: [...draft.packages] }
        : { kind: draft.choice };
    return { deviceIds, selection, ...options };
  },
}));
