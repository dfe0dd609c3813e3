import { z } from 'zod';
import type { InstalledPackage } from '../../../../shared/domain/inventory';
import { ParseError } from '../types';

const UninstallEntry = z.object({
  scope: z.enum(['machine', 'machine-32', 'user']),
  key: z.string(),
  displayName: z.string(),
  displayVersion: z.string(),
  publisher: z.string(),
  systemComponent: z.string(),
});

/**
 * Parse the uninstall-registry section into installed programs (manager `msi`, as Windows' "Programs and Features"
 * lists them, MSI or not). Entries without a DisplayName (e.g. the stock "AddressBook" key) and entries marked
 * SystemComponent=1 (parts of a product that Windows itself hides) are left out, as Programs and Features does.
 * `nativeArch` is the OS architecture, which the 64-bit view of HKLM holds; the WOW6432Node view is x86.
 * Throws ParseError when the section is not the JSON the scan script writes.
 */
export function parseInstalledPrograms(text: string, nativeArch: string | null): InstalledPackage[] {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new ParseError('The installed-programs list is not JSON (it may have been cut off).');
  }
  const parsed = z.array(UninstallEntry).safeParse(json);
  if (!parsed.success)
    throw new ParseError(
      "The installed-programs list does not have the fields Patchdeck's scan script writes.",
    );
  const seen = new Set<string>();
  const programs: InstalledPackage[] = [];
  for (const entry of parsed.data) {
    const name = entry.displayName.trim();
    if (name === '' || entry.systemComponent.trim() === '1') continue;
    const version = entry.displayVersion.trim() || 'unknown';
    const arch = entry.scope === 'machine-32' ? 'x86' : entry.scope === 'machine' ? nativeArch : null;
    const key = `${name}\u0000${version}\u0000${arch ?? ''}`;
    if (seen.has(key)) continue;
    seen.add(key);
    programs.push({ name, version, arch, sourceName: null, sourceVersion: null, manager: 'msi' });
  }
  return programs;
}
