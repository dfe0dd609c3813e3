import { shKernelFunction } from '../linux-kernel-reboot';
import { linuxBootIdScript } from '../linux-boot-id';
import { framedShScript } from '../script-sections';
import { lockHoldersFunction, taggedRunScripts } from '../tagged-run';

export const alpinePreflightScriptName = 'alpine-preflight';
export const alpineInstallScriptName = 'alpine-install';
export const alpineBootIdScriptName = 'alpine-boot-id';

// apk takes an exclusive flock() on its lock file for as long as it has the database open for writing
// (/var/lib/apk/lock before apk-tools 2.10).
const preflightFunctions = `pd_disk() {
  for pd_d in /var/cache/apk /etc/apk/cache /; do
    if [ -d "$pd_d" ]; then df -Pk "$pd_d"; return; fi
  done
}
${lockHoldersFunction(['/lib/apk/db/lock', '/var/lib/apk/lock'])}${shKernelFunction}pd_boot_id() {
  cat /proc/sys/kernel/random/boot_id
}
pd_policy() {
  for pd_a; do
    shift
    case "$pd_a" in -*) ;; *) set -- "$@" "$pd_a" ;; esac
  done
  if [ $# -eq 0 ]; then return 0; fi
  apk policy "$@"
}
`;

/**
 * Read-only checks before an install: free space in apk's cache, the apk database lock, the running kernel
 * against the installed modules, and `apk policy` (every version of each package: installed, and which
 * repositories or the cache still have it).
 */
export const alpinePreflightScript = framedShScript(
  alpinePreflightScriptName,
  `${preflightFunctions}pd_section disk pd_disk
pd_section lock pd_lock
pd_section kernel pd_kernel
pd_section boot-id pd_boot_id
pd_section policy pd_policy "$@"
`,
);

// apk exits with the number of errors; a failed install script counts as one, though the package stays installed.
const alpineRun = taggedRunScripts(
  alpineInstallScriptName,
  `      mode=$1; shift
      if [ "$mode" = downgrade ]; then apk add "$@"; else apk add --upgrade "$@"; fi`,
);

/**
 * Args: tag, mode, then package names (upgrade: `apk add --upgrade`) or name=version (downgrade: `apk add`, which
 * pins that version in /etc/apk/world until the package is upgraded again). Both record the package in the world
 * file, as `apk add` does. Starts the tagged run unless the device has it already, then waits for its result.
 * Changed config files are kept (apk writes the new ones as .apk-new).
 */
export const alpineInstallScript = alpineRun.install;

/** Args: tag. What became of a tagged run, without starting one. */
export const alpineInstallStatusScript = alpineRun.status;

export const alpineBootIdScript = linuxBootIdScript(alpineBootIdScriptName);

// Alpine runs OpenRC or busybox init, without systemctl: reboot is busybox's (or OpenRC's) own command.
/** A reboot a second later, detached, so this command returns and is recorded before the connection drops. */
export const alpineRebootScript = `exec </dev/null
setsid -f sh -c 'sleep 1; reboot || shutdown -r now' >/dev/null 2>&1
echo scheduled
`;
