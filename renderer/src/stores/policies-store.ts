import { create } from 'zustand';
import type {
  Policy,
  PolicyDraftWindows,
  PolicyInput,
  WindowOccurrenceView,
} from '../../../shared/domain/policies';
import type { AppErrorShape } from '../../../shared/errors';
import { call } from '../ipc/api';
import { useToastStore } from './toast-store';

type LoadStatus = 'idle' | 'loading' | 'ready' | 'failed';

/** How many days the calendar preview shows: four weeks, the usual patch cycle. */
export const PREVIEW_DAYS = 28;

interface PoliciesState {
  readonly policies: readonly Policy[];
  readonly status: LoadStatus;
  readonly loadError: string | null;
  readonly selectedId: number | null;
  readonly preview: readonly WindowOccurrenceView[];
  readonly previewError: string | null;
  /** The editor's unsaved windows laid out, with the zone they were read in (null until the first answer). */
  readonly draftPreview: {
    readonly occurrences: readonly WindowOccurrenceView[];
    readonly zone: string;
  } | null;
  readonly draftPreviewError: string | null;
  load(): Promise<void>;
  select(policyId: number | null): Promise<void>;
  /** Lay out the editor's windows as typed; `zone` is the one they are read in (the draft's or the client's). */
  previewDraft(draft: PolicyDraftWindows, zone: string): Promise<void>;
  clearDraftPreview(): void;
  /** Saves a new policy (no id) or changes one; the engine's refusal to place next to a field, or null. */
  save(id: number | null, input: PolicyInput): Promise<AppErrorShape | null>;
  setEnabled(policy: Policy, enabled: boolean): Promise<void>;
  remove(policy: Policy): Promise<string | null>;
}

const toast = () => useToastStore.getState();
// Answers to earlier keystrokes may arrive late: only the newest draft's answer is shown.
let latestDraft = 0;

/** Automation profiles and the calendar preview of the selected one's next maintenance windows. */
export const usePoliciesStore = create<PoliciesState>()((set, get) => ({
  policies: [],
  status: 'idle',
  loadError: null,
  selectedId: null,
  preview: [],
  previewError: null,
  draftPreview: null,
  draftPreviewError: null,
  async load() {
    if (get().status === 'idle') set({ status: 'loading' });
    const result = await call('policy:list', {});
    if (!result.ok) return set({ status: 'failed', loadError: result.error.message });
    set({ policies: result.value, status: 'ready', loadError: null });
    const { selectedId } = get();
    const stillThere = result.value.some((policy) => policy.id === selectedId);
    await get().select(stillThere ? selectedId : (result.value[0]?.id ?? null));
  },
  async select(policyId) {
    set({ selectedId: policyId, preview: [], previewError: null });
    if (policyId === null) return;
    const result = await call('schedule:preview', {
      policyId,
      from: new Date().toISOString(),
      days: PREVIEW_DAYS,
    });
    if (get().selectedId !== policyId) return;
    set(result.ok ? { preview: result.value } : { previewError: result.error.message });
  },
  async previewDraft(draft, zone) {
    const request = ++latestDraft;
    const result = await call('schedule:preview', {
      draft,
      from: new Date().toISOString(),
      days: PREVIEW_DAYS,
    });
    if (request !== latestDraft) return;
    set(
      result.ok
        ? { draftPreview: { occurrences: result.value, zone }, draftPreviewError: null }
        : { draftPreviewError: result.error.message },
    );
  },
  clearDraftPreview() {
    latestDraft++;
    set({ draftPreview: null, draftPreviewError: null });
  },
  async save(id, input) {
    const result =
      id === null ? await call('policy:add', input) : await call('policy:update', { ...input, id });
    if (!result.ok) return result.error;
    toast().show('success', `Policy '${result.value.name}' saved.`);
    set({ selectedId: result.value.id });
    await get().load();
    return null;
  },
  async setEnabled(policy, enabled) {
    const result = await call('policy:update', { id: policy.id, enabled });
    if (!result.ok) return toast().show('error', result.error.message);
    toast().show('success', `Policy '${policy.name}' ${enabled ? 'enabled' : 'paused'}.`);
    await get().load();
  },
  async remove(policy) {
    const result = await call('policy:remove', { id: policy.id });
    if (!result.ok) return result.error.message;
    toast().show('success', `Policy '${policy.name}' removed.`);
    await get().load();
    return null;
  },
}));
