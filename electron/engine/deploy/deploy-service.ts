import type { Device } from '../../../shared/domain/fleet';
import {
  DeployRequest,
  type JobDeviceStatus,
  type JobProgress,
  type JobStatus,
  type JobView,
  type PreflightSummary,
  type RebootPolicy,
} from '../../../shared/domain/jobs';
import type { CommandArgv } from '../../../shared/domain/policies';
import type { SshDefaults } from '../../../shared/domain/settings';
import { AppError, isAppError } from '../../../shared/errors';
import { appendAudit, schedulerActor } from '../audit/audit-log';
import {
  findJob,
  insertJob,
  listChanges,
  listJobDevices,
  listJobs,
  listUnfinishedJobs,
  requestJobCancel,
  type JobDeviceRecord,
} from '../db/repositories/jobs';
import { listAvailableUpdates } from '../db/repositories/inventory';
import { listExceptionRows, type ExceptionRow } from '../db/repositories/policies';
import type { EngineContext } from '../engine-context';
import type { EngineEvents } from '../engine-events';
import type { DeviceService } from '../fleet/devices';
import type { InventoryService } from '../inventory/inventory-service';
import type { ScanService } from '../inventory/scan-service';
import { createJobJournal } from '../jobs/job-journal';
import { readJobView } from '../jobs/job-view';
import { runRollout } from '../jobs/rollout';
import { adapterFor } from '../platforms';
import { indexExceptions } from '../policy/exception-rules';
import type { InstallMode } from '../platforms/types';
import type { ConnectOptions } from '../ssh/connect';
import { SshPool } from '../ssh/pool';
import { runDevice } from './device-run';
import { coalesceOutput } from './output-coalescer';
import type { PlannedPackage } from './planned-package';
import { itemsForUpdates, planItems } from './deployment-items';
import { preflightDryRun } from './preflight-dry-run';
import { leaveOutExcepted } from './excepted-updates';
import { changedSinceJob } from './changed-since';
import { devicesStillToRollBack } from './rollback-guard';
import { rollbackPlan } from './rollback-plan';
import type { StartDeployment } from '../jobs/scheduler';

/** Knobs that are not part of what the technician approves: timeouts. Kept with the job so a resume uses them. */
export interface DeployRunOptions {
  /** Limit for each remote command (default 30 minutes: an install can be slow). */
  readonly commandTimeoutMs?: number;
  /** How long to wait for a device to come back from a reboot (default 15 minutes). */
  readonly rebootTimeoutMs?: number;
  readonly connect?: Omit<ConnectOptions, 'signal'>;
  /** Who the job is recorded as started by (default: the engine's actor, the technician). */
  readonly actor?: string;
}

interface JobSettings {
  readonly mode: InstallMode;
  readonly reboot: RebootPolicy;
  readonly concurrency: number;
  readonly maxFailPercent: number;
  readonly commandTimeoutMs: number;
  readonly rebootTimeoutMs: number;
  readonly connect: Omit<ConnectOptions, 'signal'>;
  /** Absent in jobs written before pre- and post-commands existed. */
  readonly preCommand?: CommandArgv | null;
  readonly postCommand?: CommandArgv | null;
  readonly notAfter?: string | null;
}

/** A job that was written and is now running; `done` settles with its final record. */
export interface LaunchedJob {
  readonly jobId: number;
  readonly done: Promise<JobView>;
}

export interface DeployService {
  /**
   * Write a deployment job (queued, every device with exactly the packages it will get) and start running it.
   * Throws AppError 'invalid-input' / 'not-found' before anything is written when the request is wrong.
   */
  start(request: DeployRequest, options?: DeployRunOptions): LaunchedJob;
  /**
   * The dry run of `start`: connect to each device (bounded by the request's concurrency) and run only the
   * read-only pre-flight, to say what would change and what could not be rolled back. Writes no job.
   * Throws like `start` when the request itself is wrong.
   */
  preflight(request: DeployRequest, options?: DeployRunOptions): Promise<PreflightSummary>;
  /** Roll back the changes a deployment made, on all its devices or the ones named. */
  rollback(jobId: number, deviceIds?: readonly number[], options?: DeployRunOptions): LaunchedJob;
  /** A new job for the failed devices of a finished deployment, with the same packages and settings. */
  retry(jobId: number): LaunchedJob;
  /** Run a job that is queued or was interrupted: steps already done are not repeated. */
  resume(jobId: number): Promise<JobView>;
  /** Resume every job whose runner is gone. */
  resumeInterrupted(): Promise<JobView[]>;
  /**
   * Synchronous, at engine start: steps that a crashed or killed Patchdeck left running are marked interrupted
   * (and their jobs released) so nothing pretends to be under way. Returns the jobs that need resuming.
   */
  recover(): number[];
  /** Ask a job to stop: devices not yet installing are cancelled; installs under way finish and are verified. */
  cancel(jobId: number): JobView;
  get(jobId: number): JobView;
  list(limit?: number): JobView[];
}

