import type { ScanDepth } from '../types';
import { framedShScript } from '../script-sections';
import { shOsFactsFunctions, shOsFactsSections } from '../linux-os-facts';
import { shKernelFunction } from '../linux-kernel-reboot';

/** Name the Alpine scan run carries in its frame. */
export const alpineScanScriptName = 'alpine-scan';

/**
 * The Alpine scan: OS facts, `apk list --installed`, on a full scan `apk update`, then `apk list --upgradable`
 * and the running kernel against the installed kernel modules.
 */
export function alpineScanScript(depth: ScanDepth): string {
  const refresh = depth === 'full' ? 'pd_section apk-update apk update\n' : '';
  return framedShScript(
    alpineScanScriptName,
    `${shOsFactsFunctions}${shKernelFunction}${shOsFactsSections}pd_section apk-installed apk list --installed
${refresh}pd_section apk-upgradable apk list --upgradable
pd_section kernel pd_kernel
`,
  );
}
