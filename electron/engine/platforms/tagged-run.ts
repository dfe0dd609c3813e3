import {
  expectScript,
  framedShScript,
  requireSection,
  splitSections,
  stderrSummary,
} from './script-sections';
import type { InstallRun, RemoteOutput } from './types';
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
  while [ ! -e "$pd_dir/rc" ]; do
    # The pid file is written whole (renamed into place), so an empty read means "not yet", never "dead".
    pd_pid=$(cat "$pd_dir/pid" 2>/dev/null)
    if [ -n "$pd_pid" ] && ! kill -0 "$pd_pid" 2>/dev/null && [ ! -e "$pd_dir/rc" ]; then
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
    echo $$ >"$d/pid.tmp" && mv "$d/pid.tmp" "$d/pid"
    s=$(date +%s%N)
    pd_package_manager() {
${packageManager}
    }
    pd_package_manager "$@" >"$d/log" 2>&1 </dev/null
    rc=$?
    printf "%s %s\\n" "$s" "$(date +%s%N)" >"$d/timing"
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
  const [startNs, endNs] = requireSection(run, 'timing')
    .stdout.trim()
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

/** The sh function every Unix pre-flight uses to find processes holding one of the given lock files open (as fuser does). */
export function lockHoldersFunction(lockGlobs: readonly string[]): string {
  const finds = lockGlobs.map((glob) => `-lname '${glob}'`).join(' -o ');
  return `pd_lock() {
  for pd_fd in $(find /proc/[0-9]*/fd \\( ${finds} \\) 2>/dev/null); do
    pd_pid=\${pd_fd#/proc/}
    pd_pid=\${pd_pid%%/*}
    printf '%s %s\\n' "$pd_pid" "$(cat /proc/$pd_pid/comm 2>/dev/null)"
  done
  return 0
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
      return `${comm.join(' ') || 'a process'} (pid ${pid})`;
    })
    .join(', ');
}
