import { create } from 'zustand';
import type { DashboardSummary } from '../../../shared/domain/reports';
import { call } from '../ipc/api';
import { useClientsStore } from './clients-store';
import { useDevicesStore } from './devices-store';
import { useToastStore } from './toast-store';

interface DashboardState {
  readonly summary: DashboardSummary | null;
  readonly status: 'idle' | 'loading' | 'ready' | 'failed';
  readonly error: string | null;
  readonly loadingDemo: boolean;
  load(): Promise<void>;
  /** "Explore with demo data": fills the empty database with a generated fleet, then shows it. */
  loadDemo(): Promise<void>;
}

/** Every dashboard widget's numbers, read at one instant by dashboard:summary. */
export const useDashboardStore = create<DashboardState>()((set, get) => ({
  summary: null,
  status: 'idle',
  error: null,
  loadingDemo: false,
  async loadDemo() {
    set({ loadingDemo: true });
    const result = await call('demo:load', {});
    set({ loadingDemo: false });
    if (!result.ok) {
      useToastStore.getState().show('error', result.error.message);
      return;
    }
    useToastStore
      .getState()
      .show('success', `Demo data loaded: ${result.value.clients} clients, ${result.value.devices} devices.`);
    await Promise.all([useClientsStore.getState().load(), useDevicesStore.getState().load(), get().load()]);
  },
  async load() {
    if (get().status === 'idle') set({ status: 'loading' });
    const result = await call('dashboard:summary', {});
    set(
      result.ok
        ? { summary: result.value, status: 'ready', error: null }
        : { status: 'failed', error: result.error.message },
    );
  },
}));
