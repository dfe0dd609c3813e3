import type { PlatformDeployment, RemoteScript } from '../platforms/types';
import { runsDirectory } from '../platforms/tagged-run';

/**
 * Prints a tagged run's log as it grows, while the install script itself waits for the run and only then reports
 * the whole log. It ends when the run has ended (written its exit code, or died without one), or when no run
 * appeared within 60 s, so it never outlives the install on the device. Read-only; through sudo, since the run's
 * files are root's and nothing widens their permissions. With GNU tail one process follows the log until the
 * runner exits, instead of a loop forking five times a second (kept for busybox, whose tail has no --pid).
 */
const followScript: RemoteScript = {
  shell: 'sh',
  sudo: true,
  script: `case "$1" in ''|*[!0-9-]*) echo "patchdeck: bad run tag" >&2; exit 2 ;; esac
pd_dir=${runsDirectory}/$1
pd_waited=0
until [ -s "$pd_dir/pid" ] || [ -e "$pd_dir/rc" ]; do
  [ "$pd_waited" -ge 300 ] && exit 0
  pd_waited=$((pd_waited + 1))
  sleep 0.2
done
pd_pid=$(cat "$pd_dir/pid" 2>/dev/null)
if [ -n "$pd_pid" ] && [ ! -e "$pd_dir/rc" ] && tail --pid="$pd_pid" -s 0.1 -c 0 /dev/null 2>/dev/null; then
  exec tail -c +1 -s 0.1 -F --pid="$pd_pid" "$pd_dir/log" 2>/dev/null
fi
pd_sent=0
while :; do
  pd_last=0
  [ -e "$pd_dir/rc" ] && pd_last=1
  if [ -n "$pd_pid" ] && [ ! -d "/proc/$pd_pid" ]; then pd_last=1; fi
  if [ -f "$pd_dir/log" ]; then
    pd_size=$(wc -c <"$pd_dir/log")
    if [ "$pd_size" -gt "$pd_sent" ]; then
      tail -c +$((pd_sent + 1)) "$pd_dir/log" | head -c $((pd_size - pd_sent))
      pd_sent=$pd_size
    fi
  fi
  [ "$pd_last" = 1 ] && exit 0
  sleep 0.2
done
`,
};

/** The follower for this platform's install, or null when its install does not keep a tagged run's log. */
export function runLogFollower(deployment: PlatformDeployment): RemoteScript | null {
  const install = deployment.installScript;
  return install.shell === 'sh' && install.script.includes(runsDirectory) ? followScript : null;
}
