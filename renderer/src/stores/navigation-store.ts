import { create } from 'zustand';

export const pages = [
  'dashboard',
  'clients',
  'devices',
  'patches',
  'policies',
  'jobs',
  'reports',
  'settings',
] as const;
export type Page = (typeof pages)[number];

/** The page a location hash names (`#/devices`), or the dashboard for anything else. */
export function pageFromHash(hash: string): Page {
  const name = hash.replace(/^#\/?/, '');
  return (pages as readonly string[]).includes(name) ? (name as Page) : 'dashboard';
}

interface NavigationState {
  readonly page: Page;
  /** Follow the location hash; start-up wires this to `hashchange`. */
  syncWithLocation(): void;
}

/**
 * The current page lives in the location hash so a reload stays where the technician was; the hash works the
 * same over `app://` as over http, with no server routes.
 */
export const useNavigationStore = create<NavigationState>()((set) => ({
  page: pageFromHash(window.location.hash),
  syncWithLocation() {
    set({ page: pageFromHash(window.location.hash) });
  },
}));
