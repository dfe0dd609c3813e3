import { framedShScript } from '../script-sections';
import { lockHoldersFunction, taggedRunScripts } from '../tagged-run';

export const debianPreflightScriptName = 'debian-preflight';
export const debianInstallScriptName = 'debian-install';
export const debianBootIdScriptName = 'debian-boot-id';

// The dpkg locks are fcntl() locks, which `flock -n` cannot see (Linux keeps the two kinds apart), and psmisc's
// fuser is not in a minimal install: a process holding a lock file open is found the way fuser does it, in /proc.
const preflightFunctions = `pd_disk() {
  df -Pk /var/cache/apt/archives
}
${lockHoldersFunction(['/var/lib/dpkg/lock*'])}pd_reboot() {
  if [ -e /var/run/reboot-required ]; then echo required; else echo not-required; fi
}
pd_boot_id() {
  cat /proc/sys/kernel/random/boot_id
}
pd_installed() {
  dpkg-query -W -f='\${Package}\\t\${Version}\\t\${db:Status-Abbrev}\\n' "$@"
}
pd_policy() {
  apt-cache policy "$@"
}
`;

/** Read-only checks before an install: free space, the dpkg lock, a pending reboot, and each package's versions. */
export const debianPreflightScript = framedShScript(
  debianPreflightScriptName,
  `${preflightFunctions}pd_section disk pd_disk
pd_section lock pd_lock
pd_section reboot pd_reboot
pd_section boot-id pd_boot_id
pd_section installed pd_installed "$@"
pd_section policy pd_policy "$@"
`,
);

const debianRun = taggedRunScripts(
  debianInstallScriptName,
  `      mode=$1; shift
      if [ "$mode" = downgrade ]; then flag=--allow-downgrades; else flag=--only-upgrade; fi
      DEBIAN_FRONTEND=noninteractive apt-get install "$flag" -y -o DPkg::Lock::Timeout=300 \\
        -o Dpkg::Options::=--force-confdef -o Dpkg::Options::=--force-confold "$@"`,
);

/**
 * Args: tag, mode (upgrade | downgrade), then package names (upgrade: `apt-get install --only-upgrade`) or
 * name=version (downgrade: `--allow-downgrades`). Starts the tagged run unless the device has it already, then
 * waits for its result. Existing config files are kept (confdef/confold) and nothing asks a question.
 */
export const debianInstallScript = debianRun.install;

/** Args: tag. What became of a tagged run, without starting one. */
export const debianInstallStatusScript = debianRun.status;

export const debianBootIdScript = framedShScript(
  debianBootIdScriptName,
  `pd_section boot-id cat /proc/sys/kernel/random/boot_id
`,
);

/** A reboot a second later, detached, so this command returns and is recorded before the connection drops. */
export const debianRebootScript = `exec </dev/null
setsid -f sh -c 'sleep 1; shutdown -r now || systemctl reboot || reboot' >/dev/null 2>&1
echo scheduled
`;
