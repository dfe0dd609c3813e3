import { framedShScript } from '../script-sections';
import { homebrewFunctions } from './scan-script';

export const macosPreflightScriptName = 'macos-preflight';
export const macosInstallScriptName = 'macos-install';
export const macosBootIdScriptName = 'macos-boot-id';

/** Where a Mac keeps Patchdeck's tagged runs (root's, like the rest of /var/db). */
export const macosRunsDirectory = '/var/db/patchdeck/runs';

// softwareupdate lives in /usr/sbin, brew in /opt/homebrew/bin (Apple silicon) or /usr/local/bin (Intel); an SSH
// session's PATH may hold neither. brew refuses to start in a directory its owner cannot read (root's home).
const setup = String.raw`PATH="$PATH:/usr/bin:/bin:/usr/sbin:/sbin:/opt/homebrew/bin:/usr/local/bin"
export PATH
cd /tmp 2>/dev/null || cd /
`;

const preflightBody = String.raw`${setup}${homebrewFunctions}pd_wants() {
  pd_prefix=$1
  shift
  for pd_item in "$@"; do
    case $pd_item in "$pd_prefix":*) return 0 ;; esac
  done
  return 1
}
pd_disk() {
  df -Pk /
}
# A softwareupdate already running, or a process holding one of Homebrew's lock files (brew flocks them).
pd_lock() {
  pgrep -lx softwareupdate 2>/dev/null
  if [ -n "$brew_bin" ]; then
    pd_locks="$(dirname "$(dirname "$brew_bin")")/var/homebrew/locks"
    if [ -d "$pd_locks" ]; then
      for pd_pid in $(lsof -t +D "$pd_locks" 2>/dev/null | sort -u); do
        printf '%s %s\n' "$pd_pid" "$(ps -p "$pd_pid" -o comm= 2>/dev/null)"
      done
    fi
  fi
  return 0
}
pd_section disk pd_disk
pd_section lock pd_lock
pd_section boot-id sysctl -n kern.boottime
pd_section sw-vers sw_vers -productVersion
if pd_wants softwareupdate "$@"; then pd_section softwareupdate softwareupdate --list; fi
pd_section brew brew_status
if [ "$brew_state" = ready ] && { pd_wants brew "$@" || pd_wants cask "$@"; }; then
  pd_section brew-outdated brew_run outdated --json=v2
  pd_section brew-formulae brew_run list --formula --versions
  pd_section brew-casks brew_run list --cask --versions
fi
`;

/**
 * Args: the items. Read-only, as the SSH user (brew as its prefix's owner): free space on /, a running
 * softwareupdate or a process holding a Homebrew lock, the boot time, the macOS version, what softwareupdate offers
 * (only when an Apple update was asked for, since the list scans Apple's catalog) and Homebrew's installed and
 * outdated formulae and casks (only when one was asked for).
 */
export const macosPreflightScript = framedShScript(macosPreflightScriptName, preflightBody);

/*
 * The run, written by the install script into the run's directory (root's alone) and started detached with nohup:
 * its output goes only to files, so neither a closed SSH channel nor SIGHUP stops softwareupdate or brew halfway, and
 * the next Patchdeck can read the result. macOS has neither setsid(1) nor nanoseconds in date(1); perl, which macOS
 * ships, gives the time to the nanosecond's resolution of a double, and whole seconds are the fallback.
 */
// sh's expansion for the item without its source, built from parts: a template literal would take it for its own.
const itemId = '$' + '{pd_item#*:}';

const runner = String.raw`d=$1
shift
echo $$ >"$d/pid.tmp" && mv "$d/pid.tmp" "$d/pid"
pd_now() {
  perl -MTime::HiRes=time -e 'printf("%.0f\n", time() * 1e9)' 2>/dev/null || echo "$(date +%s)000000000"
}
pd_started=$(pd_now)
${setup}${homebrewFunctions}pd_homebrew() {
  if [ "$brew_state" = ready ]; then brew_run upgrade "$@"; else brew_status; fi
}
pd_install() {
  pd_rc=0
  for pd_item in "$@"; do
    case $pd_item in
      softwareupdate:*)
        echo "==> softwareupdate --install ${itemId} --no-scan"
        # softwareupdate can exit 0 after "Error installing updates." or "Error downloading …": read what it said.
        softwareupdate --install "${itemId}" --no-scan >"$d/softwareupdate.out" 2>&1
        pd_su_rc=$?
        cat "$d/softwareupdate.out"
        if [ "$pd_su_rc" -ne 0 ] || grep -Eq '^(Error (installing|downloading)|Failed to )' "$d/softwareupdate.out"; then pd_rc=1; fi
        ;;
      brew:*)
        echo "==> brew upgrade --formula ${itemId}"
        pd_homebrew --formula "${itemId}" || pd_rc=1
        ;;
      cask:*)
        echo "==> brew upgrade --cask ${itemId}"
        pd_homebrew --cask "${itemId}" || pd_rc=1
        ;;
      *)
        echo "refused: $pd_item"
        pd_rc=1
        ;;
    esac
  done
  return $pd_rc
}
pd_install "$@" >"$d/log" 2>&1 </dev/null
rc=$?
printf '%s %s\n' "$pd_started" "$(pd_now)" >"$d/timing"
echo $rc >"$d/rc.tmp" && mv "$d/rc.tmp" "$d/rc"
`;

