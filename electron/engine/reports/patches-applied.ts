import { compareVersionsChecked, type VersionScheme } from '../vuln/versions';
import type { ReportChangeRow } from '../db/repositories/reports';

/** The managers whose versions Patchdeck can order exactly. */
const schemes: Readonly<Record<string, VersionScheme>> = { dpkg: 'dpkg', rpm: 'rpm', apk: 'apk' };

/**
 * Whether a package change a scan found is a patch applied. Windows lists an installed update as a KB of its own
 * (manager `hotfix`), so installing one shows as a new package, not a new version. Elsewhere a patch is a newer
 * version of an installed package: a new package (a dependency the upgrade pulled in) or a removal is not one, and
 * neither is a rollback to an older version. Versions a manager gives no exact order for count as applied.
 */
export function isPatchApplied(
  change: Pick<ReportChangeRow, 'manager' | 'fromVersion' | 'toVersion'>,
): boolean {
  if (change.toVersion === null) return false;
  if (change.fromVersion === null) return change.manager === 'hotfix';
  const scheme = schemes[change.manager];
  if (scheme === undefined) return true;
  const order = compareVersionsChecked(scheme, change.toVersion, change.fromVersion);
  return !order.ok || order.value > 0;
}
