import { z } from 'zod';
import type {
  AvailableUpdate,
  InstalledPackage,
  UpdateClassification,
} from '../../../../shared/domain/inventory';
import { ParseError } from '../types';

const Category = z.object({ name: z.string(), id: z.string(), type: z.string() });

const PendingUpdate = z.object({
  title: z.string(),
  updateId: z.string(),
  revision: z.number().int(),
  kbArticleIds: z.array(z.string()),
  msrcSeverity: z.string(),
  categories: z.array(Category),
  rebootBehavior: z.number().int(),
  isDownloaded: z.boolean(),
  cveIds: z.array(z.string()),
  securityBulletinIds: z.array(z.string()),
  lastDeploymentChangeTime: z.string().nullable(),
});
type PendingUpdate = z.infer<typeof PendingUpdate>;

const SearchResult = z.object({
  /** WUA OperationResultCode: 2 succeeded, 3 succeeded with errors, 4 failed, 5 aborted. */
  resultCode: z.number().int(),
  online: z.boolean(),
  updates: z.array(PendingUpdate),
});

const HistoryEntry = z.object({
  title: z.string(),
  /** UpdateOperation: 1 installation, 2 uninstallation. */
  operation: z.number().int(),
  resultCode: z.number().int(),
  date: z.string().nullable(),
});

const Hotfix = z.object({
  hotFixId: z.string(),
  description: z.string(),
  installedOn: z.string().nullable(),
});

// WSUS classification GUIDs (Microsoft, "WSUS Classification GUIDs"), which do not change with the UI language the
// way category names do; the English names are the fallback.
const classifications: ReadonlyArray<
  readonly [id: string, name: string, classification: UpdateClassification]
> = [
  ['0fa1201d-4330-4fa8-8ae9-b877473b6441', 'Security Updates', 'security'],
  ['e6cf1350-c01b-414d-a61f-263d14d133b4', 'Critical Updates', 'critical'],
  ['e0789628-ce08-4437-be74-2495b842f43b', 'Definition Updates', 'definition'],
  ['28bc880e-0592-4cbf-8f95-c79b17911d5f', 'Update Rollups', 'update-rollup'],
  ['b54e7d24-7add-428f-8b75-90a396fa584f', 'Feature Packs', 'feature-pack'],
  ['68c5b0a3-d1a6-4553-ae49-01d3a7827828', 'Service Packs', 'service-pack'],
  ['ebfc1fc5-71a4-4f7b-9aca-3b9a503104a0', 'Drivers', 'driver'],
  ['b4832bd8-e735-4761-8daf-37f882276dab', 'Tools', 'tool'],
  ['3689bdc8-b205-4af4-8d4a-a63924c5e9d5', 'Upgrades', 'os-upgrade'],
  ['cd5ffd1e-e932-4e3a-bf74-18bf0b1bbd83', 'Updates', 'bugfix'],
];

/** What the Windows Update Agent search found. */
export interface WindowsUpdateSearch {
  readonly updates: readonly AvailableUpdate[];
  /** The search ran but did not fully succeed (result code 3 to 5): the list may be incomplete. */
  readonly incomplete: boolean;
}

function parseJson<T>(text: string, schema: z.ZodType<T>, what: string): T {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new ParseError(`The ${what} is not JSON (it may have been cut off).`);
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success)
    throw new ParseError(`The ${what} does not have the fields Patchdeck's scan script writes.`);
  return parsed.data;
}

/** Parse the scan script's Windows Update search section. Throws ParseError when it is not that JSON. */
export function parseWindowsUpdateSearch(text: string): WindowsUpdateSearch {
  const result = parseJson(text, SearchResult, 'Windows Update search result');
  return { updates: result.updates.map(toAvailableUpdate), incomplete: result.resultCode !== 2 };
}

