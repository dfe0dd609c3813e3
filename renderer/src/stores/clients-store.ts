import { create } from 'zustand';
import type { Client } from '../../../shared/domain/fleet';
import { call } from '../ipc/api';
import type { ClientDraft, ClientField } from '../forms/client-draft';
import { errorsFromAppError, type SaveOutcome } from '../forms/field-errors';
import { useToastStore } from './toast-store';

type LoadStatus = 'idle' | 'loading' | 'ready' | 'failed';

interface ClientsState {
  readonly clients: readonly Client[];
  readonly status: LoadStatus;
  readonly loadError: string | null;
  readonly search: string;
  load(): Promise<void>;
  setSearch(search: string): void;
  add(draft: ClientDraft): Promise<SaveOutcome<ClientField>>;
  update(id: number, draft: ClientDraft): Promise<SaveOutcome<ClientField>>;
  /** Returns the engine's refusal (e.g. the client still has devices), or null when removed. */
  remove(client: Client): Promise<string | null>;
}

const toast = () => useToastStore.getState();
// The schemas (zod) load with the first form rather than with the console, so pages paint sooner.
const drafts = () => import('../forms/client-draft');

/**
 * The technician's clients. Every change reloads the list so device counts stay the engine's; pages reload on
 * entry, so a rename shows on the Devices page without stores calling each other.
 */
export const useClientsStore = create<ClientsState>()((set, get) => ({
  clients: [],
  status: 'idle',
  loadError: null,
  search: '',
  async load() {
    if (get().status === 'idle') set({ status: 'loading' });
    const result = await call('client:list', {});
    set(
      result.ok
        ? { clients: result.value, status: 'ready', loadError: null }
        : { status: 'failed', loadError: result.error.message },
    );
  },
  setSearch(search) {
    set({ search });
  },
  async add(draft) {
    const { clientInputFrom, clientFields, clientAliases } = await drafts();
    const checked = clientInputFrom(draft);
    if (!checked.ok) return checked.errors;
    const result = await call('client:add', checked.value);
    if (!result.ok) return errorsFromAppError(result.error, clientFields, clientAliases);
    toast().show('success', `Client '${result.value.name}' added.`);
    await get().load();
    return null;
  },
  async update(id, draft) {
    const { clientUpdateFrom, clientFields, clientAliases } = await drafts();
    const checked = clientUpdateFrom(id, draft);
    if (!checked.ok) return checked.errors;
    const result = await call('client:update', checked.value);
    if (!result.ok) return errorsFromAppError(result.error, clientFields, clientAliases);
    toast().show('success', `Client '${result.value.name}' saved.`);
    await get().load();
    return null;
  },
  async remove(client) {
    const result = await call('client:remove', { id: client.id });
    if (!result.ok) return result.error.message;
    toast().show('success', `Client '${client.name}' removed.`);
    await get().load();
    return null;
  },
}));

/** Clients whose name or time zone contains the search text, case-insensitively. */
export function filterClients(clients: readonly Client[], search: string): readonly Client[] {
  const needle = search.trim().toLowerCase();
  if (needle === '') return clients;
  return clients.filter(
    (client) => client.name.toLowerCase().includes(needle) || client.timeZone.toLowerCase().includes(needle),
  );
}
