import { z } from 'zod';

/** Job and per-device statuses, exactly as CLI.md names them. */
export const JobStatus = z.enum(['queued', 'running', 'succeeded', 'failed', 'cancelled', 'skipped']);
export type JobStatus = z.output<typeof JobStatus>;

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
  status: JobStatus,
  rebootRequired: z.boolean(),
  error: z.string().nullable(),
  changes: z.array(PackageChange),
  /** Before the install: changes that could not be rolled back, a pending reboot, skipped packages. */
  warnings: z.array(z.string()),
  /** The package manager's output of the install (or rollback) step. */
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
  step: z.enum(['queued', 'preflight', 'install', 'verify', 'reboot', 'done']),
  status: JobStatus,
  error: z.string().nullable(),
});
export type JobProgress = z.output<typeof JobProgress>;

/** Output of a device's install or rollback, when the run ends. */
export const JobOutput = z.object({
  job: z.number().int(),
  deviceId: z.number().int(),
  device: z.string(),
  output: z.string(),
});
export type JobOutput = z.output<typeof JobOutput>;
