import { z } from 'zod';
import { CommandArgv } from './policies';

/** Job and per-device statuses, exactly as CLI.md names them. */
export const JobStatus = z.enum(['queued', 'running', 'succeeded', 'failed', 'cancelled', 'skipped']);
export type JobStatus = z.output<typeof JobStatus>;

/**
 * A device's status in a job: a JobStatus, or `host-key-mismatch` when the device presented another host key than
 * the one pinned and Patchdeck refused to run anything on it (CLI.md's host-key rule, which `scan` honours too).
 * Such a device failed: for the job's status, the failure threshold, retry and the exit code it counts as `failed`.
 */
export const JobDeviceStatus = z.enum([...JobStatus.options, 'host-key-mismatch']);
export type JobDeviceStatus = z.output<typeof JobDeviceStatus>;

export const JobKind = z.enum(['deploy', 'rollback']);
export type JobKind = z.output<typeof JobKind>;

/** When a device is rebooted after its updates landed. */
export const RebootPolicy = z.enum(['never', 'if-required', 'always']);
export type RebootPolicy = z.output<typeof RebootPolicy>;

/** Which updates a deployment installs on each device: named packages, or what the last scan found missing. */
export const PatchSelection = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('packages'), packages: z.array(z.string().min(1)).min(1).max(10_000) }),
  z.object({ kind: z.literal('all-security') }),
  z.object({ kind: z.literal('all') }),
  /** Each device with its own approved packages, as a policy's maintenance window plans them. */
  z.object({
    kind: z.literal('per-device'),
    devices: z.array(
      z.object({ deviceId: z.number().int().positive(), packages: z.array(z.string().min(1)) }),
    ),
  }),
]);
export type PatchSelection = z.output<typeof PatchSelection>;

export const DeployRequest = z.object({
  deviceIds: z.array(z.number().int().positive()).min(1).max(100_000),
  selection: PatchSelection,
  reboot: RebootPolicy.default('never'),
  concurrency: z.number().int().min(1).max(1024).default(16),
  /** Stop the devices not yet started once more than this share of the finished ones failed. */
  maxFailPercent: z.number().min(0).max(100).default(100),
  /** Run on each device after its pre-flight, before the install; a non-zero exit fails the device untouched. */
  preCommand: CommandArgv.optional(),
  /** Run on each device after its verify (and reboot); a non-zero exit fails the device, its changes stay recorded. */
  postCommand: CommandArgv.optional(),
  /**
   * The maintenance window's end (ISO 8601): a device not started by then is skipped, and a reboot that would start
   * after it is deferred (the post-command of a device under way still runs). Absent for a deployment started by
   * hand; a retry or rollback of a scheduled job is started by hand too and has none.
   */
  notAfter: z.iso.datetime({ offset: true }).optional(),
});
export type DeployRequest = z.input<typeof DeployRequest>;

/** One package a job changed on one device. */
export const PackageChange = z.object({
  package: z.string(),
  from: z.string().nullable(),
  to: z.string().nullable(),
});

/** One device of a job, in the shape of CLI.md (`deploy --json`, `job show --json`) plus ids and notes. */
export const JobDeviceView = z.object({
  deviceId: z.number().int(),
  device: z.string(),
  status: JobDeviceStatus,
  rebootRequired: z.boolean(),
  error: z.string().nullable(),
  changes: z.array(PackageChange),
  /** Before the install: changes that could not be rolled back, a pending reboot, skipped packages. */
  warnings: z.array(z.string()),
  /** The output of the device's pre-command, install (or rollback) and post-command steps, in that order. */
  output: z.string().nullable(),
});
export type JobDeviceView = z.output<typeof JobDeviceView>;

export const JobView = z.object({
  job: z.number().int(),
  kind: JobKind,
  status: JobStatus,
  rollbackOf: z.number().int().nullable(),
  createdAt: z.string(),
  finishedAt: z.string().nullable(),
  devices: z.array(JobDeviceView),
});
export type JobView = z.output<typeof JobView>;

/** Where a device is in its job, for live progress. */
export const JobProgress = z.object({
  job: z.number().int(),
  deviceId: z.number().int(),
  device: z.string(),
  step: z.enum(['queued', 'preflight', 'pre-command', 'install', 'verify', 'reboot', 'post-command', 'done']),
  status: JobDeviceStatus,
  /** Why the device ended as it did (step `done`), in the job record's words; null while it runs. */
  error: z.string().nullable(),
});
export type JobProgress = z.output<typeof JobProgress>;

