import { create } from 'zustand';
import type { FeedImportResult, FeedStatus } from '../../../shared/domain/vulnerabilities';
import { call } from '../ipc/api';
import { useToastStore } from './toast-store';

interface FeedsState {
  readonly feeds: readonly FeedStatus[];
  readonly importing: boolean;
  /** What the last accepted import held, file by file; null before one. */
  readonly lastImport: readonly FeedImportResult[] | null;
  load(): Promise<void>;
  /**
   * Import the files the technician picks in main's open dialog (all or none); answers the refusal sentence, or
   * null when they were imported or the dialog was cancelled.
   */
  importFiles(): Promise<string | null>;
}

/** The vulnerability feeds the database holds (OSV, CISA KEV, EPSS) and importing new files. */
export const useFeedsStore = create<FeedsState>()((set, get) => ({
  feeds: [],
  importing: false,
  lastImport: null,
  async load() {
    const result = await call('feed:status', {});
    if (result.ok) set({ feeds: result.value });
  },
  async importFiles() {
    set({ importing: true });
    const result = await call('feed:import', {});
    set({ importing: false });
    if (!result.ok) {
      if (result.error.code === 'cancelled') return null;
      set({ lastImport: null });
      return `${result.error.message} Nothing was imported: the feeds below are as they were.`;
    }
    const records = result.value.flatMap((file) => file.feeds).reduce((sum, feed) => sum + feed.records, 0);
    set({ lastImport: result.value });
    useToastStore
      .getState()
      .show(
        'success',
        `Imported ${result.value.length} ${result.value.length === 1 ? 'file' : 'files'}: ${records} records.`,
      );
    await get().load();
    return null;
  },
}));
