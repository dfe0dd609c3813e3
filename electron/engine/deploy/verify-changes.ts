import type { AvailableUpdate, InstalledPackage } from '../../../shared/domain/inventory';
import type { InstallMode, PlatformDeployment } from '../platforms/types';
import type { PackageStep } from './planned-package';

/** What the rescan shows for the planned packages of one device. */
export interface VerifiedChanges {
  /** Packages that changed, with the version the rescan found (null: no longer installed). */
  readonly changed: readonly { readonly step: PackageStep; readonly after: string | null }[];
  /** Sentences naming each package that did not end where the plan said. */
  readonly problems: readonly string[];
  /** Updates still offered that finish installing only at the next restart: verified after the reboot. */
  readonly awaitingRestart: readonly PackageStep[];
}

/**
 * Compare the rescan with the plan. An item the installed inventory lists is verified by its versions there: the
 * planned version must be among them (an install-only kernel sits beside the old one), or the item must be gone
 * when the plan removes it. An item the inventory does not list (winget, Chocolatey, Apple updates) is verified by
 * its offer: after an upgrade it is no longer offered (or offered only above the planned version); after a rollback
 * it is offered again from the recorded version. `afterRestart` is set when this is the check after the reboot
 * that a pending update waited for, which then must have finished.
 */
export function verifyChanges(
  deployment: Pick<PlatformDeployment, 'installedName' | 'itemFor'>,
  mode: InstallMode,
  plan: readonly PackageStep[],
  rescan: { readonly installed: readonly InstalledPackage[]; readonly offered: readonly AvailableUpdate[] },
  afterRestart = false,
): VerifiedChanges {
  const changed: { step: PackageStep; after: string | null }[] = [];
  const problems: string[] = [];
  const awaitingRestart: PackageStep[] = [];
  for (const step of plan) {
    const inventoryName = deployment.installedName(step.name);
    if (inventoryName !== null) {
      const versions = rescan.installed.filter((pkg) => pkg.name === inventoryName).map((pkg) => pkg.version);
      const reached = step.to === null ? versions.length === 0 : versions.includes(step.to);
      if (reached) {
        changed.push({ step, after: step.to });
        continue;
      }
      const after = versions.at(-1) ?? null;
      if (step.from !== null && versions.includes(step.from)) {
        problems.push(`${step.name} is still at ${step.from}`);
        continue;
      }
      problems.push(
        `${step.name} is at ${versions.length > 0 ? versions.join(', ') : 'nothing (not installed)'}, not ${step.to ?? 'removed'}`,
      );
      if (after !== step.from) changed.push({ step, after });
      continue;
    }
    const offer = rescan.offered.find((update) => deployment.itemFor(update) === step.name);
    if (mode === 'upgrade') {
      if (offer === undefined || (offer.installedVersion !== null && offer.installedVersion === step.to)) {
        changed.push({ step, after: step.to });
      } else if (step.completesAtRestart === true && !afterRestart) {
        awaitingRestart.push(step);
      } else {
        problems.push(
          `${step.name} is still offered (${offer.availableVersion}${offer.installedVersion === null ? '' : `, installed ${offer.installedVersion}`})${afterRestart ? ' after the restart' : ''}`,
        );
      }
      continue;
    }
    if (offer !== undefined && offer.installedVersion === step.to) {
      changed.push({ step, after: step.to });
    } else {
      problems.push(
        `${step.name} is not back at ${step.to ?? 'nothing'}: the rescan ${offer === undefined ? 'offers no update for it' : `finds ${offer.installedVersion ?? 'no version'} installed`}`,
      );
    }
  }
  return { changed, problems, awaitingRestart };
}
