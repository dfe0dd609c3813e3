import { useEffect, useState } from 'react';
import { Download } from 'lucide-react';
import { formatAgo, formatCount, formatDate } from '../../format';
import { useFeedsStore } from '../../stores/feeds-store';
import { Button } from '../../ui/button';
import { TextField } from '../../ui/text-field';

/** Paths as typed: one per line or separated by commas, blanks ignored. */
export function pathsFrom(text: string): string[] {
  return text
    .split(/[\n,]/)
    .map((part) => part.trim())
    .filter((part) => part !== '');
}

/** Import OSV, CISA KEV and EPSS files by path, and what the database holds of each feed. */
export function FeedsSection() {
  const feeds = useFeedsStore((state) => state.feeds);
  const importing = useFeedsStore((state) => state.importing);
  const load = useFeedsStore((state) => state.load);
  const importFiles = useFeedsStore((state) => state.importFiles);
  const [paths, setPaths] = useState('');
  const [error, setError] = useState<string | undefined>(undefined);

  useEffect(() => void load(), [load]);

  const submit = async () => {
    const list = pathsFrom(paths);
    if (list.length === 0) {
      setError('Type the path of at least one feed file.');
      return;
    }
    const refusal = await importFiles(list);
    setError(refusal ?? undefined);
    if (refusal === null) setPaths('');
  };

  return (
    <section className="card" aria-labelledby="feeds-title">
      <h2 className="card__title" id="feeds-title">
        Vulnerability feeds
      </h2>
      <form
        className="stack"
        onSubmit={(event) => {
          event.preventDefault();
          void submit();
        }}
      >
        <TextField
          label="Feed files"
          placeholder="/home/me/feeds/osv-debian.zip, /home/me/feeds/known_exploited_vulnerabilities.json"
          value={paths}
          onChange={(value) => (setPaths(value), setError(undefined))}
          error={error}
          hint="OSV zip or JSON, CISA KEV JSON, EPSS CSV (.gz); several separated by commas. All are imported or none."
        />
        <div>
          <Button type="submit" variant="primary" icon={Download} busy={importing}>
            Import
          </Button>
        </div>
      </form>
      {importing ? (
        <p className="setting__hint" role="status">
          Importing and checking every record…
        </p>
      ) : null}
      {feeds.length === 0 ? (
        <p className="widget__empty">
          No feeds imported yet: without them missing updates have no CVE colours.
        </p>
      ) : (
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
      )}
    </section>
  );
}
