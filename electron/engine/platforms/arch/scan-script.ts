import type { ScanDepth } from '../types';
import { framedShScript } from '../script-sections';
import { shOsFactsFunctions, shOsFactsSections } from '../linux-os-facts';
import { shKernelFunction } from '../linux-kernel-reboot';

/** Name the Arch scan run carries in its frame. */
export const archScanScriptName = 'arch-scan';

// A full scan never runs a bare `pacman -Sy` on the device: syncing the real database without upgrading is how
// Arch systems end up partially upgraded. checkupdates (pacman-contrib) syncs a throwaway copy; without it the
// script does the same by hand, into a temporary database that shares the real local one.
// Both ways end in 0 (updates listed or none pending) or 3 (the sync failed), so the parser needs no guessing.
const functions = `${shOsFactsFunctions}${shKernelFunction}pd_fresh_updates() {
  if command -v checkupdates >/dev/null 2>&1; then
    checkupdates
    # checkupdates: 0 = updates listed, 2 = none, 1 = failed
    case $? in 0|2) return 0 ;; *) return 3 ;; esac
  fi
  pd_db=$(mktemp -d) || return 3
  if ln -s /var/lib/pacman/local "$pd_db/local" && pacman -Sy --dbpath "$pd_db" --logfile /dev/null >/dev/null; then
    # pacman -Qu exits 1 when nothing is pending
    pacman -Qu --dbpath "$pd_db"
    rm -rf "$pd_db"
    return 0
  fi
  rm -rf "$pd_db"
  return 3
}
`;

/**
 * The Arch scan: OS facts, `pacman -Q`, then the pending updates — on a quick scan `pacman -Qu` against the sync
 * database as last synced, on a full scan against a freshly synced copy — and the running kernel's modules.
 */
export function archScanScript(depth: ScanDepth): string {
  const updates = depth === 'full' ? 'pd_section updates pd_fresh_updates' : 'pd_section updates pacman -Qu';
  return framedShScript(
    archScanScriptName,
    `${functions}${shOsFactsSections}pd_section pacman-installed pacman -Q
${updates}
pd_section kernel pd_kernel
`,
  );
}
