import { create } from 'zustand';
import type { AppInfo, UpdaterState } from '../../../shared/domain/app';
import { call } from '../ipc/api';

interface AppInfoState {
  readonly info: AppInfo | null;
  readonly error: string | null;
  readonly updater: UpdaterState | null;
  load(): Promise<void>;
  updaterChanged(state: UpdaterState): void;
}

/** What the Settings page shows about this installation: version, database, vault, updates. */
export const useAppInfoStore = create<AppInfoState>()((set) => ({
  info: null,
  error: null,
  updater: null,
  async load() {
    const result = await call('app:info', {});
    set(result.ok ? { info: result.value, error: null } : { error: result.error.message });
  },
  updaterChanged(state) {
    set({ updater: state });
  },
}));
