import type { InstalledPackage } from '../../../../shared/domain/inventory';
import type { PackageChange } from '../../../../shared/domain/scan';
import { formatDate } from '../../format';
import type { PrioritisedPatch } from '../../stores/inventory-store';
import { Badge } from '../../ui/badge';
import type { Column } from '../../ui/table';

/** "0.62" as "62 %": EPSS is a probability, read more easily as a percentage. */
export function formatEpss(epss: number | null): string {
  return epss === null ? '—' : `${(epss * 100).toFixed(epss < 0.01 ? 2 : 0)} %`;
}

/** Missing updates: colour and why, the package and its versions, CVEs, KEV, EPSS, due date. */
export const patchColumns: readonly Column<PrioritisedPatch>[] = [
  {
    key: 'colour',
    header: 'Priority',
    width: 'minmax(200px, 1.8fr)',
    render: ({ patch, priority }) => {
      const colour = priority?.colour ?? patch.severity;
      return (
        <span className="sla" title={priority?.reason}>
          <span className={colour ? `dot dot--${colour}` : 'dot'} aria-hidden="true" />
          <span className="reason">{priority?.reason ?? 'not rated: no feed knows this update'}</span>
        </span>
      );
    },
  },
  {
    key: 'package',
    header: 'Update',
    width: 'minmax(160px, 1.4fr)',
    render: ({ patch }) => (
      <span title={`${patch.installedVersion ?? '?'} → ${patch.availableVersion}`}>
        <strong className="cell-strong">{patch.name}</strong>{' '}
        <span className="cell-note cell-mono">{patch.availableVersion}</span>
      </span>
    ),
  },
  {
    key: 'cves',
    header: 'CVEs',
    width: 'minmax(140px, 1.2fr)',
    render: ({ patch, priority }) => {
      const cves = priority?.cves ?? patch.cves;
      return cves.length === 0 ? (
        <span className="cell-muted">none</span>
      ) : (
        <span className="cve-list" title={cves.join(', ')}>
          {cves.join(', ')}
        </span>
      );
    },
  },
  {
    key: 'kev',
    header: 'KEV',
    width: '72px',
    render: ({ patch, priority }) => ((priority?.kev ?? patch.kev) ? <Badge tone="danger">KEV</Badge> : null),
  },
  {
    key: 'epss',
    header: 'EPSS',
    width: '76px',
    align: 'end',
    render: ({ priority }) => <span className="cell-mono">{formatEpss(priority?.epss ?? null)}</span>,
  },
  {
    key: 'due',
    header: 'Due',
    width: '176px',
    render: ({ patch, priority }) => {
      const due = priority?.dueAt ?? patch.dueAt;
      if (!due) return <span className="cell-muted">no deadline</span>;
      return priority?.overdue ? (
        <span className="overdue">overdue {formatDate(due)}</span>
      ) : (
        <span>{formatDate(due)}</span>
      );
    },
  },
];

/** Installed packages: name, version, architecture, where it comes from. */
export const packageColumns: readonly Column<InstalledPackage>[] = [
  {
    key: 'name',
    header: 'Package',
    width: 'minmax(200px, 2fr)',
    render: (pkg) => <strong className="cell-strong">{pkg.name}</strong>,
  },
  {
    key: 'version',
    header: 'Version',
    width: 'minmax(160px, 1.5fr)',
    render: (pkg) => <span className="cell-mono">{pkg.version}</span>,
  },
  {
    key: 'arch',
    header: 'Arch',
    width: '90px',
    render: (pkg) => <span className="cell-muted">{pkg.arch ?? '—'}</span>,
  },
  { key: 'manager', header: 'Source', width: '140px', render: (pkg) => <Badge>{pkg.manager}</Badge> },
];

/** What a change did, in words: installed, removed, or from → to. */
function describeChange(change: PackageChange): string {
  if (change.fromVersion === null) return `installed ${change.toVersion ?? ''}`;
  if (change.toVersion === null) return `removed (was ${change.fromVersion})`;
  return `${change.fromVersion} → ${change.toVersion}`;
}

/** Package history: when a scan saw it, which package, what changed. */
export const changeColumns: readonly Column<PackageChange>[] = [
  { key: 'at', header: 'Seen', width: '176px', render: (change) => <span>{formatDate(change.at)}</span> },
  {
    key: 'name',
    header: 'Package',
    width: 'minmax(200px, 1.5fr)',
    render: (change) => <strong className="cell-strong">{change.name}</strong>,
  },
  {
    key: 'change',
    header: 'Change',
    width: 'minmax(240px, 2fr)',
    render: (change) => <span className="cell-mono">{describeChange(change)}</span>,
  },
  { key: 'manager', header: 'Source', width: '140px', render: (change) => <Badge>{change.manager}</Badge> },
];
