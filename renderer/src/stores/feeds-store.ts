import { create } from 'zustand';
import type { FeedStatus } from '../../../shared/domain/vulnerabilities';
import { call } from '../ipc/api';
import { useToastStore } from './toast-store';

interface FeedsState {
  readonly feeds: readonly FeedStatus[];
  readonly importing: boolean;
  load(): Promise<void>;
  /** Import feed files by path (all or none); answers the refusal sentence or null. */
  importFiles(paths: readonly string[]): Promise<string | null>;
}

/** The vulnerability feeds the database holds (OSV, CISA KEV, EPSS) and importing new files. */
export const useFeedsStore = create<FeedsState>()((set, get) => ({
  feeds: [],
  importing: false,
  async load() {
    const result = await call('feed:status', {});
    if (result.ok) set({ feeds: result.value });
  },
  async importFiles(paths) {
    set({ importing: true });
    const result = await call('feed:import', { paths: [...paths] });
    set({ importing: false });
    if (!result.ok) return result.error.message;
    const records = result.value.flatMap((file) => file.feeds).reduce((sum, feed) => sum + feed.records, 0);
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
