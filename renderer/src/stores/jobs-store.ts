import { create } from 'zustand';
import type {
  DeployRequest,
  JobOutput,
  JobProgress,
  JobView,
  PlannedDeployment,
  RollbackPreview,
} from '../../../shared/domain/jobs';
import { call } from '../ipc/api';
import { useToastStore } from './toast-store';

type LoadStatus = 'idle' | 'loading' | 'ready' | 'failed';

/** Where a device of an open job is right now, from job:progress (newer than the last job:get). */
export type LiveStep = Pick<JobProgress, 'step' | 'status' | 'error'>;

/** The key of one device's streamed output in one job: a device's output never mixes across jobs. */
export const outputKey = (jobId: number, deviceId: number) => `${jobId}:${deviceId}`;

// A chatty install can print megabytes; the live view keeps the tail (the job record keeps all of it).
const MAX_STREAMED_CHARS = 200_000;

interface JobsState {
  readonly jobs: readonly JobView[];
  readonly status: LoadStatus;
  readonly loadError: string | null;
  /** The job open in the live view. */
  readonly openJobId: number | null;
  readonly openJob: JobView | null;
  /** Per device of the open job: its latest step. */
  readonly live: ReadonlyMap<number, LiveStep>;
  /** Output that arrived as job:output chunks, by job and device (see outputKey), while the console ran. */
  readonly output: ReadonlyMap<string, string>;
  /** One-off deployments waiting for (or started in) a maintenance window. */
  readonly planned: readonly PlannedDeployment[];
  load(): Promise<void>;
  loadPlanned(): Promise<void>;
  /** Cancels a planned deployment that has not started; the engine's refusal sentence, or null. */
  unplan(id: number): Promise<string | null>;
  /** What a rollback would reinstall and what it cannot, for the confirmation; or the refusal sentence. */
  previewRollback(jobId: number, deviceIds?: readonly number[]): Promise<RollbackPreview | string>;
  open(jobId: number | null): Promise<void>;
  cancel(jobId: number): Promise<void>;
  retry(jobId: number): Promise<void>;
  /** Starts the rollback and opens its live view; the engine's refusal sentence, or null. */
  rollback(jobId: number, deviceIds?: readonly number[]): Promise<string | null>;
  /** Starts a deployment and opens its live view; the engine's refusal sentence, or null. */
  deploy(request: DeployRequest): Promise<string | null>;
  progressed(progress: JobProgress): void;
  printed(output: JobOutput): void;
}

const toast = () => useToastStore.getState();
// Progress events arrive per device; the job list and the open job are re-read at most this often.
const REFRESH_DELAY_MS = 400;
let refreshTimer: number | undefined;

/** Deployment and rollback jobs: the list, the job open in the live view, and its streaming progress. */
export const useJobsStore = create<JobsState>()((set, get) => {
  const refreshSoon = () => {
    if (refreshTimer !== undefined) return;
    refreshTimer = window.setTimeout(() => {
      refreshTimer = undefined;
      void get().load();
      // A job that starts by itself may be a planned deployment whose window opened.
      void get().loadPlanned();
      const id = get().openJobId;
      if (id !== null) void reread(id);
    }, REFRESH_DELAY_MS);
  };
  const reread = async (jobId: number) => {
    const result = await call('job:get', { id: jobId });
    if (get().openJobId !== jobId) return;
    if (result.ok) set({ openJob: result.value });
    else toast().show('error', result.error.message);
  };
  const started = async (result: Awaited<ReturnType<typeof call<'job:retry'>>>, what: string) => {
    if (!result.ok) return toast().show('error', result.error.message);
    toast().show('success', `${what}: job ${result.value.job} started.`);
    await get().load();
    await get().open(result.value.job);
  };
  return {
    jobs: [],
    status: 'idle',
    loadError: null,
    openJobId: null,
    openJob: null,
    live: new Map(),
    output: new Map(),
    planned: [],
    async load() {
      if (get().status === 'idle') set({ status: 'loading' });
      const result = await call('job:list', { limit: 200 });
      set(
        result.ok
          ? { jobs: result.value, status: 'ready', loadError: null }
          : { status: 'failed', loadError: result.error.message },
      );
    },
    async loadPlanned() {
      const result = await call('deploy:planned', {});
      if (result.ok) set({ planned: result.value });
      else toast().show('error', result.error.message);
    },
    async unplan(id) {
      const result = await call('deploy:unplan', { id });
      if (!result.ok) return result.error.message;
      toast().show('info', `Planned deployment ${id} cancelled: it will not start.`);
      await get().loadPlanned();
      return null;
    },
    async previewRollback(jobId, deviceIds) {
      const result = await call('job:rollback-preview', {
        id: jobId,
        ...(deviceIds ? { deviceIds: [...deviceIds] } : {}),
      });
      return result.ok ? result.value : result.error.message;
    },
    async open(jobId) {
      set({
        openJobId: jobId,
        openJob: get().jobs.find((job) => job.job === jobId) ?? null,
        live: new Map(),
      });
      if (jobId !== null) await reread(jobId);
    },
    async cancel(jobId) {
      const result = await call('job:cancel', { id: jobId });
      if (!result.ok) return toast().show('error', result.error.message);
      toast().show('info', `Job ${jobId}: devices not yet started are cancelled.`);
      if (get().openJobId === jobId) set({ openJob: result.value });
      await get().load();
    },
    async retry(jobId) {
      await started(await call('job:retry', { id: jobId }), `Retrying job ${jobId}`);
    },
    async rollback(jobId, deviceIds) {
      const result = await call('job:rollback', {
        id: jobId,
        ...(deviceIds ? { deviceIds: [...deviceIds] } : {}),
      });
      if (!result.ok) return result.error.message;
      await started(result, `Rolling back job ${jobId}`);
      return null;
    },
    async deploy(request) {
      const result = await call('deploy:start', request);
      if (!result.ok) return result.error.message;
      toast().show('success', `Deployment started: job ${result.value.job}.`);
      await get().load();
      await get().open(result.value.job);
      return null;
    },
    progressed(progress) {
      if (progress.job === get().openJobId) {
        const live = new Map(get().live);
        live.set(progress.deviceId, { step: progress.step, status: progress.status, error: progress.error });
        set({ live });
      }
      refreshSoon();
    },
    printed(output) {
      const key = outputKey(output.job, output.deviceId);
      const map = new Map(get().output);
      const text = `${map.get(key) ?? ''}${output.output}`;
      map.set(key, text.length > MAX_STREAMED_CHARS ? text.slice(-MAX_STREAMED_CHARS) : text);
      set({ output: map });
    },
  };
});
