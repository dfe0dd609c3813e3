import type { ScanDepth } from '../types';
import { framedShScript } from '../script-sections';
import { shOsFactsFunctions, shOsFactsSections } from '../linux-os-facts';

/** Name the Debian scan run carries in its frame. */
export const debianScanScriptName = 'debian-scan';

// db:Status-Abbrev lets the parser keep only installed packages; source:* fall back to the binary's own
// name/version inside dpkg when the package has no Source field. ${Package} rather than ${binary:Package}: the
// latter adds ":amd64" to Multi-Arch: same packages, and the architecture has its own column already.
const functions = `${shOsFactsFunctions}pd_dpkg() {
  dpkg-query -W -f='\${db:Status-Abbrev}\\t\${Package}\\t\${Version}\\t\${Architecture}\\t\${source:Package}\\t\${source:Version}\\n'
}
pd_apt_simulate() {
  apt-get -s -o Debug::NoLocking=1 -o APT::Get::Show-User-Simulation-Note=false dist-upgrade
}
pd_reboot() {
  if [ -e /var/run/reboot-required ]; then
    echo required
    if [ -r /var/run/reboot-required.pkgs ]; then cat /var/run/reboot-required.pkgs; fi
  else
    echo not-required
  fi
}
`;

/**
 * The Debian/Ubuntu scan: OS facts, installed packages (dpkg-query), on a full scan `apt-get update`, then the
 * simulated dist-upgrade that lists missing updates, and the reboot-required flag file.
 */
export function debianScanScript(depth: ScanDepth): string {
  const refresh = depth === 'full' ? 'pd_section apt-update apt-get update\n' : '';
  return framedShScript(
    debianScanScriptName,
    `${functions}${shOsFactsSections}pd_section dpkg pd_dpkg
${refresh}pd_section apt-simulate pd_apt_simulate
pd_section reboot pd_reboot
`,
  );
}
