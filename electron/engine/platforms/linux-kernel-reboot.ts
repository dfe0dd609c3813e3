import type { ScriptSection } from './script-sections';

/**
 * sh function `pd_kernel` for distributions without a reboot-required flag (Alpine, Arch): it prints the running
 * kernel and the module directories on disk. Their package managers delete the running kernel's modules when
 * they install a new kernel, so a running kernel without its modules means a reboot is pending.
 */
export const shKernelFunction = `pd_kernel() {
  echo "running=$(uname -r)"
  if [ -d /lib/modules ]; then ls -1 /lib/modules; fi
}
`;

/** True when modules are installed but none for the running kernel; false when unsure (containers have none). */
export function kernelRebootPending(section: ScriptSection): boolean {
  const [first = '', ...rest] = section.stdout.split('\n').map((line) => line.trim());
  const running = first.startsWith('running=') ? first.slice('running='.length) : '';
  const installed = rest.filter((line) => line !== '');
  return running !== '' && installed.length > 0 && !installed.includes(running);
}
