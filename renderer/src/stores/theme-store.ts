import { create } from 'zustand';

export const themePreferences = ['system', 'light', 'dark'] as const;
export type ThemePreference = (typeof themePreferences)[number];
export type Theme = 'light' | 'dark';

const STORAGE_KEY = 'patchdeck.theme';
const darkQuery = () => window.matchMedia('(prefers-color-scheme: dark)');

function storedPreference(): ThemePreference {
  const stored = window.localStorage.getItem(STORAGE_KEY);
  return (themePreferences as readonly (string | null)[]).includes(stored)
    ? (stored as ThemePreference)
    : 'system';
}

function resolve(preference: ThemePreference): Theme {
  if (preference !== 'system') return preference;
  return darkQuery().matches ? 'dark' : 'light';
}

function apply(theme: Theme): void {
  document.documentElement.dataset['theme'] = theme;
}

interface ThemeState {
  readonly preference: ThemePreference;
  readonly theme: Theme;
  setPreference(preference: ThemePreference): void;
  /** Apply the stored choice and follow the OS while the choice is "system"; returns the unsubscribe. */
  start(): () => void;
}

/** Light or dark: follows the OS unless the technician picked one in Settings (remembered on this machine). */
export const useThemeStore = create<ThemeState>()((set, get) => ({
  preference: 'system',
  theme: 'light',
  setPreference(preference) {
    if (preference === 'system') window.localStorage.removeItem(STORAGE_KEY);
    else window.localStorage.setItem(STORAGE_KEY, preference);
    const theme = resolve(preference);
    apply(theme);
    set({ preference, theme });
  },
  start() {
    get().setPreference(storedPreference());
    const query = darkQuery();
    const follow = () => {
      if (get().preference === 'system') get().setPreference('system');
    };
    query.addEventListener('change', follow);
    return () => query.removeEventListener('change', follow);
  },
}));
