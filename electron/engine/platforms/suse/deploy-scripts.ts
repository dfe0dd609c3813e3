import { linuxBootIdScript } from '../linux-boot-id';
import { framedShScript } from '../script-sections';
import { lockHoldersFunction, taggedRunScripts } from '../tagged-run';
import { shRpmInstalledFunction } from '../rhel/rpm-preflight';

export const susePreflightScriptName = 'suse-preflight';
export const suseInstallScriptName = 'suse-install';
export const suseBootIdScriptName = 'suse-boot-id';

// libzypp's lock is not a lock on an open file: zypp.pid holds the pid of the process using libzypp (zypper,
// YaST, PackageKit) and is emptied when it ends, so the holder is that pid, if it is still alive. rpm run
// directly holds an fcntl lock on .rpm.lock, found the way fuser finds it.
const preflightFunctions = `pd_disk() {
  for pd_d in /var/cache/zypp/packages /var/cache/zypp /; do
    if [ -d "$pd_d" ]; then df -Pk "$pd_d"; return; fi
  done
}
${lockHoldersFunction(['/var/lib/rpm/.rpm.lock', '/usr/lib/sysimage/rpm/.rpm.lock'])}pd_zypp_lock() {
  for pd_f in /run/zypp.pid /var/run/zypp.pid; do
    pd_pid=$(cat "$pd_f" 2>/dev/null)
    case "$pd_pid" in ''|*[!0-9]*) continue ;; esac
    if [ -d "/proc/$pd_pid" ]; then printf '%s %s\\n' "$pd_pid" "$(cat "/proc/$pd_pid/comm" 2>/dev/null)"; fi
  done
  return 0
}
pd_reboot() {
  zypper --non-interactive needs-rebooting >/dev/null 2>&1
  case $? in
    0) echo not-required ;;
    102) echo required ;;
    *) if [ -e /run/reboot-needed ]; then echo required; else echo not-required; fi ;;
  esac
}
pd_boot_id() {
  cat /proc/sys/kernel/random/boot_id
}
${shRpmInstalledFunction}pd_available() {
  if [ $# -eq 0 ]; then return 0; fi
  zypper --non-interactive --no-refresh --xmlout search --details --match-exact --type package -- "$@"
}
pd_patches() {
  for pd_a in "$@"; do
    case "$pd_a" in
      SUSE-*|openSUSE-*) zypper --non-interactive --no-refresh --xmlout list-patches; return ;;
    esac
  done
}
`;

/**
 * Read-only checks before an install: free space in zypper's package cache, libzypp's and rpm's locks, a pending
 * reboot (needs-rebooting, or the /run/reboot-needed flag on older zypper), installed versions (rpm -q), every
 * version the repositories offer (zypper search --details, from the cached metadata) and, when a patch id is among
 * the names, the patches the device needs (zypper list-patches).
 */
export const susePreflightScript = framedShScript(
  susePreflightScriptName,
  `${preflightFunctions}pd_section disk pd_disk
pd_section lock pd_lock
pd_section zypp-lock pd_zypp_lock
pd_section reboot pd_reboot
pd_section boot-id pd_boot_id
pd_section installed pd_installed "$@"
pd_section available pd_available "$@"
pd_section patches pd_patches "$@"
`,
);

// zypper's exit codes 102 (a reboot is needed) and 103 (zypper updated itself) report a finished, successful
// install; the rescan reads the reboot flag. Everything else non-zero (104 not found, 107 an rpm scriptlet
// failed, ...) is a failure.
const suseRun = taggedRunScripts(
  suseInstallScriptName,
  `      mode=$1; shift
      if [ "$mode" = downgrade ]; then zypper --non-interactive install --oldpackage "$@"
      else zypper --non-interactive update "$@"
      fi
      rc=$?
      case $rc in 102|103) return 0 ;; esac
      return $rc`,
);

/**
 * Args: tag, mode, then package names and `patch:<id>` (upgrade: `zypper --non-interactive update`, which installs a
 * named patch with the package updates it brings) or name=[epoch:]version-release (downgrade:
 * `zypper --non-interactive install --oldpackage`). Starts the tagged run unless the device has it
 * already, then waits for its result. Changed config files are kept (rpm writes the new ones as .rpmnew).
 */
export const suseInstallScript = suseRun.install;

/** Args: tag. What became of a tagged run, without starting one. */
export const suseInstallStatusScript = suseRun.status;

export const suseBootIdScript = linuxBootIdScript(suseBootIdScriptName);

/** A reboot a second later, detached, so this command returns and is recorded before the connection drops. */
export const suseRebootScript = `exec </dev/null
setsid -f sh -c 'sleep 1; shutdown -r now || systemctl reboot || reboot' >/dev/null 2>&1
echo scheduled
`;