function toAvailableUpdate(update: PendingUpdate): AvailableUpdate {
  const kbs = update.kbArticleIds.map((id) => (/^KB/i.test(id) ? id.toUpperCase() : `KB${id}`));
  const classification = classify(update.categories);
  const severity = update.msrcSeverity.trim();
  const name = kbs[0] ?? update.title;
  return {
    name,
    installedVersion: null,
    // Definition and platform updates keep one KB and change the version in the title; others have only a revision.
    availableVersion: titleVersion(update.title) ?? `${kbs[0] ?? update.updateId}/${String(update.revision)}`,
    arch: null,
    origin: 'Windows Update',
    // MSRC rates only security fixes, so a severity means security even when the category says otherwise.
    security: classification === 'security' || severity !== '',
    classification,
    vendorSeverity: severity === '' ? null : severity,
    advisoryIds: [...new Set([...kbs, ...update.securityBulletinIds])],
    cves: update.cveIds,
    // InstallationRebootBehavior: 0 never reboots, 1 always requires a reboot, 2 can request one (unknown).
    rebootRequired: update.rebootBehavior === 1 ? true : update.rebootBehavior === 0 ? false : null,
    manager: 'hotfix',
  };
}

function classify(categories: readonly z.infer<typeof Category>[]): UpdateClassification {
  for (const [id, name, classification] of classifications) {
    if (categories.some((category) => category.id.toLowerCase() === id || category.name === name))
      return classification;
  }
  return 'other';
}

/** The version in an update's title ("… (Version 1.403.3002.0)"), which definition and platform updates carry. */
export function titleVersion(title: string): string | null {
  return /\(Version ([0-9][0-9.]*)\)/.exec(title)?.[1] ?? null;
}

function kbOf(text: string): string | null {
  const match = /\bKB(\d{6,8})\b/i.exec(text);
  return match ? `KB${match[1] ?? ''}` : null;
}

/**
 * Installed updates from Windows Update's history (successful installs not later uninstalled) and from Get-HotFix,
 * one entry per KB (manager `hotfix`). History covers what Get-HotFix misses (Defender, Office, .NET through
 * Windows Update); Get-HotFix covers what was installed outside Windows Update (a .msu run by hand). The version
 * is the one in the title when there is one (definition updates), otherwise the KB itself.
 * Throws ParseError when either section is not the JSON the scan script writes.
 */
export function parseInstalledUpdates(historyText: string, hotfixText: string): InstalledPackage[] {
  const history = parseJson(historyText, z.array(HistoryEntry), 'Windows Update history');
  const hotfixes = parseJson(hotfixText, z.array(Hotfix), 'Get-HotFix list');
  const installed = new Map<string, string>();
  const chronological = [...history].sort((a, b) => (a.date ?? '').localeCompare(b.date ?? ''));
  for (const entry of chronological) {
    const kb = kbOf(entry.title);
    // OperationResultCode 2 succeeded, 3 succeeded with errors; anything else did not change what is installed.
    if (kb === null || (entry.resultCode !== 2 && entry.resultCode !== 3)) continue;
    if (entry.operation === 1) installed.set(kb, titleVersion(entry.title) ?? kb);
    if (entry.operation === 2) installed.delete(kb);
  }
  for (const fix of hotfixes) {
    const kb = kbOf(fix.hotFixId);
    if (kb !== null && !installed.has(kb)) installed.set(kb, kb);
  }
  return [...installed].map(([name, version]) => ({
    name,
    version,
    arch: null,
    sourceName: null,
    sourceVersion: null,
    manager: 'hotfix' as const,
  }));
}

// HRESULTs a technician meets when Windows Update cannot be searched, said in words.
const knownFailures: Readonly<Record<string, string>> = {
  '8024402C': 'the update server name could not be resolved; check the proxy and DNS',
  '80072EE2': 'the connection to the update server timed out',
  '80072EFD': 'the update server could not be reached',
  '8024002E': 'access to an unmanaged update server is not allowed by policy',
};

/** A warning sentence for a failed Windows Update search, naming the HRESULT and what it usually means. */
export function describeSearchFailure(errorText: string): string {
  const hresult = /0x([0-9A-F]{8})/i.exec(errorText)?.[1]?.toUpperCase();
  const meaning = hresult === undefined ? undefined : knownFailures[hresult];
  const quoted =
    errorText
      .trim()
      .split('\n')[0]
      ?.replace(/^error:\s*/, '') ?? '';
  return hresult === undefined
    ? `The Windows Update search failed: ${quoted || 'no message'}.`
    : `The Windows Update search failed with 0x${hresult}${meaning === undefined ? '' : ` (${meaning})`}: ${quoted}.`;
}
