import { z } from 'zod';
import type { InstalledPackage } from '../../../../shared/domain/inventory';
import { ParseError } from '../types';

const Application = z.object({
  _name: z.string(),
  version: z.string().optional(),
  arch_kind: z.string().optional(),
});

const ApplicationsReport = z.object({ SPApplicationsDataType: z.array(Application) });

// system_profiler's arch_kind values; unknown ones are kept as they are.
const architectures: Readonly<Record<string, string>> = {
  arch_arm_i64: 'universal',
  arch_arm: 'arm64',
  arch_i64: 'x86_64',
  arch_i32: 'i386',
  arch_ios: 'arm64',
};

/**
 * Parse `system_profiler -json SPApplicationsDataType` into installed apps (manager `macos-app`). Apps without a
 * version string (some helper stubs) are kept with version "unknown": they are still software on the device. The
 * same app at the same version found twice (e.g. a copy in ~/Applications) is listed once.
 * Throws ParseError when the text is not that JSON.
 */
export function parseApplications(text: string): InstalledPackage[] {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new ParseError('system_profiler printed application data that is not JSON.');
  }
  const parsed = ApplicationsReport.safeParse(json);
  if (!parsed.success) {
    throw new ParseError(
      'system_profiler printed JSON without an "SPApplicationsDataType" list of applications.',
    );
  }
  const seen = new Set<string>();
  const apps: InstalledPackage[] = [];
  for (const app of parsed.data.SPApplicationsDataType) {
    const name = app._name.trim();
    if (name === '') continue;
    const version = app.version?.trim() || 'unknown';
    const arch = app.arch_kind === undefined ? null : (architectures[app.arch_kind] ?? app.arch_kind);
    const key = `${name}\u0000${version}\u0000${arch ?? ''}`;
    if (seen.has(key)) continue;
    seen.add(key);
    apps.push({ name, version, arch, sourceName: null, sourceVersion: null, manager: 'macos-app' });
  }
  return apps;
}
