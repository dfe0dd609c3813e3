import { create } from 'zustand';
import type { ExceptionInput, PatchException } from '../../../shared/domain/policies';
import type { AppErrorShape } from '../../../shared/errors';
import { call } from '../ipc/api';
import { useToastStore } from './toast-store';

interface ExceptionsState {
  readonly exceptions: readonly PatchException[];
  readonly status: 'idle' | 'loading' | 'ready' | 'failed';
  readonly loadError: string | null;
  load(): Promise<void>;
  add(input: ExceptionInput): Promise<AppErrorShape | null>;
  /** A new expiry or reason; the engine's refusal (with its field), or null when saved. */
  update(
    exception: PatchException,
    changes: { readonly expiresAt: string; readonly reason: string },
  ): Promise<AppErrorShape | null>;
  remove(exception: PatchException): Promise<string | null>;
}

const toast = () => useToastStore.getState();

/** Packages held back on a device, a tag or a client, each with a reason and an expiry. */
export const useExceptionsStore = create<ExceptionsState>()((set, get) => ({
  exceptions: [],
  status: 'idle',
  loadError: null,
  async load() {
    if (get().status === 'idle') set({ status: 'loading' });
    const result = await call('exception:list', {});
    set(
      result.ok
        ? { exceptions: result.value, status: 'ready', loadError: null }
        : { status: 'failed', loadError: result.error.message },
    );
  },
  async add(input) {
    const result = await call('exception:add', input);
    if (!result.ok) return result.error;
    toast().show('success', `Exception for '${result.value.package}' on ${result.value.targetName} added.`);
    await get().load();
    return null;
  },
  async update(exception, changes) {
    const result = await call('exception:update', { id: exception.id, ...changes });
    if (!result.ok) return result.error;
    toast().show(
      'success',
      `Exception for '${result.value.package}' on ${result.value.targetName} holds until ${result.value.expiresAt.slice(0, 10)}.`,
    );
    await get().load();
    return null;
  },
  async remove(exception) {
    const result = await call('exception:remove', { id: exception.id });
    if (!result.ok) return result.error.message;
    toast().show('success', `Exception for '${exception.package}' removed.`);
    await get().load();
    return null;
  },
}));
