import type { JobDeviceView, JobView } from '../../../shared/domain/jobs';
import { AppError } from '../../../shared/errors';
import type { Database } from '../db/database';
import { findDeviceOrRetiredById } from '../db/repositories/devices';
import { findJob, listChanges, listJobDevices, listSteps, type StepName } from '../db/repositories/jobs';

/** A job as the technician sees it (CLI.md's `job show` shape plus ids, warnings and output). */
export function readJobView(database: Database, jobId: number): JobView {
  const job = findJob(database, jobId);
  if (!job) throw new AppError('not-found', `There is no job ${jobId}.`);
  const changes = listChanges(database, jobId);
  const steps = listSteps(database, jobId);
  const devices: JobDeviceView[] = listJobDevices(database, jobId).map((row) => {
    const mine = steps.filter((step) => step.deviceId === row.deviceId);
    const outputOf = (name: StepName) => mine.filter((step) => step.step === name).at(-1)?.output ?? null;
    const install = outputOf('install');
    const pre = outputOf('pre-command');
    const post = outputOf('post-command');
    // The install's output alone, as before commands existed; the commands' output is headed by which one it is.
    const parts = [
      pre === null ? null : `[pre-command]\n${pre}`,
      install,
      post === null ? null : `[post-command]\n${post}`,
    ].filter((part) => part !== null);
    return {
      deviceId: row.deviceId,
      // A retired device's past jobs still name it.
      device: findDeviceOrRetiredById(database, row.deviceId)?.name ?? `device ${row.deviceId}`,
      status: row.failureStatus ?? row.status,
      rebootRequired: row.rebootRequired ?? false,
      error: row.error,
      changes: changes
        .filter((change) => change.deviceId === row.deviceId)
        .map((change) => ({ package: change.package, from: change.from, to: change.to })),
      warnings: [...row.warnings],
      output: parts.length === 0 ? null : parts.join('\n'),
    };
  });
  return {
    job: job.id,
    kind: job.kind,
    status: job.status,
    rollbackOf: job.rollbackOf,
    createdAt: job.createdAt,
    finishedAt: job.finishedAt,
    devices,
  };
}
