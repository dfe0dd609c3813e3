import type { AvailableUpdate } from '../../../shared/domain/inventory';
import type { PlatformDeployment } from '../platforms/types';
import type { PlannedPackage } from './planned-package';

type ItemRules = Pick<PlatformDeployment, 'itemFor' | 'advisoryOf'>;

/**
 * The items of an "all" or "all security" deployment: each missing update of the device's last scan named as the
 * family's deployment names it (winget:…, softwareupdate:…, a package). Updates Patchdeck cannot install there are
 * left out with a warning.
 */
export function itemsForUpdates(
  deployment: ItemRules,
  updates: readonly Pick<AvailableUpdate, 'name' | 'manager'>[],
): { items: string[]; warnings: string[] } {
  const items: string[] = [];
  const warnings: string[] = [];
  for (const update of updates) {
    const item = deployment.itemFor(update);
    if (item === null) warnings.push(`${update.name} (${update.manager}) cannot be installed by Patchdeck.`);
    else items.push(item);
  }
  return { items: [...new Set(items)], warnings };
}

/**
 * Plan the approved items of one device. An advisory (RHEL `--advisory=…`) becomes the packages the device's last
 * scan found it fixing, so every package is checked, recorded, verified and rolled back on its own; an advisory the
 * scan links to no package is left out with a warning saying so. (A SUSE patch, which the scan lists without its
 * packages, is no advisory here but an item of its own.)
 */
export function planItems(
  deployment: ItemRules,
  items: readonly string[],
  updates: readonly Pick<AvailableUpdate, 'name' | 'manager' | 'advisoryIds'>[],
): { packages: PlannedPackage[]; warnings: string[] } {
  const names: string[] = [];
  const warnings: string[] = [];
  for (const item of items) {
    const advisory = deployment.advisoryOf(item);
    if (advisory === null) {
      names.push(item);
      continue;
    }
    const fixed = updates
      .filter((update) => update.advisoryIds.includes(advisory))
      .map((update) => deployment.itemFor(update))
      .filter((name): name is string => name !== null && deployment.advisoryOf(name) === null);
    if (fixed.length === 0) {
      warnings.push(
        `${advisory} is not planned: the last scan links no missing package update to it; approve the packages it updates.`,
      );
    }
    names.push(...fixed);
  }
  return { packages: [...new Set(names)].map((name) => ({ name, version: null })), warnings };
}
