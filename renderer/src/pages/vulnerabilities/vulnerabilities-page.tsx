import { useEffect, useMemo, useState } from 'react';
import { Bug, ShieldCheck } from 'lucide-react';
import { formatCount } from '../../format';
import { useVulnerabilitiesStore, type FleetVulnerability } from '../../stores/vulnerabilities-store';
import { Badge } from '../../ui/badge';
import { Button } from '../../ui/button';
import { Dialog } from '../../ui/dialog';
import { EmptyState } from '../../ui/empty-state';
import { PageHeader } from '../../ui/page-header';
import { Table, type Column } from '../../ui/table';
import { SearchBox, Toolbar, ToolbarCount } from '../../ui/toolbar';
import { LoadFailure } from '../../ui/load-failure';

const columns: readonly Column<FleetVulnerability>[] = [
  {
    key: 'id',
    header: 'Vulnerability',
    width: 'minmax(160px, 1.2fr)',
    render: (vulnerability) => (
      <span title={`Advisories: ${vulnerability.advisories.join(', ')}`}>
        <strong className="cell-strong">{vulnerability.id}</strong>
      </span>
    ),
  },
  {
    key: 'kev',
    header: 'KEV',
    width: '76px',
    render: (vulnerability) => (vulnerability.kev ? <Badge tone="danger">KEV</Badge> : null),
  },
  {
    key: 'cvss',
    header: 'CVSS',
    width: '76px',
    align: 'end',
    render: (vulnerability) => <span className="cell-mono">{vulnerability.cvss?.toFixed(1) ?? '—'}</span>,
  },
  {
    key: 'packages',
    header: 'Packages',
    width: 'minmax(140px, 1.2fr)',
    render: (vulnerability) => <span className="cell-mono">{vulnerability.packages.join(', ')}</span>,
  },
  {
    key: 'devices',
    header: 'Devices',
    width: '80px',
    align: 'end',
    render: (vulnerability) => formatCount(vulnerability.devices),
  },
  {
    key: 'fix',
    header: 'Fix',
    width: 'minmax(150px, 1.2fr)',
    render: (vulnerability) =>
      vulnerability.unfixed === 0 ? (
        <Badge tone="success">update offered</Badge>
      ) : vulnerability.unfixed === vulnerability.findings.length ? (
        <Badge tone="warning">no fix offered yet</Badge>
      ) : (
        <Badge tone="warning">{vulnerability.unfixed} without a fix</Badge>
      ),
  },
];

