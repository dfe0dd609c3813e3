import { create } from 'zustand';
import type { Device, Ring } from '../../../shared/domain/fleet';
import type { InstalledPackage } from '../../../shared/domain/inventory';
import type { PackageChange, Patch } from '../../../shared/domain/scan';
import type { PatchPriority } from '../../../shared/domain/vulnerabilities';
import { formatCountOf } from '../format';
import { call } from '../ipc/api';
import { useDevicesStore } from './devices-store';
import { useToastStore } from './toast-store';

/** A missing update with why it has its colour (patch:list and patch:priorities answer in the same order). */
export interface PrioritisedPatch {
  readonly patch: Patch;
  readonly priority: PatchPriority | null;
}

interface InventoryState {
  readonly deviceId: number | null;
  readonly device: Device | null;
  readonly packages: readonly InstalledPackage[];
  readonly patches: readonly PrioritisedPatch[];
  /** Package changes scans saw on the device, newest first. */
  readonly changes: readonly PackageChange[];
  readonly status: 'idle' | 'loading' | 'ready' | 'failed';
  readonly error: string | null;
  /** Everything the device page shows about one device. */
  load(deviceId: number): Promise<void>;
  /** Bulk edits from the Devices table: one change applied to each selected device. */
  setRing(devices: readonly Device[], ring: Ring): Promise<void>;
  addTag(devices: readonly Device[], tag: string): Promise<void>;
}

const toast = () => useToastStore.getState();

async function updateEach(
  devices: readonly Device[],
  change: (device: Device) => Record<string, unknown>,
  done: string,
) {
  const failures: string[] = [];
  for (const device of devices) {
    const result = await call('device:update', { id: device.id, ...change(device) });
    if (!result.ok) failures.push(`${device.name}: ${result.error.message}`);
  }
  if (failures.length > 0) toast().show('error', failures.join(' '));
  else toast().show('success', done);
  await useDevicesStore.getState().load();
}

/** One device's inventory: facts, installed packages, missing updates with their priorities. */
export const useInventoryStore = create<InventoryState>()((set, get) => ({
  deviceId: null,
  device: null,
  packages: [],
  patches: [],
  changes: [],
  status: 'idle',
  error: null,
  async load(deviceId) {
    if (get().deviceId !== deviceId)
      set({ deviceId, device: null, packages: [], patches: [], changes: [], status: 'loading' });
    const device = await call('device:get', { id: deviceId });
    // A retired device has no missing updates to offer: the engine refuses its patches, so they are not asked for.
    const retired = device.ok && device.value.retiredAt !== null;
    const none = { ok: true, value: [] } as const;
    const [packages, patches, priorities, changes] = await Promise.all([
      call('inventory:packages', { deviceId }),
      retired ? none : call('patch:list', { deviceId }),
      retired ? none : call('patch:priorities', { deviceId }),
      call('inventory:changes', { deviceId }),
    ]);
    if (get().deviceId !== deviceId) return;
    const failed = [device, packages, patches, priorities, changes].find((result) => !result.ok);
    if (failed && !failed.ok) {
      set({ status: 'failed', error: failed.error.message });
      return;
    }
    if (!device.ok || !packages.ok || !patches.ok || !priorities.ok || !changes.ok) return;
    set({
      status: 'ready',
      error: null,
      device: device.value,
      packages: packages.value,
      patches: patches.value.map((patch, index) => ({ patch, priority: priorities.value[index] ?? null })),
      changes: changes.value,
    });
  },
  setRing: (devices, ring) =>
    updateEach(
      devices,
      () => ({ ring }),
      `${devices.length} ${devices.length === 1 ? 'device is' : 'devices are'} now in the ${ring} ring.`,
    ),
  addTag: (devices, tag) =>
    updateEach(
      devices,
      (device) => ({ tags: device.tags.includes(tag) ? device.tags : [...device.tags, tag] }),
      `Tagged ${formatCountOf(devices.length, 'device')} '${tag}'.`,
    ),
}));
