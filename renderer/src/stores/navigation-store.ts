import { create } from 'zustand';

export const pages = [
  'dashboard',
  'clients',
  'devices',
  'vulnerabilities',
  'patches',
  'policies',
  'jobs',
  'reports',
  'settings',
] as const;
export type Page = (typeof pages)[number];

/** The page a location hash names (`#/devices`), or the dashboard for anything else. */
export function pageFromHash(hash: string): Page {
  const name = hash.replace(/^#\/?/, '').split('/')[0] ?? '';
  return (pages as readonly string[]).includes(name) ? (name as Page) : 'dashboard';
}

/** The device a hash opens (`#/devices/12`), or null for the device list and every other page. */
export function deviceIdFromHash(hash: string): number | null {
  const match = /^#\/?devices\/(\d+)$/.exec(hash);
  return match?.[1] ? Number(match[1]) : null;
}

interface NavigationState {
  readonly page: Page;
  /** Set when the hash opens one device's page. */
  readonly deviceId: number | null;
  /** Follow the location hash; start-up wires this to `hashchange`. */
  syncWithLocation(): void;
}

/**
 * The current page lives in the location hash so a reload stays where the technician was; the hash works the
 * same over `app://` as over http, with no server routes.
 */
export const useNavigationStore = create<NavigationState>()((set) => ({
  page: pageFromHash(window.location.hash),
  deviceId: deviceIdFromHash(window.location.hash),
  syncWithLocation() {
    set({ page: pageFromHash(window.location.hash), deviceId: deviceIdFromHash(window.location.hash) });
  },
}));
