import type { ScanDepth } from '../types';
import { framedShScript } from '../script-sections';
import { shOsFactsFunctions, shOsFactsSections } from '../linux-os-facts';
import { shRpmFunction } from '../linux-rpm';

/** Name the SUSE scan run carries in its frame. */
export const suseScanScriptName = 'suse-scan';

// --no-refresh on the queries: a quick scan must not wait on mirrors, and a full scan has just refreshed.
const functions = `${shOsFactsFunctions}${shRpmFunction}pd_reboot_needed_file() {
  if [ -e /run/reboot-needed ]; then echo required; else echo not-required; fi
}
`;

/**
 * The SUSE scan: OS facts, rpm -qa, on a full scan `zypper refresh`, then zypper's XML list of package updates and
 * of needed patches, `zypper needs-rebooting` (exit 102 = reboot) and libzypp's /run/reboot-needed flag.
 */
export function suseScanScript(depth: ScanDepth): string {
  const refresh = depth === 'full' ? 'pd_section refresh zypper --non-interactive refresh\n' : '';
  return framedShScript(
    suseScanScriptName,
    `${functions}${shOsFactsSections}pd_section rpm pd_rpm
${refresh}pd_section list-updates zypper --non-interactive --no-refresh --xmlout list-updates
pd_section list-patches zypper --non-interactive --no-refresh --xmlout list-patches
pd_section needs-rebooting zypper --non-interactive needs-rebooting
pd_section reboot-needed-file pd_reboot_needed_file
`,
  );
}
