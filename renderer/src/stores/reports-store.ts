import { create } from 'zustand';
import type { ReportFormat } from '../../../shared/domain/reports';
import type { AppErrorShape } from '../../../shared/errors';
import { call } from '../ipc/api';
import { useToastStore } from './toast-store';

export interface ReportPeriod {
  readonly clientId: number | null;
  /** YYYY-MM-DD, or empty for the report's default period. */
  readonly from: string;
  readonly to: string;
}

export interface ExportResult {
  readonly path: string;
  readonly bytes: number;
  readonly format: ReportFormat;
}

interface ReportsState extends ReportPeriod {
  readonly html: string | null;
  readonly previewStatus: 'idle' | 'loading' | 'ready' | 'failed';
  /** The engine's refusal, with the field it names (`from`, `to`) so the page can show it there. */
  readonly previewError: AppErrorShape | null;
  readonly exporting: ReportFormat | null;
  readonly exportError: AppErrorShape | null;
  readonly lastExport: ExportResult | null;
  setPeriod(period: Partial<ReportPeriod>): void;
  preview(): Promise<void>;
  /** Writes the report where the technician chooses in main's save dialog; the result shows on the page. */
  export(format: ReportFormat): Promise<void>;
}

const periodOf = ({ clientId, from, to }: ReportPeriod) => ({
  clientId: clientId ?? 0,
  ...(from === '' ? {} : { from }),
  ...(to === '' ? {} : { to }),
});
let latestPreview = 0;

/** A client's compliance report: the period, its preview and its exports. */
export const useReportsStore = create<ReportsState>()((set, get) => ({
  clientId: null,
  from: '',
  to: '',
  html: null,
  previewStatus: 'idle',
  previewError: null,
  exporting: null,
  exportError: null,
  lastExport: null,
  setPeriod(period) {
    set({ ...period, exportError: null });
    void get().preview();
  },
  async preview() {
    if (get().clientId === null) return set({ html: null, previewStatus: 'idle', previewError: null });
    const request = ++latestPreview;
    set({ previewStatus: 'loading' });
    const result = await call('report:preview', periodOf(get()));
    if (request !== latestPreview) return;
    set(
      result.ok
        ? { html: result.value.html, previewStatus: 'ready', previewError: null }
        : { html: null, previewStatus: 'failed', previewError: result.error },
    );
  },
  async export(format) {
    if (get().clientId === null) {
      return set({ exportError: { code: 'invalid-input', message: 'Choose a client first.' } });
    }
    set({ exporting: format, exportError: null });
    const result = await call('report:export', { ...periodOf(get()), format });
    if (!result.ok)
      return set({
        exporting: null,
        exportError: result.error.code === 'cancelled' ? null : result.error,
      });
    set({ exporting: null, lastExport: { ...result.value, format } });
    useToastStore.getState().show('success', `Report saved to ${result.value.path}.`);
  },
}));
