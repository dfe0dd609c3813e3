import { randomUUID } from 'node:crypto';
import type { JobStatus } from '../../../shared/domain/jobs';
import { AppError } from '../../../shared/errors';
import type { Database } from '../db/database';
import {
  findJob,
  finishStep,
  interruptRunningSteps,
  listUnfinishedJobs,
  setJobRunner,
  setJobDeviceStatus,
  setJobStatus,
  startStep,
  type DeviceFailureStatus,
  type StepName,
  type StepStatus,
} from '../db/repositories/jobs';
import type { Clock } from '../clock';
import { jobWorkingOn } from './device-holder';
import { isRunnerAlive } from './runner-liveness';

/**
 * The durable side of running a job: every write is its own committed transaction (the database runs with
 * synchronous=FULL), made before the work it describes starts and again when it ends.
 */
export interface JobJournal {
  /** Take over a job for this process; refuses a job another live process is running. Returns the claim token. */
  claim(jobId: number): string;
  release(jobId: number, token: string): void;
  /**
   * Mark a device running in this job, unless another job is working on it (see jobWorkingOn): then nothing is
   * written and that job's id is returned. The check and the write are one transaction under SQLite's write lock,
   * so two jobs, in this process or two, never both get the device.
   */
  claimDevice(jobId: number, deviceId: number): number | null;
  stepStarted(jobId: number, deviceId: number, step: StepName): number;
  stepEnded(
    stepId: number,
    outcome: {
      status: Exclude<StepStatus, 'running' | 'interrupted'>;
      result?: unknown;
      output?: string | null;
      error?: string | null;
    },
  ): void;
  /** failureStatus: the precise word for a failed device's failure (a changed host key), reported in its place. */
  deviceStatus(
    jobId: number,
    deviceId: number,
    status: JobStatus,
    error?: string | null,
    failureStatus?: DeviceFailureStatus | null,
  ): void;
  jobStatus(jobId: number, status: JobStatus, error?: string | null): void;
  /**
   * Mark what crashed or killed runners left behind: their steps become 'interrupted' and their claim is dropped,
   * so the job can be resumed. Jobs of live runners are left alone. Returns the ids of the recovered jobs.
   */
  recoverOrphans(): number[];
}

export function createJobJournal(database: Database, clock: Clock): JobJournal {
  const now = () => clock.now().toISOString();
  return {
    claim(jobId) {
      return database.transaction(() => {
        const job = findJob(database, jobId);
        if (!job) throw new AppError('not-found', `There is no job ${jobId}.`);
        if (job.runnerPid !== null && job.runnerPid !== process.pid && isRunnerAlive(job.runnerPid)) {
          throw new AppError(
            'conflict',
            `Job ${jobId} is being run by another Patchdeck process (pid ${job.runnerPid}).`,
          );
        }
        if (job.runnerPid !== null) interruptRunningSteps(database, jobId, now());
        const token = randomUUID();
        setJobRunner(database, jobId, process.pid, token);
        return token;
      });
    },
    release(jobId, token) {
      database.transaction(() => {
        if (findJob(database, jobId)?.runnerToken === token) setJobRunner(database, jobId, null, null);
      });
    },
    claimDevice: (jobId, deviceId) =>
      database.transaction(() => {
        const holder = jobWorkingOn(database, deviceId, jobId);
        if (holder === null) setJobDeviceStatus(database, jobId, deviceId, 'running', now());
        return holder;
      }),
    stepStarted: (jobId, deviceId, step) =>
      database.transaction(() => startStep(database, jobId, deviceId, step, now())),
    stepEnded: (stepId, outcome) =>
      database.transaction(() => finishStep(database, stepId, { ...outcome, at: now() })),
    deviceStatus: (jobId, deviceId, status, error = null, failureStatus = null) =>
      database.transaction(() =>
        setJobDeviceStatus(database, jobId, deviceId, status, now(), error, failureStatus),
      ),
    jobStatus: (jobId, status, error = null) =>
      database.transaction(() => setJobStatus(database, jobId, status, now(), error)),
    recoverOrphans() {
      return database.transaction(() => {
        const recovered: number[] = [];
        for (const job of listUnfinishedJobs(database)) {
          if (isRunnerAlive(job.runnerPid)) continue;
          interruptRunningSteps(database, job.id, now());
          setJobRunner(database, job.id, null, null);
          if (job.status === 'running' || job.runnerPid !== null) recovered.push(job.id);
        }
        return recovered;
      });
    },
  };
}
