import type { Database } from '../db/database';
import { listInstalledPackages } from '../db/repositories/inventory';
import type { ChangeRecord } from '../db/repositories/jobs';
import type { PlatformDeployment } from '../platforms/types';

type RecordedChange = Pick<ChangeRecord, 'package' | 'from' | 'to'>;

/**
 * "pd-hello is at 1.4-1 now, not at 1.2-1 as job 7 left it: …": why a rollback leaves a package alone that moved on
 * since its deployment. `job` is null where the job is not known by number (the device's own pre-flight).
 */
export function changedSinceNote(
  change: RecordedChange,
  installedNow: readonly string[],
  job: number | null,
): string {
  const now = installedNow.length > 0 ? `at ${installedNow.join(', ')}` : 'not installed';
  return `${change.package} is ${now} now, not at ${change.to ?? 'nothing'} as ${job === null ? 'the job' : `job ${job}`} left it: it changed since (a later job or by hand), and reinstalling ${change.from ?? 'nothing'} would undo that change too.`;
}

/**
 * Whether rolling back a change would reinstall an old version over a package the device's inventory lists: only
 * then does the version installed now tell whether the package is still as the deployment left it.
 */
export function checksInstalledVersion(
  deployment: Pick<PlatformDeployment, 'installedName'> | null,
  change: RecordedChange,
): boolean {
  return change.from !== null && deployment !== null && deployment.installedName(change.package) !== null;
}

/**
 * For one device of a deployment, a check of each recorded change against the device's last scan: the note naming
 * how the package changed since the job (a later job upgraded it, a technician did by hand), or null while it is
 * still at the version the job left. Rolling back a changed package would undo that later change in this job's
 * name, so the preview and the rollback leave it alone. Items the inventory does not list are not judged here.
 */
export function changedSinceJob(
  database: Database,
  deviceId: number,
  jobId: number,
  deployment: Pick<PlatformDeployment, 'installedName'> | null,
): (change: RecordedChange) => string | null {
  const installed = listInstalledPackages(database, deviceId);
  return (change) => {
    // A device with no stored inventory says nothing about its packages.
    if (installed.length === 0 || !checksInstalledVersion(deployment, change)) return null;
    const name = deployment?.installedName(change.package);
    const versions = installed.filter((pkg) => pkg.name === name).map((pkg) => pkg.version);
    const unchanged = change.to === null ? versions.length === 0 : versions.includes(change.to);
    return unchanged ? null : changedSinceNote(change, versions, jobId);
  };
}
