import { linuxBootIdScript } from '../linux-boot-id';
import { framedShScript } from '../script-sections';
import { lockHoldersFunction, taggedRunScripts } from '../tagged-run';
import { shRpmInstalledFunction } from './rpm-preflight';

export const rhelPreflightScriptName = 'rhel-preflight';
export const rhelInstallScriptName = 'rhel-install';
export const rhelBootIdScriptName = 'rhel-boot-id';

// rpm holds an fcntl lock on .rpm.lock for the whole transaction (under /usr/lib/sysimage on newer releases).
// Versions are printed with a query format Patchdeck chooses, space-separated, so no table layout is guessed.
// Without dnf (RHEL/CentOS 7) the offered versions come from yum-utils' repoquery, which knows the same tags.
const preflightFunctions = `pd_disk() {
  for pd_d in /var/cache/dnf /var/cache/libdnf5 /var/cache/yum /; do
    if [ -d "$pd_d" ]; then df -Pk "$pd_d"; return; fi
  done
}
${lockHoldersFunction(['/var/lib/rpm/.rpm.lock', '/usr/lib/sysimage/rpm/.rpm.lock'])}pd_reboot() {
  if command -v needs-restarting >/dev/null 2>&1; then needs-restarting -r >/dev/null 2>&1
  else dnf -q -C needs-restarting -r >/dev/null 2>&1
  fi
  case $? in 0) echo not-required ;; 1) echo required ;; *) echo unknown ;; esac
}
pd_boot_id() {
  cat /proc/sys/kernel/random/boot_id
}
${shRpmInstalledFunction}pd_available() {
  for pd_a; do
    shift
    case "$pd_a" in -*) ;; *) set -- "$@" "$pd_a" ;; esac
  done
  if [ $# -eq 0 ]; then return 0; fi
  if command -v dnf >/dev/null 2>&1; then
    dnf -q -C repoquery --showduplicates --qf '%{name} %{epoch}:%{version}-%{release} %{arch} %{repoid}\\n' -- "$@"
  else
    repoquery -C --show-duplicates --qf '%{name} %{epoch}:%{version}-%{release} %{arch} %{repoid}' -- "$@"
  fi
}
`;

/** Read-only checks before an install: free space, the rpm lock, needs-restarting, installed and offered versions. */
export const rhelPreflightScript = framedShScript(
  rhelPreflightScriptName,
  `${preflightFunctions}pd_section disk pd_disk
pd_section lock pd_lock
pd_section reboot pd_reboot
pd_section boot-id pd_boot_id
pd_section installed pd_installed "$@"
pd_section available pd_available "$@"
`,
);

const rhelRun = taggedRunScripts(
  rhelInstallScriptName,
  `      mode=$1; shift
      if command -v dnf >/dev/null 2>&1; then pm=dnf; else pm=yum; fi
      if [ "$mode" = downgrade ]; then "$pm" -y downgrade "$@"; else "$pm" -y upgrade "$@"; fi`,
);

/**
 * Args: tag, mode, then package names (upgrade: `dnf -y upgrade`; `--advisory=<id>` arguments upgrade what an
 * advisory fixes) or name-[epoch:]version-release (downgrade: `dnf -y downgrade`). yum where there is no dnf.
 */
export const rhelInstallScript = rhelRun.install;
export const rhelInstallStatusScript = rhelRun.status;

export const rhelBootIdScript = linuxBootIdScript(rhelBootIdScriptName);

export const rhelRebootScript = `exec </dev/null
setsid -f sh -c 'sleep 1; shutdown -r now || systemctl reboot || reboot' >/dev/null 2>&1
echo scheduled
`;
