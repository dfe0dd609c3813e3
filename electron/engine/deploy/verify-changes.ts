import type { AvailableUpdate, InstalledPackage } from '../../../shared/domain/inventory';
import type { InstallMode, OfferSource, PlatformDeployment } from '../platforms/types';
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

/** The rescan as verify reads it: the installed inventory, the offers, and which lists of offers it could read. */
export interface Rescan {
  readonly installed: readonly InstalledPackage[];
  readonly offered: readonly AvailableUpdate[];
  /** Absent: the rescan does not say, so no offer's absence proves anything. */
  readonly offerSources?: readonly OfferSource[];
}

/** Why the rescan cannot show whether the item is still offered, or null when it read the item's list of offers. */
function unreadSource(
  deployment: Pick<PlatformDeployment, 'offerSourceOf'>,
  item: string,
  sources: readonly OfferSource[] | undefined,
): string | null {
  const name = deployment.offerSourceOf?.(item);
  const source = name === undefined ? undefined : sources?.find((entry) => entry.name === name);
  if (source === undefined)
    return 'the rescan does not say whether it read the list of offers that would show it';
  return source.unread === null
    ? null
    : `the rescan could not list ${source.lists} (${source.unread.replace(/\.$/, '')})`;
}

/**
 * Compare the rescan with the plan. An item the installed inventory lists is verified by its versions there: the
 * planned version must be among them (an install-only kernel sits beside the old one), or the item must be gone
 * when the plan removes it. An item the inventory does not list (winget, Chocolatey, Apple updates, SUSE patches) is
 * verified by its offer: after an upgrade it is no longer offered (or offered only above the planned version); after
 * a rollback it is offered again from the recorded version. Its absence proves nothing when the rescan could not read
 * its list of offers (winget failed, zypper skipped repositories): such an item is not verified. `afterRestart` is
 * set when this is the check after the reboot that a pending update waited for, which then must have finished.
 */
export function verifyChanges(
  deployment: Pick<PlatformDeployment, 'installedName' | 'itemFor' | 'offerSourceOf'>,
  mode: InstallMode,
  plan: readonly PackageStep[],
  rescan: Rescan,
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
    const unread = unreadSource(deployment, step.name, rescan.offerSources);
    if (unread !== null && !(step.completesAtRestart === true && !afterRestart && mode === 'upgrade')) {
      problems.push(`could not verify ${step.name}: ${unread}`);
      continue;
    }
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
