import type { FeedStatus } from '../../../../shared/domain/vulnerabilities';
import { AppError, assertNever } from '../../../../shared/errors';
import type { FeedFile } from './read-feed-file';

/** The feeds a file replaces whole, each with the date of its data (as feed status records it). */
function replacedFeeds(file: FeedFile): { feed: string; dataDate: string | null }[] {
  switch (file.kind) {
    case 'osv': {
      // Single records only add to a feed (and never make its date older): only a whole export replaces one.
      if (!file.wholeFeed) return [];
      const newest = new Map<string, string | null>();
      for (const advisory of file.records.advisories) {
        const known = newest.get(advisory.feed) ?? null;
        const modified = advisory.modified;
        newest.set(
          advisory.feed,
          modified !== null && (known === null || modified > known) ? modified : known,
        );
      }
      return [...newest].map(([feed, dataDate]) => ({ feed, dataDate }));
    }
    case 'kev':
      return [{ feed: 'kev', dataDate: file.catalog.dateReleased ?? file.catalog.catalogVersion }];
    case 'epss':
      return [{ feed: 'epss', dataDate: file.scores.scoreDate }];
    default:
      return assertNever(file, 'feed file');
  }
}

/** An ISO 8601 date or instant as milliseconds; null for anything else (KEV's "2025.08.25" catalog version). */
function instantOf(text: string | null): number | null {
  if (text === null || !/^\d{4}-\d{2}-\d{2}/.test(text)) return null;
  const ms = Date.parse(text);
  return Number.isNaN(ms) ? null : ms;
}

function describeFeed(feed: string): string {
  if (feed === 'kev') return 'CISA KEV catalog';
  if (feed === 'epss') return 'EPSS scores';
  return `${feed.replace(/^osv:/, '')} OSV advisories`;
}

/**
 * Refuses a file whose data is older than what the database holds of the same feed: importing it would replace
 * the newer catalog whole and silently drop what was added since (a CVE that joined KEV last week would turn its
 * update from red back to yellow). A date either side cannot read is not compared: nothing to go by.
 */
export function refuseOlderData(file: FeedFile, stored: readonly FeedStatus[]): void {
  for (const { feed, dataDate } of replacedFeeds(file)) {
    const current = stored.find((status) => status.feed === feed);
    const incoming = instantOf(dataDate);
    const held = instantOf(current?.dataDate ?? null);
    if (current === undefined || incoming === null || held === null || incoming >= held) continue;
    // Marked with the request field that lifts the refusal: the console offers to import anyway, the CLI names
    // its --allow-older.
    throw new AppError(
      'invalid-input',
      `Cannot import ${file.fileName}: its data is from ${dataDate}, older than the ${describeFeed(feed)} ` +
        `already imported (${current.dataDate}, from ${current.fileName}); import a newer file, or import this ` +
        'one anyway to go back to it on purpose.',
      'allowOlder',
    );
  }
}
