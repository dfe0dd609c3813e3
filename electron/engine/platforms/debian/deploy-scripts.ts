import { linuxBootIdScript } from '../linux-boot-id';
import { framedShScript } from '../script-sections';
import { lockHoldersFunction, taggedRunScripts } from '../tagged-run';

export const debianPreflightScriptName = 'debian-preflight';
export const debianInstallScriptName = 'debian-install';
export const debianBootIdScriptName = 'debian-boot-id';

// apt's and dpkg's locks: the front end's (held for a whole apt run), dpkg's own, and those of the package lists
// (apt-get update) and of the download cache.
const packageManagerLocks = [
  '/var/lib/dpkg/lock-frontend',
  '/var/lib/dpkg/lock',
  '/var/lib/apt/lists/lock',
  '/var/cache/apt/archives/lock',
];

const preflightFunctions = `pd_disk() {
  df -Pk /var/cache/apt/archives
}
${lockHoldersFunction(packageManagerLocks)}pd_reboot() {
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

/**
 * Read-only checks before an install: free space, the package manager's locks, a pending reboot, and each package's
 * versions (one dpkg-query and one apt-cache for all of them). Nothing in it needs root.
 */
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

export const debianBootIdScript = linuxBootIdScript(debianBootIdScriptName);

/** A reboot a second later, detached, so this command returns and is recorded before the connection drops. */
export const debianRebootScript = `exec </dev/null
setsid -f sh -c 'sleep 1; shutdown -r now || systemctl reboot || reboot' >/dev/null 2>&1
echo scheduled
`;
