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
   * Import the files the technician picks in main's open dialog (all or none); answers the refusal, or null when
   * they were imported or the dialog was cancelled. `allowOlder` replaces a feed even with older data.
   */
  importFiles(options?: { readonly allowOlder?: boolean }): Promise<FeedRefusal | null>;
}

/** Why an import was refused; `olderData` when the only thing wrong is data older than the feed it replaces. */
export interface FeedRefusal {
  readonly message: string;
  readonly olderData: boolean;
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
  async importFiles(options = {}) {
    set({ importing: true });
    const result = await call('feed:import', options.allowOlder ? { allowOlder: true } : {});
    set({ importing: false });
    if (!result.ok) {
      if (result.error.code === 'cancelled') return null;
      set({ lastImport: null });
      return {
        message: `${result.error.message} Nothing was imported: the feeds below are as they were.`,
        // The engine marks the refusal with the request field that would lift it.
        olderData: result.error.field === 'allowOlder',
      };
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
