import {
  expectScript,
  framedShScript,
  requireSection,
  splitSections,
  stderrSummary,
} from './script-sections';
import type { InstallRun, RemoteOutput, RemoteScript } from './types';
import { ParseError } from './types';

/** Where a Unix device keeps Patchdeck's tagged runs: log, exit code and timing survive Patchdeck going away. */
export const runsDirectory = '/var/lib/patchdeck/runs';

/**
 * The install and status scripts of one family, around `packageManager`: sh text (no single quotes) run detached
 * with "$flag"-free positional arguments: $1 is the mode (upgrade | downgrade), the rest the items. It must run
 * the package manager non-interactively with stdout/stderr already pointing at the run's log.
 *
 * The run is detached (setsid) and writes only to files: if the SSH connection or Patchdeck dies, the package
 * manager carries on undisturbed (a write to a closed pipe would kill it with SIGPIPE halfway through), and the
 * next Patchdeck can read the result. mkdir is atomic, so a tag can start at most one run, ever.
 *
 * A run's directory holds `pid`, `log`, `rc`, `running` (locked by the runner while it lives, so a waiter can block
 * on it instead of polling; the package manager does not inherit the lock, or a daemon a maintainer script starts
 * would hold it for ever) and `timing`: the start and end in nanoseconds on its first line, then what `times`
 * says (the runner's own and the package manager's user and system CPU time), to tell a slow package manager
 * from a busy device.
 */
export function taggedRunScripts(
  scriptName: string,
  packageManager: string,
): { install: string; status: string } {
  if (packageManager.includes("'"))
    throw new Error('The package manager snippet must not contain single quotes.');
  const common = `pd_tag=$1
pd_mode=$2
case "$pd_tag" in ''|*[!0-9-]*) echo "patchdeck: bad run tag" >&2; exit 2 ;; esac
pd_dir=${runsDirectory}/$pd_tag
pd_wait() {
  pd_blocked=
  while [ ! -e "$pd_dir/rc" ]; do
    # The pid file is written whole (renamed into place), so an empty read means "not yet", never "dead".
    pd_pid=
    { read -r pd_pid <"$pd_dir/pid"; } 2>/dev/null
    if [ -n "$pd_pid" ] && ! kill -0 "$pd_pid" 2>/dev/null; then
      if [ ! -e "$pd_dir/rc" ]; then
        echo lost
        return 0
      fi
    elif [ -n "$pd_pid" ] && [ -z "$pd_blocked" ] && [ -e "$pd_dir/running" ]; then
      # The runner locks "running" before it writes its pid and holds it until it ends, however it ends: a
      # blocking wait for that lock costs no CPU, where polling forks twice every 50 ms for as long as apt runs.
      # Once only: a device without flock(1), or a run from before the lock, falls back to polling.
      pd_blocked=1
      flock -s "$pd_dir/running" true 2>/dev/null
    else
      sleep 0.05
    fi
  done
  echo finished
}
pd_log() {
  cat "$pd_dir/log"
  read -r pd_rc <"$pd_dir/rc"
  return "$pd_rc"
}
pd_timing() {
  cat "$pd_dir/timing"
}
`;
  const report = `pd_section wait pd_wait
if [ -e "$pd_dir/rc" ]; then
  pd_section log pd_log
  pd_section timing pd_timing
fi
`;
  const start = `pd_start() {
  case "$pd_mode" in
    upgrade|downgrade) ;;
    *) echo "patchdeck: bad install mode" >&2; return 2 ;;
  esac
  mkdir -p ${runsDirectory} || return 1
  if ! mkdir "$pd_dir" 2>/dev/null; then
    echo earlier
    return 0
  fi
  shift 1
  setsid -f sh -c '
    d=$1; shift
    exec 9>"$d/running"
    flock -x 9 2>/dev/null
    echo $$ >"$d/pid.tmp" && mv "$d/pid.tmp" "$d/pid"
    s=$(date +%s%N)
    pd_package_manager() {
${packageManager}
    }
    pd_package_manager "$@" >"$d/log" 2>&1 </dev/null 9>&-
    rc=$?
    { printf "%s %s\\n" "$s" "$(date +%s%N)"; times; } >"$d/timing"
    echo $rc >"$d/rc.tmp" && mv "$d/rc.tmp" "$d/rc"
  ' patchdeck "$pd_dir" "$@" </dev/null >/dev/null 2>&1
  echo now
}
`;
  return {
    install: framedShScript(
      scriptName,
      `${common}${start}pd_section start pd_start "$@"
if [ -d "$pd_dir" ]; then
${report}fi
`,
    ),
    status: framedShScript(
      scriptName,
      `${common}pd_not_started() {
  echo not-started
}
if [ -d "$pd_dir" ]; then
  pd_section start echo earlier
${report}else
  pd_section start pd_not_started
fi
`,
    ),
  };
}