const runCommon = String.raw`${setup}pd_tag=$1
pd_mode=$2
case "$pd_tag" in ''|*[!0-9-]*) echo "patchdeck: bad run tag" >&2; exit 2 ;; esac
pd_dir=${macosRunsDirectory}/$pd_tag
pd_wait() {
  while [ ! -e "$pd_dir/rc" ]; do
    # The pid file is written whole (renamed into place), so an empty read means "not yet", never "dead".
    pd_pid=
    { read -r pd_pid <"$pd_dir/pid"; } 2>/dev/null
    if [ -n "$pd_pid" ] && ! kill -0 "$pd_pid" 2>/dev/null && [ ! -e "$pd_dir/rc" ]; then
      echo lost
      return 0
    fi
    sleep 0.2
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
pd_report() {
  pd_section wait pd_wait
  if [ -e "$pd_dir/rc" ]; then
    pd_section log pd_log
    pd_section timing pd_timing
  fi
}
`;

const start = String.raw`pd_nl='
'
pd_start() {
  shift 2
  if [ "$pd_mode" != upgrade ]; then
    echo "patchdeck: Apple updates and Homebrew packages cannot be rolled back" >&2
    return 2
  fi
  for pd_item in "$@"; do
    case $pd_item in *"$pd_nl"*) echo "patchdeck: bad item" >&2; return 2 ;; esac
    if ! printf '%s\n' "$pd_item" | grep -Eqx 'softwareupdate:[A-Za-z0-9][A-Za-z0-9 ._()+,-]*|(brew|cask):([a-z0-9][a-z0-9_-]*/[a-z0-9][a-z0-9_-]*/)?[a-z0-9][a-z0-9@._+-]*'; then
      echo "patchdeck: bad item" >&2
      return 2
    fi
  done
  mkdir -p ${macosRunsDirectory} || return 1
  # mkdir is atomic: of two starts with one tag, exactly one creates the directory.
  if ! mkdir "$pd_dir" 2>/dev/null; then
    echo earlier
    return 0
  fi
  cat >"$pd_dir/run.sh" <<'PD_RUNNER'
${runner}PD_RUNNER
  nohup sh "$pd_dir/run.sh" "$pd_dir" "$@" </dev/null >/dev/null 2>&1 &
  echo now
}
`;

/**
 * Args: tag, mode (upgrade only: nothing on macOS can be rolled back), then items ("softwareupdate:<label>",
 * "brew:<formula>", "cask:<cask>"). Needs root (softwareupdate --install); brew runs as its prefix's owner. Starts
 * the tagged run unless the device has it already, then waits for its result, in the frame parseTaggedRun reads.
 */
export const macosInstallScript = framedShScript(
  macosInstallScriptName,
  `${runCommon}${start}pd_section start pd_start "$@"
if [ -d "$pd_dir" ]; then pd_report; fi
`,
);

/** Args: tag. What became of a tagged run, without starting one. */
export const macosInstallStatusScript = framedShScript(
  macosInstallScriptName,
  `${runCommon}pd_not_started() {
  echo not-started
}
if [ -d "$pd_dir" ]; then
  pd_section start echo earlier
  pd_report
else
  pd_section start pd_not_started
fi
`,
);

export const macosBootIdScript = framedShScript(
  macosBootIdScriptName,
  `pd_section boot-id sysctl -n kern.boottime
`,
);

/** A restart a second later, detached, so this command returns and is recorded before the connection drops. */
export const macosRebootScript = `exec </dev/null
nohup sh -c 'sleep 1; shutdown -r now' >/dev/null 2>&1 &
echo scheduled
`;
