/** A feed's public address, for machines that are online. */
export interface FeedDownload {
  readonly url: string;
  /** The file name the import records as the feed's source. */
  readonly fileName: string;
}

/** Fetches a URL's bytes; the default is Node's fetch. Tests never call it: Patchdeck's tests have no network. */
export type FetchBytes = (url: string) => Promise<Buffer>;

/**
 * The public addresses of the feeds: osv.dev's per-ecosystem exports (ecosystem names as osv.dev spells them:
 * "Debian", "Ubuntu", "Alpine", "Rocky Linux", "AlmaLinux", "Red Hat"), CISA's KEV catalog and FIRST's EPSS.
 */
export function feedDownloads(osvEcosystems: readonly string[]): FeedDownload[] {
  return [
    ...osvEcosystems.map((ecosystem) => ({
      url: `https://osv-vulnerabilities.storage.googleapis.com/${encodeURIComponent(ecosystem)}/all.zip`,
      fileName: `${ecosystem} all.zip`,
    })),
    {
      url: 'https://www.cisa.gov/sites/default/files/feeds/known_exploited_vulnerabilities.json',
      fileName: 'known_exploited_vulnerabilities.json',
    },
    {
      url: 'https://epss.empiricalsecurity.com/epss_scores-current.csv.gz',
      fileName: 'epss_scores-current.csv.gz',
    },
  ];
}

/** Node's fetch, refusing anything but a complete 200 answer. */
export const fetchBytes: FetchBytes = async (url) => {
  const response = await fetch(url, { redirect: 'follow', signal: AbortSignal.timeout(300_000) });
  if (!response.ok) throw new Error(`${url} answered ${response.status} ${response.statusText}`);
  return Buffer.from(await response.arrayBuffer());
};
