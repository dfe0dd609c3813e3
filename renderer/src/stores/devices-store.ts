import { create } from 'zustand';
import type { Device } from '../../../shared/domain/fleet';
import { call } from '../ipc/api';
import type { DeviceDraft, DeviceField } from '../forms/device-draft';
import { errorsFromAppError, type SaveOutcome } from '../forms/field-errors';
import { useToastStore } from './toast-store';

type LoadStatus = 'idle' | 'loading' | 'ready' | 'failed';

interface DevicesState {
  readonly devices: readonly Device[];
  readonly status: LoadStatus;
  readonly loadError: string | null;
  readonly search: string;
  readonly clientId: number | null;
  load(): Promise<void>;
  setSearch(search: string): void;
  setClientFilter(clientId: number | null): void;
  add(draft: DeviceDraft): Promise<SaveOutcome<DeviceField>>;
  update(before: Device, draft: DeviceDraft): Promise<SaveOutcome<DeviceField>>;
  remove(device: Device): Promise<string | null>;
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

/** The fleet's devices as the engine filters them (by client and by search over name, host, client, tag). */
export const useDevicesStore = create<DevicesState>()((set, get) => ({
  devices: [],
  status: 'idle',
  loadError: null,
  search: '',
  clientId: null,
  load() {
    const { search, clientId } = get();
    const filter = {
      ...(clientId === null ? {} : { clientId }),
      ...(search.trim() === '' ? {} : { search: search.trim() }),
    };
    const key = JSON.stringify(filter);
    if (inFlight?.key === key) return inFlight.done;
    const request = ++latestRequest;
    if (get().status === 'idle') set({ status: 'loading' });
    const done = call('device:list', filter).then((result) => {
      if (inFlight?.done === done) inFlight = null;
      if (request !== latestRequest) return;
      set(
        result.ok
          ? { devices: result.value, status: 'ready', loadError: null }
          : { status: 'failed', loadError: result.error.message },
      );
    });
    inFlight = { key, done };
    return done;
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
}));
