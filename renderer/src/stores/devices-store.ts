import { create } from 'zustand';
import type { Device, DeviceFilter, RetiredDevices } from '../../../shared/domain/fleet';
import { call } from '../ipc/api';
import type { DeviceDraft, DeviceField } from '../forms/device-draft';
import { errorsFromAppError, type SaveOutcome } from '../forms/field-errors';
import { useToastStore } from './toast-store';

type LoadStatus = 'idle' | 'loading' | 'ready' | 'failed';

interface DevicesState {
  /** The Devices page's list: the devices its client filter and search select. */
  readonly devices: readonly Device[];
  /** Every device, whatever the Devices page filters: what policies, exceptions and the ring counts work on. */
  readonly fleet: readonly Device[];
  readonly status: LoadStatus;
  readonly loadError: string | null;
  readonly search: string;
  readonly clientId: number | null;
  /** Whether the Devices page lists retired devices: not (the default), with the others, or alone. */
  readonly retired: RetiredDevices;
  /** Loads the page's list, and the fleet with it when the page filters nothing (they are then the same list). */
  load(): Promise<void>;
  loadFleet(): Promise<void>;
  setSearch(search: string): void;
  setClientFilter(clientId: number | null): void;
  setRetiredFilter(retired: RetiredDevices): void;
  add(draft: DeviceDraft): Promise<SaveOutcome<DeviceField>>;
  update(before: Device, draft: DeviceDraft): Promise<SaveOutcome<DeviceField>>;
  remove(device: Device): Promise<string | null>;
  /** Each answers null when done, or the engine's refusal (a job still running on the device) to show. */
  retire(device: Device): Promise<string | null>;
  reinstate(device: Device): Promise<string | null>;
}

// Typing a search waits this long for the next key before asking the engine.
const SEARCH_DELAY_MS = 150;
let searchTimer: number | undefined;
// Answers can arrive out of order while the technician types; only the newest request's answer is shown.
let latestRequest = 0;

const toast = () => useToastStore.getState();
// The schemas (zod) load with the first form rather than with the console, so the table paints sooner.
const drafts = () => import('../forms/device-draft');
// One request per filter at a time: start-up and the page both ask for the same list when the app opens on it.
let inFlight: { readonly key: string; readonly done: Promise<void> } | null = null;

function filterOf({
  search,
  clientId,
  retired,
}: Pick<DevicesState, 'search' | 'clientId' | 'retired'>): DeviceFilter {
  return {
    ...(clientId === null ? {} : { clientId }),
    ...(search.trim() === '' ? {} : { search: search.trim() }),
    ...(retired === 'hide' ? {} : { retired }),
  };
}
const everyDevice = JSON.stringify({});
let latestFleetRequest = 0;

/** The fleet's devices as the engine filters them (by client and by search over name, host, client, tag). */
export const useDevicesStore = create<DevicesState>()((set, get) => ({
  devices: [],
  fleet: [],
  status: 'idle',
  loadError: null,
  search: '',
  clientId: null,
  retired: 'hide',
  load() {
    const filter = filterOf(get());
    const key = JSON.stringify(filter);
    if (inFlight?.key === key) return inFlight.done;
    const request = ++latestRequest;
    if (get().status === 'idle') set({ status: 'loading' });
    const done = call('device:list', filter).then((result) => {
      if (inFlight?.done === done) inFlight = null;
      if (request !== latestRequest) return;
      set(
        result.ok
          ? {
              devices: result.value,
              ...(key === everyDevice ? { fleet: result.value } : {}),
              status: 'ready',
              loadError: null,
            }
          : { status: 'failed', loadError: result.error.message },
      );
    });
    inFlight = { key, done };
    return done;
  },
  async loadFleet() {
    if (JSON.stringify(filterOf(get())) === everyDevice) return get().load();
    const request = ++latestFleetRequest;
    const result = await call('device:list', {});
    if (request !== latestFleetRequest) return;
    // The fleet loaded before stays in place: the forms keep choices, and the toast says they may be dated.
    if (result.ok) set({ fleet: result.value });
    else toast().show('error', `The fleet's devices could not be loaded: ${result.error.message}`);
  },
  setSearch(search) {
    set({ search });
    window.clearTimeout(searchTimer);
    searchTimer = window.setTimeout(() => void get().load(), SEARCH_DELAY_MS);
  },
  setClientFilter(clientId) {
    set({ clientId });
    void get().load();
  },
  setRetiredFilter(retired) {
    set({ retired });
    void get().load();
  },
  async add(draft) {
    const { deviceInputFrom, deviceFields, deviceAliases } = await drafts();
    const checked = deviceInputFrom(draft);
    if (!checked.ok) return checked.errors;
    const result = await call('device:add', checked.value);
    if (!result.ok) return errorsFromAppError(result.error, deviceFields, deviceAliases);
    toast().show('success', `Device '${result.value.name}' added to ${result.value.clientName}.`);
    await get().load();
    return null;
  },
  async update(before, draft) {
    const { deviceUpdateFrom, deviceFields, deviceAliases } = await drafts();
    const checked = deviceUpdateFrom(before, draft);
    if (!checked.ok) return checked.errors;
    const result = await call('device:update', checked.value);
    if (!result.ok) return errorsFromAppError(result.error, deviceFields, deviceAliases);
    toast().show('success', `Device '${result.value.name}' saved.`);
    await get().load();
    return null;
  },
  async remove(device) {
    const result = await call('device:remove', { id: device.id });
    if (!result.ok) return result.error.message;
    toast().show('success', `Device '${device.name}' removed.`);
    await get().load();
    return null;
  },
  async retire(device) {
    const result = await call('device:retire', { id: device.id });
    if (!result.ok) return result.error.message;
    toast().show('success', `Device '${device.name}' retired.`);
    await Promise.all([get().load(), get().loadFleet()]);
    return null;
  },
  async reinstate(device) {
    const result = await call('device:reinstate', { id: device.id });
    if (!result.ok) return result.error.message;
    toast().show('success', `Device '${device.name}' reinstated: scan it to bring its inventory up to date.`);
    await Promise.all([get().load(), get().loadFleet()]);
    return null;
  },
}));
