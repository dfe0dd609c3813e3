import { create } from 'zustand';
import type { Branding } from '../../../shared/domain/reports';
import type { BackupResult, Settings, SettingsUpdate } from '../../../shared/domain/settings';
import { call } from '../ipc/api';
import { useToastStore } from './toast-store';

interface SettingsState {
  readonly settings: Settings | null;
  readonly branding: Branding | null;
  /** Why the settings or the branding could not be read at the last load; null once they were. */
  readonly settingsError: string | null;
  readonly brandingError: string | null;
  readonly lastBackup: BackupResult | null;
  load(): Promise<void>;
  /** Each save answers the refusal sentence, or null when stored. */
  update(changes: SettingsUpdate): Promise<string | null>;
  setBranding(branding: Branding): Promise<string | null>;
  /** Main asks where to write (its save dialog); a cancelled dialog is no refusal. */
  backup(): Promise<string | null>;
  /** Main asks which backup to restore (its open dialog). */
  restore(): Promise<string | null>;
}

const toast = () => useToastStore.getState();

/** Stored settings (SSH defaults, scan freshness), report branding, and backup and restore. */
export const useSettingsStore = create<SettingsState>()((set) => ({
  settings: null,
  branding: null,
  settingsError: null,
  brandingError: null,
  lastBackup: null,
  async load() {
    const [settings, branding] = await Promise.all([call('settings:get', {}), call('branding:get', {})]);
    set({
      ...(settings.ok
        ? { settings: settings.value, settingsError: null }
        : { settingsError: settings.error.message }),
      ...(branding.ok
        ? { branding: branding.value, brandingError: null }
        : { brandingError: branding.error.message }),
    });
  },
  async update(changes) {
    const result = await call('settings:update', changes);
    if (!result.ok) return result.error.message;
    set({ settings: result.value, settingsError: null });
    toast().show('success', 'Settings saved.');
    return null;
  },
  async setBranding(branding) {
    const result = await call('branding:set', branding);
    if (!result.ok) return result.error.message;
    set({ branding: result.value, brandingError: null });
    toast().show('success', 'Report branding saved.');
    return null;
  },
  async backup() {
    // The save dialog has already asked before replacing an existing file.
    const result = await call('backup:create', { overwrite: true });
    if (!result.ok) return result.error.code === 'cancelled' ? null : result.error.message;
    set({ lastBackup: result.value });
    toast().show('success', `Backup written to ${result.value.path}.`);
    return null;
  },
  async restore() {
    const result = await call('backup:restore', {});
    if (!result.ok) return result.error.code === 'cancelled' ? null : result.error.message;
    toast().show('info', `Restored from ${result.value.restoredFrom}. Patchdeck restarts its engine now.`);
    return null;
  },
}));
