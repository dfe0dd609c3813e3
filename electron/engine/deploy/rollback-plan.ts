import type { ChangeRecord } from '../db/repositories/jobs';
import type { PlatformDeployment } from '../platforms/types';
import type { PlannedPackage } from './planned-package';

/**
 * What rolling back one device's recorded changes does: reinstall each `from` version that can be reinstalled, and
 * remove what the deployment installed new (from null) where the family can (a Windows KB is uninstalled). The rest
 * is named in a warning: it cannot be rolled back.
 */
export function rollbackPlan(
  deployment: Pick<PlatformDeployment, 'removesNewInstalls'> | null,
  changes: readonly Pick<ChangeRecord, 'package' | 'from' | 'to' | 'rollbackPossible' | 'rollbackNote'>[],
): { packages: PlannedPackage[]; warnings: string[] } {
  const packages: PlannedPackage[] = [];
  const warnings: string[] = [];
  for (const change of changes) {
    const newInstall = change.from === null;
    if (newInstall && change.to === null) continue;
    if (!change.rollbackPossible) {
      warnings.push(`Not rolled back: ${change.rollbackNote ?? `${change.package} cannot be reinstalled.`}`);
    } else if (newInstall && deployment?.removesNewInstalls !== true) {
      warnings.push(
        `Not rolled back: ${change.package} was installed new by this job and cannot be rolled back here: Patchdeck cannot remove it on this platform.`,
      );
    } else {
      packages.push({ name: change.package, version: change.from });
    }
  }
  return { packages, warnings };
}
