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
    const toasts = useToastStore.getState();
    if (result.ok)
      toasts.show(
        'success',
        `Demo data loaded: ${result.value.clients} clients, ${result.value.devices} devices.`,
      );
    else toasts.show('error', result.error.message);
    // Also after a refusal: the engine refuses when clients were added meanwhile (the CLI, a restored backup), and
    // the console must move on to them rather than keep offering demo data for a database that is not empty.
    // Busy until then, so a second press cannot ask again for what is already loaded.
    await Promise.all([useClientsStore.getState().load(), useDevicesStore.getState().load(), get().load()]);
    set({ loadingDemo: false });
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
