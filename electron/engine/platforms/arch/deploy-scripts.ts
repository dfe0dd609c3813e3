import { shKernelFunction } from '../linux-kernel-reboot';
import { linuxBootIdScript } from '../linux-boot-id';
import { framedShScript } from '../script-sections';
import { taggedRunScripts } from '../tagged-run';

export const archPreflightScriptName = 'arch-preflight';
export const archInstallScriptName = 'arch-install';
export const archBootIdScriptName = 'arch-boot-id';

/**
 * pacman's lock: a file it creates (O_EXCL) and holds open for a whole transaction, and leaves behind if it is
 * killed. It is not a kernel lock, so /proc/locks does not show it: the holder is found by its open file.
 */
export const pacmanLockFile = '/var/lib/pacman/db.lck';

// Each pre-flight query takes the names after `--`, so a name can never be read as an option.
const preflightFunctions = `pd_disk() {
  for pd_d in /var/cache/pacman/pkg /var/cache/pacman /; do
    if [ -d "$pd_d" ]; then df -Pk "$pd_d"; return; fi
  done
}
pd_lock() {
  for pd_fd in $(find /proc/[0-9]*/fd -lname ${pacmanLockFile} 2>/dev/null); do
    pd_pid=\${pd_fd#/proc/}
    pd_pid=\${pd_pid%%/*}
    printf '%s %s\\n' "$pd_pid" "$(cat "/proc/$pd_pid/comm" 2>/dev/null)"
  done
  return 0
}
pd_lock_file() {
  if [ -e ${pacmanLockFile} ]; then echo present; else echo absent; fi
}
${shKernelFunction}pd_boot_id() {
  cat /proc/sys/kernel/random/boot_id
}
pd_cache_dirs() {
  pacman-conf CacheDir 2>/dev/null || echo /var/cache/pacman/pkg/
}
pd_cache() {
  for pd_dir in $(pd_cache_dirs); do
    for pd_pkg; do
      for pd_file in "$pd_dir"/"$pd_pkg"-*.pkg.tar*; do
        case "$pd_file" in *.sig) continue ;; esac
        if [ -e "$pd_file" ]; then printf '%s\\n' "\${pd_file##*/}"; fi
      done
    done
  done
}
`;

/**
 * Read-only checks before an install: free space in the package cache, pacman's lock (a holder, or a stale lock
 * file a killed pacman left), the running kernel against the installed modules, installed versions (pacman -Q),
 * the versions the sync databases offer as last synced (pacman -Si; nothing is synced), and the cached package
 * files a rollback could reinstall.
 */
export const archPreflightScript = framedShScript(
  archPreflightScriptName,
  `${preflightFunctions}pd_section disk pd_disk
pd_section lock pd_lock
pd_section lock-file pd_lock_file
pd_section kernel pd_kernel
pd_section boot-id pd_boot_id
pd_section installed pacman -Q -- "$@"
pd_section sync pacman -Si -- "$@"
pd_section cache pd_cache "$@"
`,
);

// Upgrade: exactly the named packages from the sync databases as they are, never -Sy (a sync without a full
// upgrade is the partial upgrade Arch does not support). Downgrade: each name=version is looked up in the package
// cache and reinstalled from its file with -U; a version not cached stops the run before pacman starts.
const archRun = taggedRunScripts(
  archInstallScriptName,
  `      mode=$1; shift
      if [ "$mode" = upgrade ]; then
        pacman -S --noconfirm --needed -- "$@"
        return
      fi
      pd_dirs=$(pacman-conf CacheDir 2>/dev/null || echo /var/cache/pacman/pkg/)
      for pd_item; do
        shift
        pd_found=
        for pd_dir in $pd_dirs; do
          for pd_file in "$pd_dir"/"\${pd_item%%=*}-\${pd_item#*=}"-*.pkg.tar*; do
            case "$pd_file" in *.sig) continue ;; esac
            if [ -z "$pd_found" ] && [ -e "$pd_file" ]; then pd_found=$pd_file; fi
          done
        done
        if [ -z "$pd_found" ]; then
          echo "patchdeck: \${pd_item%%=*} \${pd_item#*=} is not in the package cache, so it cannot be reinstalled"
          return 1
        fi
        set -- "$@" "$pd_found"
      done
      pacman -U --noconfirm -- "$@"`,
);

/**
 * Args: tag, mode, then package names (upgrade: `pacman -S --noconfirm --needed`) or name=version (downgrade:
 * `pacman -U --noconfirm` of the cached name-version-*.pkg.tar.* file). Starts the tagged run unless the device
 * has it already, then waits for its result. pacman keeps changed config files and writes new ones as .pacnew.
 */
export const archInstallScript = archRun.install;

/** Args: tag. What became of a tagged run, without starting one. */
export const archInstallStatusScript = archRun.status;

export const archBootIdScript = linuxBootIdScript(archBootIdScriptName);

/** A reboot a second later, detached, so this command returns and is recorded before the connection drops. */
export const archRebootScript = `exec </dev/null
setsid -f sh -c 'sleep 1; shutdown -r now || systemctl reboot || reboot' >/dev/null 2>&1
echo scheduled
`;
