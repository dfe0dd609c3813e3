import type { ScanDepth } from '../types';

/*
 * The macOS scan script: POSIX sh (the SSH user's login shell may be zsh, so nothing here relies on bash), run as the
 * SSH user without sudo. Sections follow the framing in ../windows/sections.ts.
 *
 * Homebrew refuses to run as root and must run as the user who owns its prefix: when the SSH user is root, the
 * script looks up the owner of the brew binary (`stat -L -f %Su`, BSD stat) and runs brew through `sudo -u`. The
 * owner's name comes from the device, so it travels only as a quoted variable and is checked to be a plain account
 * name first; it is never pasted into script text.
 */

const prelude = String.raw`exec </dev/null
LC_ALL=C
export LC_ALL
PATH="$PATH:/usr/bin:/bin:/usr/sbin:/sbin:/opt/homebrew/bin:/usr/local/bin"
export PATH
# brew refuses to start in a directory its owner cannot read (root's home, for one).
cd /tmp 2>/dev/null || cd /
errfile=$(mktemp /tmp/patchdeck.XXXXXX) || errfile=/dev/null
trap 'if [ "$errfile" != /dev/null ]; then rm -f "$errfile"; fi' EXIT

start_section() { printf '@@patchdeck:section:%s@@\n' "$1"; }
end_section() { printf '\n@@patchdeck:exit:%s:%s@@\n' "$1" "$2"; }
# Section whose stdout is the whole answer; stderr is joined in (softwareupdate prints half of its answer there).
text_section() {
  name=$1; shift
  start_section "$name"
  "$@" 2>&1
  end_section "$name" $?
}
# Section whose stdout must stay machine-readable (JSON); stderr follows in its own "<name>-stderr" section.
data_section() {
  name=$1; shift
  start_section "$name"
  "$@" 2>"$errfile"
  rc=$?
  end_section "$name" "$rc"
  if [ -s "$errfile" ]; then
    start_section "$name-stderr"; cat "$errfile"; end_section "$name-stderr" 0
  fi
}
`;

const facts = String.raw`text_section sw-vers sw_vers
text_section uname-m uname -m
text_section uname-r uname -r
text_section hostname hostname
`;

const homebrew = String.raw`brew_bin=
for candidate in /opt/homebrew/bin/brew /usr/local/bin/brew "$(command -v brew 2>/dev/null)"; do
  if [ -n "$candidate" ] && [ -x "$candidate" ]; then brew_bin=$candidate; break; fi
done
brew_state=absent
brew_owner=
if [ -n "$brew_bin" ]; then
  brew_state=ready
  brew_owner=$(stat -L -f %Su "$brew_bin" 2>/dev/null)
  if [ "$(id -u)" -eq 0 ]; then
    case $brew_owner in
      ''|root|-*|*[!A-Za-z0-9._-]*) brew_state=owned-by-root ;;
    esac
  fi
fi
brew_run() {
  if [ "$(id -u)" -eq 0 ]; then
    sudo -n -H -u "$brew_owner" env HOMEBREW_NO_AUTO_UPDATE=1 HOMEBREW_NO_ANALYTICS=1 HOMEBREW_NO_ENV_HINTS=1 HOMEBREW_NO_COLOR=1 "$brew_bin" "$@"
  else
    env HOMEBREW_NO_AUTO_UPDATE=1 HOMEBREW_NO_ANALYTICS=1 HOMEBREW_NO_ENV_HINTS=1 HOMEBREW_NO_COLOR=1 "$brew_bin" "$@"
  fi
}
start_section brew
case $brew_state in
  absent) echo 'brew is not installed'; end_section brew 127 ;;
  owned-by-root) printf 'brew at %s belongs to root; Homebrew does not run as root\n' "$brew_bin"; end_section brew 126 ;;
  *) printf 'bin=%s\nowner=%s\nuser=%s\n' "$brew_bin" "$brew_owner" "$(id -un)"; end_section brew 0 ;;
esac
`;

const homebrewLists = String.raw`if [ "$brew_state" = ready ]; then
  data_section brew-outdated brew_run outdated --json=v2
  data_section brew-formulae brew_run list --formula --versions
  data_section brew-casks brew_run list --cask --versions
fi
`;

const applications = String.raw`data_section applications system_profiler -json SPApplicationsDataType
printf '@@patchdeck:done@@\n'
`;

/**
 * The fixed scan script for macOS. A full scan refreshes Apple's catalog (a plain `softwareupdate --list` scans) and
 * Homebrew's metadata (`brew update`) first; a quick scan lists what the last scan cached (`--no-scan`, no update).
 */
export function macosScanScript(depth: ScanDepth): string {
  const softwareUpdate =
    depth === 'full'
      ? 'text_section softwareupdate softwareupdate --list\n'
      : 'text_section softwareupdate softwareupdate --list --no-scan\n';
  const brewUpdate =
    depth === 'full' ? 'if [ "$brew_state" = ready ]; then text_section brew-update brew_run update --quiet; fi\n' : '';
  return prelude + facts + softwareUpdate + homebrew + brewUpdate + homebrewLists + applications;
}
