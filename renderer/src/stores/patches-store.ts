import { create } from 'zustand';
import type { ApprovalDecisionKind } from '../../../shared/domain/policies';
import type { PatchGroup } from '../../../shared/domain/patch-groups';
import { call } from '../ipc/api';
import { useToastStore } from './toast-store';

type LoadStatus = 'idle' | 'loading' | 'ready' | 'failed';

export type DecisionFilter = 'all' | 'pending' | 'approve' | 'defer' | 'exclude';

interface PatchesState {
  readonly groups: readonly PatchGroup[];
  readonly status: LoadStatus;
  readonly loadError: string | null;
  readonly search: string;
  readonly decisionFilter: DecisionFilter;
  /** Ticked packages, kept while the search or the decision filter hides them: act only on those shown. */
  readonly selected: ReadonlySet<string>;
  load(): Promise<void>;
  setSearch(search: string): void;
  setDecisionFilter(filter: DecisionFilter): void;
  toggle(packageName: string): void;
  /** Ticks or unticks these packages (the ones shown), leaving the hidden ticks as they are. */
  setTicked(packages: readonly string[], ticked: boolean): void;
  /** Approve, defer until a day or exclude these packages at once; an error sentence or null. */
  decide(
    packages: readonly string[],
    decision: ApprovalDecisionKind,
    until?: string,
    note?: string,
  ): Promise<string | null>;
  withdraw(packageName: string): Promise<void>;
}

/** Keeps only groups that match the search (package, version, client, CVE) and the decision filter. */
export function visibleGroups(
  groups: readonly PatchGroup[],
  search: string,
  filter: DecisionFilter,
): PatchGroup[] {
  const needle = search.trim().toLowerCase();
  return groups.filter((group) => {
    if (filter === 'pending' && group.decision !== null) return false;
    if (filter !== 'all' && filter !== 'pending' && group.decision?.decision !== filter) return false;
    if (needle === '') return true;
    return (
      group.package.toLowerCase().includes(needle) ||
      group.versions.some((version) => version.toLowerCase().includes(needle)) ||
      group.clients.some((client) => client.toLowerCase().includes(needle)) ||
      group.cves.some((cve) => cve.toLowerCase().includes(needle))
    );
  });
}

const toast = () => useToastStore.getState();
let latestRequest = 0;

/** Fleet-wide missing updates by package (grouped and ordered by the engine), each with its fleet-wide decision. */
export const usePatchesStore = create<PatchesState>()((set, get) => ({
  groups: [],
  status: 'idle',
  loadError: null,
  search: '',
  decisionFilter: 'all',
  selected: new Set(),
  async load() {
    const request = ++latestRequest;
    if (get().status === 'idle') set({ status: 'loading' });
    // The groups carry each package's fleet-wide decision: the approvals queue re-reads every missing update.
    const grouped = await call('patch:groups', {});
    if (request !== latestRequest) return;
    if (!grouped.ok) return set({ status: 'failed', loadError: grouped.error.message });
    const groups = grouped.value;
    const known = new Set(groups.map((group) => group.package));
    set({
      groups,
      status: 'ready',
      loadError: null,
      selected: new Set([...get().selected].filter((name) => known.has(name))),
    });
  },
  setSearch(search) {
    set({ search });
  },
  setDecisionFilter(decisionFilter) {
    set({ decisionFilter });
  },
  toggle(packageName) {
    const selected = new Set(get().selected);
    if (selected.has(packageName)) selected.delete(packageName);
    else selected.add(packageName);
    set({ selected });
  },
  setTicked(packages, ticked) {
    const selected = new Set(get().selected);
    for (const name of packages) {
      if (ticked) selected.add(name);
      else selected.delete(name);
    }
    set({ selected });
  },
  async decide(packages, decision, until, note) {
    const result = await call('approval:decide', {
      packages: [...packages],
      decision,
      ...(until === undefined ? {} : { until }),
      ...(note ? { note } : {}),
    });
    if (!result.ok) return result.error.message;
    const verb = decision === 'approve' ? 'Approved' : decision === 'defer' ? 'Deferred' : 'Excluded';
    toast().show(
      'success',
      `${verb} ${packages.length === 1 ? `'${packages[0]}'` : `${packages.length} packages`} for every device.`,
    );
    // Ticks hidden by the search or the filter were not part of this decision, so they stay.
    set({ selected: new Set([...get().selected].filter((name) => !packages.includes(name))) });
    await get().load();
    return null;
  },
  async withdraw(packageName) {
    const result = await call('approval:withdraw', { package: packageName });
    if (!result.ok) return toast().show('error', result.error.message);
    toast().show('success', `Decision on '${packageName}' withdrawn: it waits for approval again.`);
    await get().load();
  },
}));
