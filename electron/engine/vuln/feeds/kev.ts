import { feedProblem } from './feed-problem';

/** One entry of the CISA Known Exploited Vulnerabilities catalog. */
export interface KevEntry {
  readonly cve: string;
  readonly vendor: string;
  readonly product: string;
  readonly name: string;
  readonly dateAdded: string;
  readonly dueDate: string | null;
  readonly ransomware: string | null;
}

export interface KevCatalog {
  readonly catalogVersion: string | null;
  readonly dateReleased: string | null;
  readonly entries: KevEntry[];
}

const cvePattern = /^CVE-\d{4}-\d{4,}$/;

/** Is this JSON document the KEV catalog (rather than an OSV record)? */
export function looksLikeKev(document: unknown): boolean {
  return (
    typeof document === 'object' &&
    document !== null &&
    !Array.isArray(document) &&
    Array.isArray((document as Record<string, unknown>).vulnerabilities) &&
    ('catalogVersion' in document || 'dateReleased' in document)
  );
}

/**
 * Reads the KEV catalog as CISA publishes it (known_exploited_vulnerabilities.json). The catalog states its own
 * count: a list shorter than that is a cut-off file and refused.
 */
export function readKevCatalog(file: string, document: unknown): KevCatalog {
  if (!looksLikeKev(document))
    throw feedProblem(file, 'it is not the CISA KEV catalog (no "vulnerabilities" list)');
  const catalog = document as Record<string, unknown>;
  const list = catalog.vulnerabilities as unknown[];
  const entries: KevEntry[] = list.map((item, index) => {
    const entry = (typeof item === 'object' && item !== null ? item : {}) as Record<string, unknown>;
    const text = (field: string) => (typeof entry[field] === 'string' ? (entry[field] as string) : null);
    const cve = text('cveID');
    if (cve === null || !cvePattern.test(cve))
      throw feedProblem(
        file,
        `KEV entry ${index + 1} has no valid cveID (${JSON.stringify(entry.cveID ?? null)})`,
      );
    const dateAdded = text('dateAdded');
    if (dateAdded === null || !/^\d{4}-\d{2}-\d{2}$/.test(dateAdded))
      throw feedProblem(file, `KEV entry ${index + 1} (${cve}) has no valid dateAdded`);
    return {
      cve,
      vendor: text('vendorProject') ?? '',
      product: text('product') ?? '',
      name: text('vulnerabilityName') ?? '',
      dateAdded,
      dueDate: text('dueDate'),
      ransomware: text('knownRansomwareCampaignUse'),
    };
  });
  if (typeof catalog.count === 'number' && catalog.count !== entries.length) {
    throw feedProblem(
      file,
      `the catalog says it lists ${catalog.count} vulnerabilities but holds ${entries.length} (incomplete file)`,
    );
  }
  if (entries.length === 0) throw feedProblem(file, 'the KEV catalog lists no vulnerabilities');
  return {
    catalogVersion: typeof catalog.catalogVersion === 'string' ? catalog.catalogVersion : null,
    dateReleased: typeof catalog.dateReleased === 'string' ? catalog.dateReleased : null,
    entries,
  };
}
