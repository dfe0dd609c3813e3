import { framedShScript } from '../script-sections';
import type { ScanDepth } from '../types';

/** Name of the macOS scan script in its frame, checked by the parser. */
export const macosScanScriptName = 'macos-scan';

/*
 * The macOS scan script: POSIX sh (the SSH user's login shell may be zsh, so nothing here relies on bash), run as the
 * SSH user without sudo, framed by ../script-sections.ts.
 *
 * Homebrew refuses to run as root and must run as the user who owns its prefix: when the SSH user is root, the
 * script looks up the owner of the brew binary (`stat -L -f %Su`, BSD stat) and runs brew through `sudo -u`. The
 * owner's name comes from the device, so it travels only as a quoted variable and is checked to be a plain account
 * name first; it is never pasted into script text.
 */

const setup = String.raw`PATH="$PATH:/usr/bin:/bin:/usr/sbin:/sbin:/opt/homebrew/bin:/usr/local/bin"
export PATH
# brew refuses to start in a directory its owner cannot read (root's home, for one).
cd /tmp 2>/dev/null || cd /
pd_section sw-vers sw_vers
pd_section uname-m uname -m
pd_section uname-r uname -r
pd_section hostname hostname
`;

/**
 * Finds brew and defines brew_run (brew as the prefix's owner, never as root) and brew_status (the "brew" section's
 * answer); sets brew_bin, brew_owner and brew_state (absent | owned-by-root | ready). The deployment scripts use it too.
 */
export const homebrewFunctions = String.raw`brew_bin=
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
# Says whether and as whom brew runs; 127 when it is absent, 126 when only root could run it.
brew_status() {
  case $brew_state in
    absent) echo 'brew is not installed' >&2; return 127 ;;
    owned-by-root) printf 'brew at %s is owned by "%s": Homebrew refuses to run as root, so it runs only as a plain non-root owner\n' "$brew_bin" "$brew_owner" >&2; return 126 ;;
  esac
  printf 'bin=%s\nowner=%s\nuser=%s\n' "$brew_bin" "$brew_owner" "$(id -un)"
}
`;

const homebrew = `${homebrewFunctions}pd_section brew brew_status
`;

const homebrewLists = String.raw`if [ "$brew_state" = ready ]; then
  pd_section brew-outdated brew_run outdated --json=v2
  pd_section brew-formulae brew_run list --formula --versions
  pd_section brew-casks brew_run list --cask --versions
fi
pd_section applications system_profiler -json SPApplicationsDataType
`;

/**
 * The fixed scan script for macOS. A full scan refreshes Homebrew's metadata (`brew update`) first; a quick scan
 * does not. Both ask Apple with a scanning `softwareupdate --list`: `--list --no-scan` would be faster, but on
 * macOS 12 it answers "No new software available." right after a scan that found updates (munki issue #1141), and
 * a false all-clear is worse than a slow scan.
 */
export function macosScanScript(depth: ScanDepth): string {
  const softwareUpdate = 'pd_section softwareupdate softwareupdate --list\n';
  const brewUpdate =
    depth === 'full'
      ? 'if [ "$brew_state" = ready ]; then pd_section brew-update brew_run update --quiet; fi\n'
      : '';
  return framedShScript(macosScanScriptName, setup + softwareUpdate + homebrew + brewUpdate + homebrewLists);
}
