import type { ScanDepth } from '../types';
import { framedShScript } from '../script-sections';
import { shOsFactsFunctions, shOsFactsSections } from '../linux-os-facts';
import { shRpmFunction } from '../linux-rpm';

/** Name the RHEL-family scan run carries in its frame. */
export const rhelScanScriptName = 'rhel-scan';

// dnf where it exists (RHEL 8+, Fedora, Amazon Linux 2023), yum on older systems. After the optional makecache,
// every query runs cache-only (-C) so a quick scan never waits on a mirror and a full scan reads what it fetched.
const functions = `${shOsFactsFunctions}${shRpmFunction}pd_pm() {
  if command -v dnf >/dev/null 2>&1; then echo dnf
  elif command -v yum >/dev/null 2>&1; then echo yum
  else return 127
  fi
}
pd_refresh() {
  pd_m=$(pd_pm) || return 127
  # not -q: with skip_if_unavailable (the default) an unreachable repository only shows up in these messages
  "$pd_m" -y makecache
}
pd_check_update() {
  pd_m=$(pd_pm) || return 127
  "$pd_m" -q -C check-update
}
pd_updateinfo() {
  pd_m=$(pd_pm) || return 127
  if [ "$pd_m" = dnf ]; then dnf -q -C updateinfo list --available
  else yum -q -C updateinfo list available
  fi
}
pd_updateinfo_cves() {
  pd_m=$(pd_pm) || return 127
  if [ "$pd_m" = dnf ]; then dnf -q -C updateinfo list cves --available
  else yum -q -C updateinfo list cves available
  fi
}
pd_needs_restarting() {
  if command -v needs-restarting >/dev/null 2>&1; then needs-restarting -r
  elif command -v dnf >/dev/null 2>&1; then dnf -q -C needs-restarting -r
  else return 127
  fi
}
`;

/**
 * The RHEL-family scan: OS facts, the package manager in use, installed packages (rpm -qa), on a full scan a
 * metadata refresh, then check-update (exit 100 = updates), updateinfo advisories and their CVEs, and
 * needs-restarting -r.
 */
export function rhelScanScript(depth: ScanDepth): string {
  const refresh = depth === 'full' ? 'pd_section refresh pd_refresh\n' : '';
  return framedShScript(
    rhelScanScriptName,
    `${functions}${shOsFactsSections}pd_section package-manager pd_pm
pd_section rpm pd_rpm
${refresh}pd_section check-update pd_check_update
pd_section updateinfo pd_updateinfo
pd_section updateinfo-cves pd_updateinfo_cves
pd_section needs-restarting pd_needs_restarting
`,
  );
}
