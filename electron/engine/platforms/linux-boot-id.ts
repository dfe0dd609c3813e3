import { expectScript, framedShScript, requireSection, splitSections } from './script-sections';
import { ParseError, type RemoteOutput } from './types';

/**
 * The script that reads a Linux kernel's boot id (a new random UUID at every boot, so a changed id proves the
 * device rebooted), framed under the family's script name: the parser then knows its output from another script's.
 */
export function linuxBootIdScript(scriptName: string): string {
  return framedShScript(scriptName, 'pd_section boot-id cat /proc/sys/kernel/random/boot_id\n');
}

/** Parses the output of linuxBootIdScript(scriptName): the boot id, or a ParseError naming what came instead. */
export function parseLinuxBootId(output: RemoteOutput, scriptName: string): string {
  const run = splitSections(output.stdout);
  expectScript(run, scriptName);
  const id = requireSection(run, 'boot-id').stdout.trim();
  if (!/^[0-9a-f-]{36}$/.test(id)) throw new ParseError(`The boot id "${id.slice(0, 60)}" is not a UUID.`);
  return id;
}
