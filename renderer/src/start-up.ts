import { subscribe } from './ipc/api';
import { useAppInfoStore } from './stores/app-info-store';
import { useClientsStore } from './stores/clients-store';
import { useDevicesStore } from './stores/devices-store';
import { useJobsStore } from './stores/jobs-store';
import { useNavigationStore } from './stores/navigation-store';
import { useScansStore } from './stores/scans-store';
import { useThemeStore } from './stores/theme-store';

/**
 * Everything the console listens to, subscribed once here: engine events into their stores, the location hash
 * into navigation, the OS colour scheme into the theme. Components never subscribe themselves.
 */
export function startUp(): void {
  useThemeStore.getState().start();
  window.addEventListener('hashchange', () => useNavigationStore.getState().syncWithLocation());
  subscribe('updater:state', (state) => useAppInfoStore.getState().updaterChanged(state));
  subscribe('job:progress', (progress) => useJobsStore.getState().progressed(progress));
  subscribe('job:output', (output) => useJobsStore.getState().printed(output));
  subscribe('scan:progress', (progress) => useScansStore.getState().progressChanged(progress));
  // Ask for the fleet while React renders the shell, not after: the answer is what the first pages show.
  void useDevicesStore.getState().load();
  void useClientsStore.getState().load();
}
