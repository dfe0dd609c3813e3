import { framedShScript } from '../script-sections';

export const debianPreflightScriptName = 'debian-preflight';
export const debianInstallScriptName = 'debian-install';
export const debianBootIdScriptName = 'debian-boot-id';

/** Where a device keeps Patchdeck's tagged runs: the run's log, exit code and timing survive Patchdeck going away. */
export const debianRunsDirectory = '/var/lib/patchdeck/runs';

// The dpkg locks are fcntl() locks, which `flock -n` cannot see (Linux keeps the two kinds apart), and psmisc's
// fuser is not in a minimal install: a process holding a lock file open is found the way fuser does it, in /proc.
const preflightFunctions = `pd_disk() {
  df -Pk /var/cache/apt/archives
}
pd_lock() {
  for pd_fd in $(find /proc/[0-9]*/fd -lname '/var/lib/dpkg/lock*' 2>/dev/null); do
    pd_pid=\${pd_fd#/proc/}
    pd_pid=\${pd_pid%%/*}
    printf '%s %s\\n' "$pd_pid" "$(cat /proc/$pd_pid/comm 2>/dev/null)"
  done
  return 0
}
pd_reboot() {
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

// The run itself is detached (setsid) and writes only to files: if the SSH connection or Patchdeck dies, apt and
// dpkg carry on undisturbed (a write to a closed pipe would kill them with SIGPIPE halfway through dpkg), and the
// next Patchdeck can read the result. mkdir is atomic, so a tag can start at most one run, ever.
const runFunctions = `pd_tag=$1
pd_mode=$2
case "$pd_tag" in ''|*[!0-9-]*) echo "patchdeck: bad run tag" >&2; exit 2 ;; esac
pd_dir=${debianRunsDirectory}/$pd_tag
pd_wait() {
  while [ ! -e "$pd_dir/rc" ]; do
    if [ -e "$pd_dir/pid" ] && ! kill -0 "$(cat "$pd_dir/pid")" 2>/dev/null && [ ! -e "$pd_dir/rc" ]; then
      echo lost
      return 0
    fi
    sleep 0.05
  done
  echo finished
}
pd_log() {
  cat "$pd_dir/log"
  return "$(cat "$pd_dir/rc")"
}
pd_timing() {
  cat "$pd_dir/timing"
}
`;

const startRun = `pd_start() {
  case "$pd_mode" in
    upgrade) pd_flag=--only-upgrade ;;
    downgrade) pd_flag=--allow-downgrades ;;
    *) echo "patchdeck: bad install mode" >&2; return 2 ;;
  esac
  mkdir -p ${debianRunsDirectory} || return 1
  if ! mkdir "$pd_dir" 2>/dev/null; then
    echo earlier
    return 0
  fi
  shift 2
  setsid -f sh -c '
    d=$1; flag=$2; shift 2
    echo $$ >"$d/pid"
    s=$(date +%s%N)
    DEBIAN_FRONTEND=noninteractive apt-get install "$flag" -y -o DPkg::Lock::Timeout=300 \\
      -o Dpkg::Options::=--force-confdef -o Dpkg::Options::=--force-confold "$@" >"$d/log" 2>&1 </dev/null
    rc=$?
    printf "%s %s\\n" "$s" "$(date +%s%N)" >"$d/timing"
    echo $rc >"$d/rc.tmp" && mv "$d/rc.tmp" "$d/rc"
  ' patchdeck "$pd_dir" "$pd_flag" "$@" </dev/null >/dev/null 2>&1
  echo now
}
`;

const reportRun = `pd_section wait pd_wait
if [ -e "$pd_dir/rc" ]; then
  pd_section log pd_log
  pd_section timing pd_timing
fi
`;

/**
 * Args: tag, mode (upgrade | downgrade), then package names (upgrade) or name=version (downgrade). Starts the
 * tagged run unless the device has it already, then waits for its result.
 */
export const debianInstallScript = framedShScript(
  debianInstallScriptName,
  `${runFunctions}${startRun}pd_section start pd_start "$@"
if [ -d "$pd_dir" ]; then
${reportRun}fi
`,
);

/** Args: tag. What became of a tagged run, without starting one. */
export const debianInstallStatusScript = framedShScript(
  debianInstallScriptName,
  `${runFunctions}pd_not_started() {
  echo not-started
}
if [ -d "$pd_dir" ]; then
  pd_section start echo earlier
${reportRun}else
  pd_section start pd_not_started
fi
`,
);

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
