import { z } from 'zod';
import { SlaColour } from './fleet';

export const FeedSource = z.enum(['osv', 'kev', 'epss']);
export type FeedSource = z.infer<typeof FeedSource>;

/** What the database holds of one feed ('osv:Debian', 'kev', 'epss'). */
export const FeedStatus = z.object({
  feed: z.string(),
  source: FeedSource,
  fileName: z.string(),
  recordCount: z.number().int(),
  /** Affected ranges left out because their versions were malformed (OSV only). */
  skippedCount: z.number().int(),
  importedAt: z.string(),
  /** When the data was published: KEV dateReleased, EPSS score_date, the newest OSV `modified`. */
  dataDate: z.string().nullable(),
});
export type FeedStatus = z.infer<typeof FeedStatus>;

/** One imported file: which feeds it replaced and with how many records. */
export const FeedImportResult = z.object({
  file: z.string(),
  source: FeedSource,
  feeds: z.array(z.object({ feed: z.string(), records: z.number().int() })),
  skippedRanges: z.number().int(),
});
export type FeedImportResult = z.infer<typeof FeedImportResult>;

export const FeedImportRequest = z.object({
  /** Files on the technician's machine; all are imported or none. */
  paths: z.array(z.string().min(1)).min(1, { error: 'Choose at least one feed file.' }).max(100),
  /** Replace a feed even with older data (going back on purpose); without it such a file is refused. */
  allowOlder: z.boolean().optional(),
});

/** Why a missing update has its colour, and by when it is due. */
export const PatchPriority = z.object({
  colour: SlaColour.nullable(),
  /** One sentence: "red: CVE-2024-3094 is in CISA KEV". */
  reason: z.string(),
  cves: z.array(z.string()),
  kev: z.boolean(),
  /** Highest EPSS score among its CVEs. */
  epss: z.number().nullable(),
  /** Highest CVSS v3 base score among the advisories it fixes. */
  cvss: z.number().nullable(),
  dueAt: z.string().nullable(),
  overdue: z.boolean(),
});
export type PatchPriority = z.infer<typeof PatchPriority>;

/** A vulnerability on a device: which advisory, which package, and which update (if any) fixes it. */
export const VulnerabilityFinding = z.object({
  deviceId: z.number().int(),
  device: z.string(),
  advisory: z.string(),
  cves: z.array(z.string()),
  package: z.string(),
  installedVersion: z.string(),
  /** The version that fixes it; null when there is no fix yet. */
  fixedVersion: z.string().nullable(),
  /** The available update that brings the fix, when the device is offered one. */
  fixedBy: z.string().nullable(),
  kev: z.boolean(),
  cvss: z.number().nullable(),
});
export type VulnerabilityFinding = z.infer<typeof VulnerabilityFinding>;

export const VulnerabilityFilter = z.object({
  deviceId: z.number().int().positive().optional(),
  clientId: z.number().int().positive().optional(),
  /** Only vulnerabilities with no fixed version yet. */
  unfixedOnly: z.boolean().optional(),
});
export type VulnerabilityFilter = z.infer<typeof VulnerabilityFilter>;
