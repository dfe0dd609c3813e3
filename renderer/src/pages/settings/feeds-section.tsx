import { useEffect, useState } from 'react';
import { Download } from 'lucide-react';
import type { FeedSource } from '../../../../shared/domain/vulnerabilities';
import { formatAgo, formatCount, formatDate } from '../../format';
import { useFeedsStore, type FeedRefusal } from '../../stores/feeds-store';
import { Button } from '../../ui/button';
import { FormError } from '../../ui/form-error';

const sourceNames: Readonly<Record<FeedSource, string>> = { osv: 'OSV', kev: 'CISA KEV', epss: 'EPSS' };

/** Import OSV, CISA KEV and EPSS files picked in main's open dialog, and what the database holds of each feed. */
export function FeedsSection() {
  const feeds = useFeedsStore((state) => state.feeds);
  const importing = useFeedsStore((state) => state.importing);
  const lastImport = useFeedsStore((state) => state.lastImport);
  const load = useFeedsStore((state) => state.load);
  const importFiles = useFeedsStore((state) => state.importFiles);
  const [refusal, setRefusal] = useState<FeedRefusal | null>(null);

  useEffect(() => void load(), [load]);

  const choose = async (options?: { readonly allowOlder: true }) => {
    setRefusal(null);
    setRefusal(await importFiles(options));
  };

  return (
    <section className="card" aria-labelledby="feeds-title">
      <h2 className="card__title" id="feeds-title">
        Vulnerability feeds
      </h2>
      <div className="stack">
        <p className="setting__hint">
          OSV zip or JSON, CISA KEV JSON, EPSS CSV (or .csv.gz). Pick several at once: all are imported or
          none.
        </p>
        <div>
          <Button variant="primary" icon={Download} busy={importing} onClick={() => void choose()}>
            Choose feed files…
          </Button>
        </div>
        {importing ? (
          <p className="setting__hint" role="status">
            Importing and checking every record…
          </p>
        ) : null}
        <FormError message={refusal?.message} />
        {refusal?.olderData ? (
          <>
            <p className="setting__hint">
              To go back to the older data on purpose, pick the same files again: they replace the newer feed.
            </p>
            <div>
              <Button variant="danger" busy={importing} onClick={() => void choose({ allowOlder: true })}>
                Import older data anyway…
              </Button>
            </div>
          </>
        ) : null}
        {lastImport ? (
          <>
            <p className="setting__hint">The last import, file by file:</p>
            <table className="plain-table" aria-label="Imported files">
              <thead>
                <tr>
                  <th>Imported file</th>
                  <th>Source</th>
                  <th>Feeds replaced</th>
                  <th className="num">Records</th>
                </tr>
              </thead>
              <tbody>
                {lastImport.map((file, index) => (
                  <tr key={`${index}-${file.file}`}>
                    <td className="mono">{file.file}</td>
                    <td>{sourceNames[file.source]}</td>
                    <td>{file.feeds.map((feed) => feed.feed).join(', ')}</td>
                    <td className="num">
                      {formatCount(file.feeds.reduce((sum, feed) => sum + feed.records, 0))}
                      {file.skippedRanges > 0 ? (
                        <span className="cell-muted"> ({file.skippedRanges} ranges skipped)</span>
                      ) : null}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </>
        ) : null}
      </div>
      {feeds.length === 0 ? (
        <p className="widget__empty">
          No feeds imported yet: without them missing updates have no CVE colours.
        </p>
      ) : (
        <>
          <p className="setting__hint">What the database holds, feed by feed:</p>
          <table className="plain-table" aria-label="Feed status">
            <thead>
              <tr>
                <th>Feed</th>
                <th>File</th>
                <th className="num">Records</th>
                <th>Data from</th>
                <th>Imported</th>
              </tr>
            </thead>
            <tbody>
              {feeds.map((feed) => (
                <tr key={feed.feed}>
                  <td>{feed.feed}</td>
                  <td className="mono">{feed.fileName}</td>
                  <td className="num">
                    {formatCount(feed.recordCount)}
                    {feed.skippedCount > 0 ? (
                      <span className="cell-muted"> ({feed.skippedCount} skipped)</span>
                    ) : null}
                  </td>
                  <td>{feed.dataDate ? formatDate(feed.dataDate) : '—'}</td>
                  <td>{formatAgo(feed.importedAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </section>
  );
}
