import { create } from 'zustand';
import type { ApprovalDecisionKind, ApprovalQueueEntry } from '../../../shared/domain/policies';
import type { Patch } from '../../../shared/domain/scan';
import { call } from '../ipc/api';
import { useToastStore } from './toast-store';

type LoadStatus = 'idle' | 'loading' | 'ready' | 'failed';
type Colour = 'red' | 'yellow' | 'green';

/** One package or KB across the fleet: who misses it, how urgent, and the fleet-wide decision. */
export interface PatchGroup {
  readonly package: string;
  readonly versions: readonly string[];
  readonly devices: number;
  readonly clients: readonly string[];
  readonly security: boolean;
  readonly kev: boolean;
  readonly colours: Readonly<Record<Colour | 'unrated', number>>;
  /** The earliest SLA deadline over every device missing it; null when none is rated. */
  readonly earliestDueAt: string | null;
  readonly firstSeenAt: string;
  readonly decision: ApprovalQueueEntry['decision'];
}

export type DecisionFilter = 'all' | 'pending' | 'approve' | 'defer' | 'exclude';

interface PatchesState {
  readonly groups: readonly PatchGroup[];
  readonly status: LoadStatus;
  readonly loadError: string | null;
  readonly search: string;
  readonly decisionFilter: DecisionFilter;
  readonly selected: ReadonlySet<string>;
  load(): Promise<void>;
  setSearch(search: string): void;
  setDecisionFilter(filter: DecisionFilter): void;
  toggle(packageName: string): void;
  selectOnly(packages: readonly string[]): void;
  /** Approve, defer until a day or exclude every selected package at once; an error sentence or null. */
  decide(decision: ApprovalDecisionKind, until?: string, note?: string): Promise<string | null>;
  withdraw(packageName: string): Promise<void>;
}

function groupPatches(patches: readonly Patch[], queue: readonly ApprovalQueueEntry[]): PatchGroup[] {
  const byPackage = new Map<string, Patch[]>();
  for (const patch of patches) {
    const list = byPackage.get(patch.name);
    if (list) list.push(patch);
    else byPackage.set(patch.name, [patch]);
  }
  const decisions = new Map(queue.map((entry) => [entry.package, entry]));
  const groups: PatchGroup[] = [];
  for (const [name, list] of byPackage) {
    const colours = { red: 0, yellow: 0, green: 0, unrated: 0 };
    const deviceIds = new Set<number>();
    let earliestDueAt: string | null = null;
    let firstSeenAt = list[0]?.firstSeenAt ?? '';
    for (const patch of list) {
      if (deviceIds.has(patch.deviceId)) continue;
      deviceIds.add(patch.deviceId);
      colours[patch.severity ?? 'unrated'] += 1;
      if (patch.dueAt !== null && (earliestDueAt === null || patch.dueAt < earliestDueAt))
        earliestDueAt = patch.dueAt;
      if (patch.firstSeenAt < firstSeenAt) firstSeenAt = patch.firstSeenAt;
    }
    const entry = decisions.get(name);
    groups.push({
      package: name,
      versions: [...new Set(list.map((patch) => patch.availableVersion))].sort(),
      devices: deviceIds.size,
      clients: [...new Set(list.map((patch) => patch.clientName))].sort(),
      security: list.some((patch) => patch.security),
      kev: list.some((patch) => patch.kev),
      colours,
      earliestDueAt,
      firstSeenAt,
      decision: entry?.decision ?? null,
    });
  }
  // Most urgent first: red before yellow before green, then the nearest deadline, then the widest spread.
  const rank = (group: PatchGroup) =>
    group.colours.red > 0 ? 0 : group.colours.yellow > 0 ? 1 : group.colours.green > 0 ? 2 : 3;
  return groups.sort(
    (a, b) =>
      rank(a) - rank(b) ||
      (a.earliestDueAt ?? '9999').localeCompare(b.earliestDueAt ?? '9999') ||
      b.devices - a.devices ||
      a.package.localeCompare(b.package),
  );
}

/** Keeps only groups that match the search (package, version, client) and the decision filter. */
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
      group.clients.some((client) => client.toLowerCase().includes(needle))
    );
  });
}

const toast = () => useToastStore.getState();
let latestRequest = 0;

/** Fleet-wide missing updates by package, with the approvals queue's decisions. */
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
    const [patches, queue] = await Promise.all([call('patch:list', {}), call('approval:list', {})]);
    if (request !== latestRequest) return;
    if (!patches.ok) return set({ status: 'failed', loadError: patches.error.message });
    if (!queue.ok) return set({ status: 'failed', loadError: queue.error.message });
    const groups = groupPatches(patches.value, queue.value);
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
  selectOnly(packages) {
    set({ selected: new Set(packages) });
  },
  async decide(decision, until, note) {
    const packages = [...get().selected];
    const result = await call('approval:decide', {
      packages,
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
    set({ selected: new Set() });
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