/** Which devices one vulnerability is on, and which update fixes it on each. */
function AffectedDevices({
  vulnerability,
  onClose,
}: {
  readonly vulnerability: FleetVulnerability | null;
  readonly onClose: () => void;
}) {
  return (
    <Dialog
      open={vulnerability !== null}
      title={
        vulnerability
          ? `${vulnerability.id} on ${vulnerability.devices} ${vulnerability.devices === 1 ? 'device' : 'devices'}`
          : ''
      }
      description={
        vulnerability
          ? `${vulnerability.advisories.length === 1 ? 'Advisory' : 'Advisories'} ${vulnerability.advisories.join(', ')}`
          : undefined
      }
      placement="side"
      onClose={onClose}
      footer={<Button onClick={onClose}>Close</Button>}
    >
      <table className="plain-table" aria-label="Affected devices">
        <thead>
          <tr>
            <th>Device</th>
            <th>Installed</th>
            <th>Fix</th>
          </tr>
        </thead>
        <tbody>
          {vulnerability?.findings.map((finding) => (
            <tr key={`${finding.deviceId}-${finding.advisory}-${finding.package}`}>
              <td>
                <a href={`#/devices/${finding.deviceId}`}>{finding.device}</a>
              </td>
              <td className="mono">
                {finding.package} {finding.installedVersion}
              </td>
              <td>
                {finding.fixedBy && finding.fixedVersion ? (
                  <span className="mono">update to {finding.fixedVersion}</span>
                ) : finding.fixedBy ? (
                  <span>update {finding.fixedBy} offered</span>
                ) : (
                  <span className="cell-muted">
                    {finding.fixedVersion
                      ? `fixed in ${finding.fixedVersion}, not offered yet`
                      : 'no fix yet'}
                  </span>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </Dialog>
  );
}

/**
 * An empty list is good news when OSV advisories were there to match against, and a to-do when none are: the two
 * read differently, and only the to-do offers the way to the feeds.
 */
function NoVulnerabilities({ osvAdvisories }: { readonly osvAdvisories: number | null }) {
  if (osvAdvisories !== null && osvAdvisories > 0) {
    return (
      <EmptyState icon={ShieldCheck} title="No known vulnerabilities">
        {formatCount(osvAdvisories)} OSV {osvAdvisories === 1 ? 'advisory' : 'advisories'} imported: no
        package on the scanned Linux devices matches {osvAdvisories === 1 ? 'it' : 'any of them'}. Each new
        scan and each newer feed is checked again.
      </EmptyState>
    );
  }
  return (
    <EmptyState
      icon={Bug}
      title="No known vulnerabilities"
      action={
        <Button variant="primary" onClick={() => (window.location.hash = '#/settings')}>
          Import feeds
        </Button>
      }
    >
      Vulnerabilities appear when an imported OSV feed matches what scanned Linux devices have installed.{' '}
      {osvAdvisories === 0 ? 'No OSV feed is imported yet: import' : 'Import'} the feeds in Settings, then
      scan.
    </EmptyState>
  );
}

/** The fleet's vulnerabilities by CVE: which devices have each, and which update fixes it. */
export function VulnerabilitiesPage() {
  const vulnerabilities = useVulnerabilitiesStore((state) => state.vulnerabilities);
  const status = useVulnerabilitiesStore((state) => state.status);
  const error = useVulnerabilitiesStore((state) => state.error);
  const load = useVulnerabilitiesStore((state) => state.load);
  const osvAdvisories = useVulnerabilitiesStore((state) => state.osvAdvisories);
  const [search, setSearch] = useState('');
  const [open, setOpen] = useState<FleetVulnerability | null>(null);

  useEffect(() => void load(), [load]);

  const shown = useMemo(() => {
    const needle = search.trim().toLowerCase();
    if (needle === '') return vulnerabilities;
    return vulnerabilities.filter(
      (vulnerability) =>
        vulnerability.id.toLowerCase().includes(needle) ||
        vulnerability.advisories.some((advisory) => advisory.toLowerCase().includes(needle)) ||
        vulnerability.packages.some((name) => name.toLowerCase().includes(needle)) ||
        vulnerability.findings.some((finding) => finding.device.toLowerCase().includes(needle)),
    );
  }, [vulnerabilities, search]);

  let body;
  if (status === 'failed') body = <LoadFailure what="the vulnerabilities" reason={error} onRetry={load} />;
  else if (status === 'ready' && vulnerabilities.length === 0)
    body = <NoVulnerabilities osvAdvisories={osvAdvisories} />;
  else
    body = (
      <>
        <Toolbar end={<ToolbarCount count={shown.length} noun="vulnerability" plural="vulnerabilities" />}>
          <SearchBox
            label="Search vulnerabilities"
            placeholder="Search CVE, package or device"
            value={search}
            onChange={setSearch}
          />
        </Toolbar>
        <Table
          label="Vulnerabilities"
          rows={shown}
          columns={columns}
          rowKey={(vulnerability) => vulnerability.id}
          onRowClick={setOpen}
          emptyMessage={`No vulnerability matches '${search.trim()}'.`}
        />
      </>
    );

  return (
    <div className="page">
      <PageHeader
        title="Vulnerabilities"
        description="Known vulnerabilities across the fleet, by CVE: where they are and what fixes them."
      />
      {body}
      <AffectedDevices vulnerability={open} onClose={() => setOpen(null)} />
    </div>
  );
}