/** Parses a report of a tagged install or status script named `scriptName`. */
export function parseTaggedRun(output: RemoteOutput, scriptName: string): InstallRun {
  const run = splitSections(output.stdout);
  expectScript(run, scriptName);
  const start = requireSection(run, 'start');
  if (start.exitCode !== 0) throw new ParseError(`The install could not start: ${stderrSummary(start)}.`);
  const how = start.stdout.trim();
  if (how === 'not-started') {
    return { state: 'not-started', startedNow: false, exitCode: null, output: '', packageManagerMs: null };
  }
  if (how !== 'now' && how !== 'earlier') {
    throw new ParseError(`The install start printed something unexpected: "${how.slice(0, 80)}".`);
  }
  const wait = requireSection(run, 'wait').stdout.trim();
  if (wait === 'lost') {
    return { state: 'lost', startedNow: how === 'now', exitCode: null, output: '', packageManagerMs: null };
  }
  if (wait !== 'finished') {
    throw new ParseError(`The install wait printed something unexpected: "${wait.slice(0, 80)}".`);
  }
  const log = requireSection(run, 'log');
  const [startNs, endNs] = (requireSection(run, 'timing').stdout.split('\n')[0] ?? '')
    .trim()
    .split(' ')
    .map((value) => (/^\d+$/.test(value) ? BigInt(value) : null));
  return {
    state: 'finished',
    startedNow: how === 'now',
    exitCode: log.exitCode,
    output: log.stdout,
    packageManagerMs:
      startNs !== null && startNs !== undefined && endNs !== null && endNs !== undefined
        ? Number((endNs - startNs) / 1_000_000n)
        : null,
  };
}

// A lock file's path goes into the script unquoted: only characters no shell reads as anything but a path.
const lockPathPattern = /^\/[A-Za-z0-9/._-]+$/;

/**
 * The sh function every Unix pre-flight uses to name the processes holding a lock on one of the given lock files.
 * The kernel lists every lock with its holder's pid and the device and inode it is on in /proc/locks (fcntl, OFD
 * and flock locks alike, and readable without root): one stat and one awk, where walking every process's fds
 * in /proc took root and grew with the number of processes on the machine. Prints "pid comm" lines.
 */
export function lockHoldersFunction(lockFiles: readonly string[]): string {
  for (const path of lockFiles) {
    if (!lockPathPattern.test(path))
      throw new Error(`"${path}" is not a lock file path Patchdeck can check.`);
  }
  // /proc/locks writes "major:minor:inode", major and minor in hex; stat gives the device number whole, which
  // glibc's gnu_dev_major/minor split (with floating-point arithmetic: mawk has no bit operators). Waiters
  // ("->" lines) hold nothing; an OFD lock has no pid (-1).
  return `pd_lock() {
  set --
  for pd_file in ${lockFiles.join(' ')}; do
    if [ -e "$pd_file" ]; then set -- "$@" "$pd_file"; fi
  done
  if [ $# -eq 0 ]; then return 0; fi
  pd_ids=$(stat -L -c '%d %i' -- "$@") || return 1
  awk -v ids="$pd_ids" '
    BEGIN {
      n = split(ids, f)
      for (i = 1; i < n; i += 2) {
        d = f[i] + 0
        hi = int(d / 4294967296)
        major = int(d / 256) % 4096 + hi - hi % 4096
        minor = d % 256 + int(d / 4096) % 4294967296 - int(d / 4096) % 256
        wanted[sprintf("%02x:%02x:%s", major, minor, f[i + 1])] = 1
      }
    }
    $2 != "->" && ($6 in wanted) {
      comm = ""
      if ($5 > 0) { getline comm < ("/proc/" $5 "/comm"); close("/proc/" $5 "/comm") }
      print $5, comm
    }
  ' /proc/locks
}
`;
}

/** Parses pd_lock's lines into "comm (pid N)" descriptions, or null when nothing holds the lock. */
export function parseLockHolders(stdout: string): string | null {
  const lines = [
    ...new Set(
      stdout
        .split('\n')
        .map((line) => line.trim())
        .filter((line) => line !== ''),
    ),
  ];
  if (lines.length === 0) return null;
  return lines
    .map((line) => {
      const [pid, ...comm] = line.split(' ');
      // An open file description lock belongs to no process, so the kernel shows no pid for it.
      if (pid === '-1') return 'a process (an open file description lock, no pid)';
      return `${comm.join(' ') || 'a process'} (pid ${pid})`;
    })
    .join(', ');
}

/**
 * Prints a tagged run's log as it grows, while the install script itself waits for the run and only then reports
 * the whole log. It ends when the run has ended (written its exit code, or died without one), or when no run
 * appeared within 60 s, so it never outlives the install on the device. Read-only; through sudo, since the run's
 * files are root's and nothing widens their permissions. With GNU tail one process follows the log until the
 * runner exits, instead of a loop forking five times a second (kept for busybox, whose tail has no --pid).
 */
export const taggedRunLogScript: RemoteScript = {
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
