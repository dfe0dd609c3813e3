import { create } from 'zustand';
import type {
  DeployRequest,
  PlanDeploymentRequest,
  PlannedDeployment,
  PreflightSummary,
} from '../../../shared/domain/jobs';
import type { DeviceMissingUpdates, PatchGroup } from '../../../shared/domain/patch-groups';
import { formatCountOf } from '../format';
import { call } from '../ipc/api';
import { useToastStore } from './toast-store';

/** What a deployment installs: the last scan's security updates, all of them, or the packages named. */
export type PatchChoice = 'all-security' | 'all' | 'packages';

export interface DeployDraft {
  readonly choice: PatchChoice;
  readonly packages: ReadonlySet<string>;
  readonly deviceIds: ReadonlySet<number>;
}

interface DeployState {
  /** What the last scans found missing, by package, each with its fleet-wide decision. */
  readonly groups: readonly PatchGroup[];
  /** The devices that miss updates, with counts only. */
  readonly missing: readonly DeviceMissingUpdates[];
  readonly status: 'idle' | 'loading' | 'ready' | 'failed';
  readonly loadError: string | null;
  /** Reads the packages and the devices that miss updates: a summary, never every device's missing rows. */
  load(): Promise<void>;
  /** The engine's read-only pre-flight on every device, or the sentence saying why it could not run. */
  preflight(request: DeployRequest): Promise<PreflightSummary | string>;
  /** Leaves the deployment to a maintenance window; the engine's refusal sentence, or null. */
  plan(request: PlanDeploymentRequest): Promise<string | null>;
  request(
    draft: DeployDraft,
    options: Pick<DeployRequest, 'reboot' | 'concurrency' | 'maxFailPercent'>,
  ): DeployRequest;
}

/** "Sat 21 Nov, 22:00": when a planned deployment starts, in the technician's zone, for the toast. */
const startFormat = new Intl.DateTimeFormat(undefined, {
  weekday: 'short',
  day: 'numeric',
  month: 'short',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

function plannedSentence(planned: readonly PlannedDeployment[]): string {
  const devices = planned.reduce((sum, entry) => sum + entry.devices.length, 0);
  const first = planned.map((entry) => entry.windowStart).sort()[0] ?? '';
  const when = startFormat.format(new Date(first));
  const count = formatCountOf(devices, 'device');
  return planned.length === 1
    ? `Planned for ${count}: starts ${when}.`
    : `Planned for ${count} in ${planned.length} windows, the first ${when}.`;
}

/** The deployment wizard's data and actions; running a job now goes through the jobs store. */
export const useDeployStore = create<DeployState>()((set) => ({
  groups: [],
  missing: [],
  status: 'idle',
  loadError: null,
  async load() {
    set({ status: 'loading' });
    const [groups, missing] = await Promise.all([call('patch:groups', {}), call('patch:devices', {})]);
    if (!groups.ok) return set({ status: 'failed', loadError: groups.error.message });
    if (!missing.ok) return set({ status: 'failed', loadError: missing.error.message });
    set({ groups: groups.value, missing: missing.value, status: 'ready', loadError: null });
  },
  async preflight(request) {
    const result = await call('deploy:preflight', request);
    return result.ok ? result.value : result.error.message;
  },
  async plan(request) {
    const result = await call('deploy:plan', request);
    if (!result.ok) return result.error.message;
    useToastStore.getState().show('success', plannedSentence(result.value));
    return null;
  },
  request(draft, options) {
    const deviceIds = [...draft.deviceIds];
    const selection: DeployRequest['selection'] =
      draft.choice === 'packages'
        ? { kind: 'packages', packages: [...draft.packages] }
        : { kind: draft.choice };
    return { deviceIds, selection, ...options };
  },
}));
