import { chmod, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/** The file the in-host reboot command leaves for the harness, relative to the host's root. */
export const REBOOT_REQUEST = 'run/patchdeck-reboot-requested';

/** What a reboot clears, as the tmpfs on a real /run would (relative to the host's root). */
export const CLEARED_BY_REBOOT: readonly string[] = [
  REBOOT_REQUEST,
  'run/reboot-required',
  'run/reboot-required.pkgs',
  'run/sshd.pid',
];

// Hosts share the test machine's kernel, so they cannot really restart. These commands ask the
// harness to play the reboot instead: every process ends, /run is cleared, sshd is down for a
// moment and comes back with a new boot id. Only root may ask, as with the real commands.
const REBOOT = `#!/bin/sh
# Patchdeck test fleet: the harness plays this reboot (see test/fleet/harness/simulated-reboot.ts).
if [ "$(id -u)" != 0 ]; then
  echo "reboot: must be superuser." >&2
  exit 1
fi
: > /${REBOOT_REQUEST}
echo "Rebooting."
`;

const SHUTDOWN = `#!/bin/sh
# Patchdeck test fleet: only "shutdown -r" exists here, and it reboots at once whatever the time given.
if [ "$(id -u)" != 0 ]; then
  echo "shutdown: must be superuser." >&2
  exit 1
fi
for arg in "$@"; do
  case "$arg" in
    -r|--reboot) exec /usr/sbin/reboot ;;
  esac
done
echo "shutdown: only a reboot (-r) is simulated in the Patchdeck test fleet" >&2
exit 1
`;

/** Installs the reboot and shutdown commands into a host's root (its overlay, not the image). */
export async function installRebootCommands(rootDir: string): Promise<void> {
  for (const [name, script] of [
    ['reboot', REBOOT],
    ['shutdown', SHUTDOWN],
  ] as const) {
    const path = join(rootDir, 'usr', 'sbin', name);
    await writeFile(path, script);
    await chmod(path, 0o755);
  }
}
