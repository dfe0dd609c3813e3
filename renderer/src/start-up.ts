import { subscribe } from './ipc/api';
import { useAppInfoStore } from './stores/app-info-store';
import { useClientsStore } from './stores/clients-store';
import { useDevicesStore } from './stores/devices-store';
import { useNavigationStore } from './stores/navigation-store';
import { useThemeStore } from './stores/theme-store';

/**
 * Everything the console listens to, subscribed once here: engine events into their stores, the location hash
 * into navigation, the OS colour scheme into the theme. Components never subscribe themselves.
 */
export function startUp(): void {
  useThemeStore.getState().start();
  window.addEventListener('hashchange', () => useNavigationStore.getState().syncWithLocation());
  subscribe('updater:state', (state) => useAppInfoStore.getState().updaterChanged(state));
  // Ask for the fleet while React renders the shell, not after: the answer is what the first pages show.
  void useDevicesStore.getState().load();
  void useClientsStore.getState().load();
}