const defaults = { commandTimeoutMs: 30 * 60_000, rebootTimeoutMs: 15 * 60_000 };

export function createDeployService(
  context: EngineContext,
  services: {
    devices: DeviceService;
    scans: ScanService;
    inventory: InventoryService;
    events: EngineEvents;
    /** The technician's SSH settings: a deployment connects and signs in within their timeouts, as a scan does. */
    sshDefaults?: () => SshDefaults;
  },
): DeployService {
  const { database, clock, actor } = context;
  const { devices, scans, inventory, events, sshDefaults } = services;
  const journal = createJobJournal(database, clock);

  function plannedFor(
    device: Device,
    request: DeployRequest,
    exceptions: ReadonlyMap<string, readonly ExceptionRow[]>,
  ): { packages: PlannedPackage[]; warnings: string[] } {
    const selection = request.selection;
    const approved =
      selection.kind === 'packages'
        ? selection.packages
        : selection.kind === 'per-device'
          ? (selection.devices.find((entry) => entry.deviceId === device.id)?.packages ?? [])
          : null;
    // First: a device no scan reached has no missing updates on record, which is not "nothing to install".
    const family = device.platform;
    if (!family) {
      throw new AppError(
        'invalid-input',
        `${device.name} has not been scanned yet, so Patchdeck does not know its platform: scan it first.`,
      );
    }
    const { patches, warnings: excepted } =
      approved === null
        ? leaveOutExcepted(
            exceptions,
            device,
            inventory
              .patches({ deviceId: device.id })
              .filter((patch) => selection.kind === 'all' || patch.security),
            clock.now(),
          )
        : { patches: [], warnings: [] };
    if (approved === null && patches.length === 0) {
      return {
        packages: [],
        warnings: [
          ...excepted,
          excepted.length > 0 ? 'Nothing else to install.' : 'The last scan found nothing to install.',
        ],
      };
    }
    const deployment = adapterFor(family)?.deployment;
    if (!deployment)
      throw new AppError('invalid-input', `Patchdeck cannot install updates on ${family} devices yet.`);
    // Advisories are planned as the packages the last scan found them fixing.
    const missing = () => listAvailableUpdates(database, [device.id]);
    if (approved === null) {
      const named = itemsForUpdates(deployment, patches);
      const planned = planItems(deployment, named.items, missing());
      return { packages: planned.packages, warnings: [...excepted, ...named.warnings, ...planned.warnings] };
    }
    for (const name of approved) deployment.checkPackageName(name);
    if (approved.length === 0) return { packages: [], warnings: ['Nothing was approved for this device.'] };
    const advisories = approved.some((name) => deployment.advisoryOf(name) !== null);
    return planItems(deployment, approved, advisories ? missing() : []);
  }

  /** Each device's plan for a request; the request is parsed, and the exceptions read, once for all of them. */
  function plansFor(request: DeployRequest) {
    const parsed = DeployRequest.parse(request);
    const exceptions = indexExceptions(listExceptionRows(database));
    return [...new Set(parsed.deviceIds)].map((id) => {
      const device = devices.get(id);
      return { device, ...plannedFor(device, parsed, exceptions) };
    });
  }

  function write(
    kind: 'deploy' | 'rollback',
    settings: JobSettings,
    rollbackOf: number | null,
    plans: readonly { device: Device; packages: PlannedPackage[]; warnings: string[] }[],
    retryOf: number | null = null,
    startedBy: string = actor,
  ): number {
    return database.transaction(() => {
      const jobId = insertJob(database, {
        kind,
        settings: JSON.stringify(settings),
        rollbackOf,
        actor: startedBy,
        createdAt: clock.now().toISOString(),
        devices: plans.map((plan) => ({
          deviceId: plan.device.id,
          packages: JSON.stringify(plan.packages),
          warnings: plan.warnings,
        })),
      });
      appendAudit(database, clock.now(), startedBy, {
        action: kind === 'deploy' ? 'job.deploy-created' : 'job.rollback-created',
        subjectType: 'job',
        subjectId: jobId,
        subjectName: null,
        details: {
          rollbackOf,
          // A retry is a new job: without this its entry would not say which job it repeats.
          ...(retryOf !== null ? { retryOf } : {}),
          reboot: settings.reboot,
          ...(settings.preCommand ? { preCommand: settings.preCommand } : {}),
          ...(settings.postCommand ? { postCommand: settings.postCommand } : {}),
          ...(settings.notAfter ? { notAfter: settings.notAfter } : {}),
          devices: plans.map((plan) => ({ device: plan.device.name, packages: plan.packages })),
        },
      });
      return jobId;
    });
  }

  function connectDefaults(): JobSettings['connect'] {
    const ssh = sshDefaults?.();
    return ssh ? { connectTimeoutMs: ssh.connectTimeoutMs, handshakeTimeoutMs: ssh.handshakeTimeoutMs } : {};
  }

  function settingsOf(
    request: DeployRequest,
    mode: InstallMode,
    options: DeployRunOptions = {},
  ): JobSettings {
    const parsed = DeployRequest.parse(request);
    return {
      mode,
      reboot: parsed.reboot,
      concurrency: parsed.concurrency,
      maxFailPercent: parsed.maxFailPercent,
      commandTimeoutMs: options.commandTimeoutMs ?? defaults.commandTimeoutMs,
      rebootTimeoutMs: options.rebootTimeoutMs ?? defaults.rebootTimeoutMs,
      connect: options.connect ?? connectDefaults(),
      preCommand: parsed.preCommand ?? null,
      postCommand: parsed.postCommand ?? null,
      notAfter: parsed.notAfter ?? null,
    };
  }

  async function runJob(jobId: number): Promise<JobView> {
    const token = journal.claim(jobId);
    try {
      const job = findJob(database, jobId);
      if (!job) throw new AppError('not-found', `There is no job ${jobId}.`);
      if (job.status !== 'queued' && job.status !== 'running') return readJobView(database, jobId);
      const settings = JSON.parse(job.settings) as JobSettings;
      journal.jobStatus(jobId, 'running');
      const rows = listJobDevices(database, jobId);
      const pending = rows.filter((row) => row.status === 'queued' || row.status === 'running');
      const pool = new SshPool({ maxSessions: settings.concurrency, connect: settings.connect });
      const cancelRequested = () => findJob(database, jobId)?.cancelRequested ?? false;
      await runRollout<JobDeviceRecord>(
        pending,
        settings,
        async (row) => ({ failed: (await runOne(jobId, settings, row, pool, cancelRequested)) === 'failed' }),
        (row, reason) => {
          const status: JobStatus = reason === 'cancelled' ? 'cancelled' : 'skipped';
          const why =
            reason === 'cancelled'
              ? 'The job was cancelled before this device started.'
              : `Not started: more than ${settings.maxFailPercent}% of the devices failed.`;
          journal.deviceStatus(jobId, row.deviceId, status, why);
          emitProgress(jobId, row.deviceId, 'done', status, why);
        },
        cancelRequested,
        { total: rows.length, failed: rows.filter((row) => row.status === 'failed').length },
      );
      const final = listJobDevices(database, jobId).map((row) => row.status);
      // A device the rollout never finished (still queued or running) can never make a job a success.
      const unfinished = final.some((value) => value === 'queued' || value === 'running');
      const status: JobStatus =
        unfinished || final.some((value) => value === 'failed' || value === 'skipped')
          ? 'failed'
          : final.some((value) => value === 'cancelled')
            ? 'cancelled'
            : 'succeeded';
      journal.jobStatus(jobId, status);
      return readJobView(database, jobId);
    } finally {
      journal.release(jobId, token);
    }
  }

  const deviceName = (deviceId: number) => {
    try {
      return devices.get(deviceId).name;
    } catch {
      return `device ${deviceId}`;
    }
  };

  function emitProgress(
    jobId: number,
    deviceId: number,
    step: JobProgress['step'],
    status: JobDeviceStatus,
    error: string | null,
  ) {
    events.emit('job:progress', { job: jobId, deviceId, device: deviceName(deviceId), step, status, error });
  }

  async function runOne(
    jobId: number,
    settings: JobSettings,
    row: JobDeviceRecord,
    pool: SshPool,
    cancelRequested: () => boolean,
  ): Promise<'succeeded' | 'failed' | 'cancelled' | 'skipped'> {
    let device: Device;
    try {
      device = devices.get(row.deviceId);
    } catch (error) {
      const why = isAppError(error) ? error.message : String(error);
      journal.deviceStatus(jobId, row.deviceId, 'failed', why);
      emitProgress(jobId, row.deviceId, 'done', 'failed', why);
      return 'failed';
    }
    const planned = JSON.parse(row.packages) as PlannedPackage[];
    if (planned.length === 0) {
      journal.deviceStatus(jobId, row.deviceId, 'succeeded');
      emitProgress(jobId, row.deviceId, 'done', 'succeeded', null);
      return 'succeeded';
    }
    // A second job on a busy device would meet the first at its package manager's lock (or be rebooted under by
    // it) and fail in words that do not say why. It is skipped instead, naming the job that has the device: that
    // job is already installing there, and waiting for it could mean a second install and reboot in one night.
    const holder = journal.claimDevice(jobId, device.id);
    if (holder !== null) {
      const why = `Not started: job ${holder} is already working on ${device.name}, and a second job would collide with it at the package manager. Retry this device when job ${holder} has finished.`;
      journal.deviceStatus(jobId, device.id, 'skipped', why);
      emitProgress(jobId, device.id, 'done', 'skipped', why);
      return 'skipped';
    }
    const output = coalesceOutput((step, text) =>
      events.emit('job:output', { job: jobId, deviceId: device.id, device: device.name, step, output: text }),
    );
    try {
      return await runDevice(
        {
          context,
          journal,
          devices,
          scans,
          pool,
          progress: (step, status, error = null) => {
            output.flush();
            emitProgress(jobId, device.id, step, status, error);
          },
          output: output.push,
        },
        {
          jobId,
          ...settings,
          preCommand: settings.preCommand ?? null,
          postCommand: settings.postCommand ?? null,
          notAfter: settings.notAfter ?? null,
          cancelRequested,
        },
        device,
        planned,
      );
    } finally {
      output.flush();
    }
  }

  const launch = (jobId: number): LaunchedJob => ({ jobId, done: runJob(jobId) });

  return {
    start(request, options) {
      const settings = settingsOf(request, 'upgrade', options);
      return launch(write('deploy', settings, null, plansFor(request), null, options?.actor));
    },
    preflight(request, options) {
      const settings = settingsOf(request, 'upgrade', options);
      return preflightDryRun({ context, devices }, plansFor(request), settings);
    },
    rollback(jobId, deviceIds, options) {
      const job = findJob(database, jobId);
      if (!job) throw new AppError('not-found', `There is no job ${jobId}.`);
      if (job.kind !== 'deploy')
        throw new AppError(
          'invalid-input',
          `Job ${jobId} is a ${job.kind}, not a deployment; only deployments can be rolled back.`,
        );
      if (job.status === 'queued' || job.status === 'running') {
        throw new AppError(
          'conflict',
          `Job ${jobId} is still ${job.status}; roll it back once it has finished.`,
        );
      }
      const rows = listJobDevices(database, jobId);
      const chosen = devicesStillToRollBack(
        database,
        jobId,
        deviceIds === undefined ? rows : rows.filter((row) => deviceIds.includes(row.deviceId)),
        deviceIds !== undefined,
        (id) => devices.get(id).name,
      );
      for (const id of deviceIds ?? []) {
        if (!rows.some((row) => row.deviceId === id)) {
          throw new AppError('invalid-input', `${devices.get(id).name} was not part of job ${jobId}.`);
        }
      }
      const changes = listChanges(database, jobId);
      const plans = chosen
        .map((row) => {
          const device = devices.get(row.deviceId);
          const deployment = device.platform ? (adapterFor(device.platform)?.deployment ?? null) : null;
          const mine = changes.filter((change) => change.deviceId === row.deviceId);
          const changedSince = changedSinceJob(database, row.deviceId, jobId, deployment);
          return { device, ...rollbackPlan(deployment, mine, changedSince) };
        })
        .filter((plan) => plan.packages.length > 0 || plan.warnings.length > 0);
      if (plans.length === 0)
        throw new AppError('invalid-input', `Job ${jobId} changed nothing that could be rolled back.`);
      const original = JSON.parse(job.settings) as JobSettings;
      const settings: JobSettings = {
        ...original,
        mode: 'downgrade',
        maxFailPercent: 100,
        // Rolling back is the technician's decision now, not the closed window's.
        notAfter: null,
        ...(options?.commandTimeoutMs !== undefined ? { commandTimeoutMs: options.commandTimeoutMs } : {}),
        ...(options?.rebootTimeoutMs !== undefined ? { rebootTimeoutMs: options.rebootTimeoutMs } : {}),
        ...(options?.connect !== undefined ? { connect: options.connect } : {}),
      };
      return launch(write('rollback', settings, jobId, plans));
    },
    retry(jobId) {
      const job = findJob(database, jobId);
      if (!job) throw new AppError('not-found', `There is no job ${jobId}.`);
      if (job.status === 'queued' || job.status === 'running') {
        throw new AppError('conflict', `Job ${jobId} is still ${job.status}.`);
      }
      const rows = listJobDevices(database, jobId).filter((row) => row.status !== 'succeeded');
      if (rows.length === 0)
        throw new AppError(
          'invalid-input',
          `Every device of job ${jobId} succeeded; there is nothing to retry.`,
        );
      const plans = rows.map((row) => ({
        device: devices.get(row.deviceId),
        packages: JSON.parse(row.packages) as PlannedPackage[],
        warnings: [],
      }));
      // A retry is started by hand: the original window's end does not hold it back.
      const settings: JobSettings = { ...(JSON.parse(job.settings) as JobSettings), notAfter: null };
      return launch(write(job.kind, settings, job.rollbackOf, plans, jobId));
    },
    resume: (jobId) => runJob(jobId),
    async resumeInterrupted() {
      journal.recoverOrphans();
      const views: JobView[] = [];
      for (const job of listUnfinishedJobs(database)) {
        if (job.runnerPid !== null) continue;
        views.push(await runJob(job.id));
      }
      return views;
    },
    recover: () => journal.recoverOrphans(),
    cancel(jobId) {
      if (!findJob(database, jobId)) throw new AppError('not-found', `There is no job ${jobId}.`);
      database.transaction(() => {
        requestJobCancel(database, jobId);
        appendAudit(database, clock.now(), actor, {
          action: 'job.cancel-requested',
          subjectType: 'job',
          subjectId: jobId,
          subjectName: null,
          details: {},
        });
      });
      return readJobView(database, jobId);
    },
    get: (jobId) => readJobView(database, jobId),
    list: (limit = 100) => listJobs(database, limit).map((job) => readJobView(database, job.id)),
  };
}

/**
 * The scheduler's entry point: one job per policy window, each device with the packages the policy approved for
 * it, the policy's reboot choice, pre- and post-commands, and the window's end as the job's `notAfter`.
 */
export function scheduledDeployment(deploy: DeployService): StartDeployment {
  return async (deployment) => {
    const { jobId, done } = deploy.start(
      {
        deviceIds: deployment.devices.map((entry) => entry.deviceId),
        selection: {
          kind: 'per-device',
          devices: deployment.devices.map((entry) => ({
            deviceId: entry.deviceId,
            packages: [...entry.packages],
          })),
        },
        reboot: deployment.reboot,
        concurrency: deployment.concurrency,
        maxFailPercent: deployment.maxFailPercent,
        ...(deployment.preCommand !== null ? { preCommand: [...deployment.preCommand] } : {}),
        ...(deployment.postCommand !== null ? { postCommand: [...deployment.postCommand] } : {}),
        notAfter: deployment.windowEnd.toISOString(),
      },
      { actor: schedulerActor },
    );
    return { jobId, finished: done.then((view) => ({ jobId: view.job, status: view.status })) };
  };
}