/**
 * Live output of a device while a step runs: `output` is the next chunk, to append to what came before (not the
 * whole output so far). Chunks are sent as they arrive, at most about ten per second per device; the complete
 * output is in the job's record (`JobDeviceView.output`) once the step has ended.
 */
export const JobOutput = z.object({
  job: z.number().int(),
  deviceId: z.number().int(),
  device: z.string(),
  /** Which step printed it. */
  step: z.enum(['pre-command', 'install', 'post-command']).optional(),
  output: z.string(),
});
export type JobOutput = z.output<typeof JobOutput>;

/** What a deployment would do on one device, as the read-only pre-flight found it. */
export const PreflightDevice = z.object({
  deviceId: z.number().int(),
  device: z.string(),
  /**
   * ready: would install; blocked: the pre-flight found a reason not to (package manager locked, no disk space,
   * sign-in refused), see `error`; unreachable: could not be reached; nothing-to-do: every package is already
   * current or not installed.
   */
  status: z.enum(['ready', 'blocked', 'unreachable', 'nothing-to-do']),
  packages: z.array(
    z.object({
      name: z.string(),
      from: z.string(),
      to: z.string(),
      rollbackPossible: z.boolean(),
      rollbackNote: z.string().nullable(),
    }),
  ),
  warnings: z.array(z.string()),
  error: z.string().nullable(),
});
export type PreflightDevice = z.output<typeof PreflightDevice>;

/** The dry run of a deployment: per device what would change and what could not be rolled back. No job is written. */
export const PreflightSummary = z.object({ devices: z.array(PreflightDevice) });
export type PreflightSummary = z.output<typeof PreflightSummary>;

/** A maintenance window occurrence a planned deployment waits for (instants; the console shows both zones). */
export const PlannedWindow = z
  .object({ start: z.iso.datetime({ offset: true }), end: z.iso.datetime({ offset: true }) })
  .refine((window) => Date.parse(window.end) > Date.parse(window.start), {
    error: 'the window must end after it starts',
    path: ['end'],
  });

/** Deploy later: in the window the technician picks, or in the next window of the policy covering each device. */
export const PlanDeploymentRequest = z.object({
  request: DeployRequest,
  window: PlannedWindow.optional(),
});
export type PlanDeploymentRequest = z.input<typeof PlanDeploymentRequest>;

/** planned: waits for its window; started: the scheduler started its job; cancelled: by the technician. */
export const PlannedDeploymentStatus = z.enum(['planned', 'started', 'cancelled']);
export type PlannedDeploymentStatus = z.output<typeof PlannedDeploymentStatus>;

/** One one-off deployment waiting for (or started in) one window occurrence. */
export const PlannedDeployment = z.object({
  id: z.number().int(),
  status: PlannedDeploymentStatus,
  /** Planned, but its window closed while Patchdeck was not running: it will not start late. */
  missed: z.boolean(),
  /** The policy whose window it waits for; null for a window the technician picked. */
  policy: z.string().nullable(),
  windowStart: z.string(),
  windowEnd: z.string(),
  /** The client's zone, in which the window is written. */
  timeZone: z.string(),
  devices: z.array(z.object({ deviceId: z.number().int(), device: z.string() })),
  selection: PatchSelection,
  reboot: RebootPolicy,
  jobId: z.number().int().nullable(),
  error: z.string().nullable(),
  createdAt: z.string(),
});
export type PlannedDeployment = z.output<typeof PlannedDeployment>;

/** Before rolling back a job (or some of its devices): per device what would be reinstalled and what cannot be. */
export const RollbackPreview = z.object({
  job: z.number().int(),
  devices: z.array(
    z.object({
      deviceId: z.number().int(),
      device: z.string(),
      /**
       * `installed`: the version the job left (null if it removed the package); `reinstall`: the one before (null:
       * the job installed it new, and the rollback removes it, as it uninstalls a Windows KB).
       */
      rollBack: z.array(
        z.object({ package: z.string(), installed: z.string().nullable(), reinstall: z.string().nullable() }),
      ),
      cannot: z.array(z.object({ package: z.string(), note: z.string() })),
    }),
  ),
});
export type RollbackPreview = z.output<typeof RollbackPreview>;
