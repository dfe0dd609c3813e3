import { z } from 'zod';

/** Package managers and app sources a device's inventory can come from. */
export const packageManagers = [
  'dpkg',
  'rpm',
  'apk',
  'pacman',
  'brew',
  'brew-cask',
  'macos-app',
  'softwareupdate',
  'winget',
  'choco',
  'msi',
  'hotfix',
] as const;
export const PackageManager = z.enum(packageManagers);
export type PackageManager = z.infer<typeof PackageManager>;

export const platformFamilies = ['debian', 'rhel', 'suse', 'alpine', 'arch', 'macos', 'windows'] as const;
export const PlatformFamily = z.enum(platformFamilies);
export type PlatformFamily = z.infer<typeof PlatformFamily>;

export const InstalledPackage = z.object({
  name: z.string(),
  version: z.string(),
  arch: z.string().nullable(),
  sourceName: z.string().nullable(),
  sourceVersion: z.string().nullable(),
  manager: PackageManager,
});
export type InstalledPackage = z.infer<typeof InstalledPackage>;

/** What kind of update it is, in the vendor's words where the vendor has them (Windows categories, dnf types). */
export const UpdateClassification = z.enum([
  'security',
  'critical',
  'bugfix',
  'enhancement',
  'feature-pack',
  'service-pack',
  'definition',
  'driver',
  'update-rollup',
  'tool',
  'application',
  'os-upgrade',
  'other',
]);
export type UpdateClassification = z.infer<typeof UpdateClassification>;

export const AvailableUpdate = z.object({
  /** Package name, or for Windows Update the KB id (e.g. "KB5034441"). */
  name: z.string(),
  installedVersion: z.string().nullable(),
  availableVersion: z.string(),
  arch: z.string().nullable(),
  /** Where the update comes from: an apt origin ("Debian-Security:12/bookworm-security"), a repo id, "Windows Update". */
  origin: z.string().nullable(),
  security: z.boolean(),
  classification: UpdateClassification,
  /** Vendor severity as the vendor says it (MSRC "Critical", dnf "Important", ...). */
  vendorSeverity: z.string().nullable(),
  /** Advisory ids the vendor attaches (RHSA-…, SUSE-SU-…, KB…). */
  advisoryIds: z.array(z.string()),
  /** CVE ids the vendor attaches to the update itself, when it says them. */
  cves: z.array(z.string()),
  rebootRequired: z.boolean().nullable(),
  manager: PackageManager,
});
export type AvailableUpdate = z.infer<typeof AvailableUpdate>;

export const OsFacts = z.object({
  family: PlatformFamily,
  /** Human name, e.g. "Debian GNU/Linux 12 (bookworm)", "Windows Server 2022 Standard", "macOS 14.5". */
  name: z.string(),
  /** Distribution or product id: "debian", "ubuntu", "rhel", "rocky", "windows", "macos". */
  id: z.string(),
  version: z.string().nullable(),
  /** Release codename or build, e.g. "bookworm", "22631". */
  codename: z.string().nullable(),
  kernel: z.string().nullable(),
  arch: z.string().nullable(),
  hostname: z.string().nullable(),
});
export type OsFacts = z.infer<typeof OsFacts>;
