import type { ChangeRecord } from '../db/repositories/jobs';
import type { PlatformDeployment } from '../platforms/types';
import { checksInstalledVersion } from './changed-since';
import type { PlannedPackage } from './planned-package';

type RecordedChange = Pick<ChangeRecord, 'package' | 'from' | 'to' | 'rollbackPossible' | 'rollbackNote'>;
type RollbackDeployment = Pick<PlatformDeployment, 'removesNewInstalls' | 'installedName'> | null;

/** What rolling back one recorded change does: reinstall (or remove) a package, or leave it, saying why. */
export type RollbackStep =
  | { readonly kind: 'undo'; readonly planned: PlannedPackage }
  | { readonly kind: 'stays'; readonly note: string };

/**
 * The rule for one change, shared by the rollback and its preview so the confirmation lists exactly what runs:
 * reinstall the `from` version where it can be reinstalled, and remove what the deployment installed new (from null)
 * where the family can (a Windows KB is uninstalled). Anything else stays: it cannot be rolled back, or
 * (`changedSince` says how) the package moved on since the job and reinstalling its old version would undo that
 * later change too. A reinstall carries the version the job left, so the device's own pre-flight also leaves alone
 * a package changed after its last scan. Null: the change left nothing to undo.
 */
export function rollbackStep(
  deployment: RollbackDeployment,
  change: RecordedChange,
  changedSince: (change: RecordedChange) => string | null = () => null,
): RollbackStep | null {
  const newInstall = change.from === null;
  if (newInstall && change.to === null) return null;
  if (!change.rollbackPossible) {
    return { kind: 'stays', note: change.rollbackNote ?? `${change.package} cannot be reinstalled.` };
  }
  const moved = changedSince(change);
  if (moved !== null) return { kind: 'stays', note: moved };
  if (newInstall && deployment?.removesNewInstalls !== true) {
    return {
      kind: 'stays',
      note: `${change.package} was installed new by this job and cannot be rolled back here: Patchdeck cannot remove it on this platform.`,
    };
  }
  return {
    kind: 'undo',
    planned: {
      name: change.package,
      version: change.from,
      ...(checksInstalledVersion(deployment, change) ? { expected: change.to } : {}),
    },
  };
}

/** What rolling back one device's recorded changes does (see rollbackStep); what stays is named in a warning. */
export function rollbackPlan(
  deployment: RollbackDeployment,
  changes: readonly RecordedChange[],
  changedSince?: (change: RecordedChange) => string | null,
): { packages: PlannedPackage[]; warnings: string[] } {
  const packages: PlannedPackage[] = [];
  const warnings: string[] = [];
  for (const change of changes) {
    const step = rollbackStep(deployment, change, changedSince);
    if (step?.kind === 'undo') packages.push(step.planned);
    else if (step?.kind === 'stays') warnings.push(`Not rolled back: ${step.note}`);
  }
  return { packages, warnings };
}
