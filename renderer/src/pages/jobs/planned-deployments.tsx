import { useState } from 'react';
import { CalendarX } from 'lucide-react';
import type { PlannedDeployment } from '../../../../shared/domain/jobs';
import { assertNever } from '../../../../shared/errors';
import { localTimeZone } from '../../format';
import { useJobsStore } from '../../stores/jobs-store';
import { Badge } from '../../ui/badge';
import { Button } from '../../ui/button';
import { ConfirmDialog } from '../../ui/confirm-dialog';
import { Table, type Column } from '../../ui/table';

const ROW_PX = 44;
// The header row plus the table's borders.
const HEAD_PX = 47;

const formats = new Map<string, Intl.DateTimeFormat>();
/** "Sat 21 Nov, 22:00" in `zone`. */
function inZone(iso: string, zone: string): string {
  let format = formats.get(zone);
  if (!format) {
    format = new Intl.DateTimeFormat(undefined, {
      weekday: 'short',
      day: 'numeric',
      month: 'short',
      hour: '2-digit',
      minute: '2-digit',
      timeZone: zone,
    });
    formats.set(zone, format);
  }
  return format.format(new Date(iso));
}

function whatOf(planned: PlannedDeployment): string {
  const selection = planned.selection;
  switch (selection.kind) {
    case 'all-security':
      return 'Security updates';
    case 'all':
      return 'All updates';
    case 'packages':
      return selection.packages.join(', ');
    case 'per-device':
      return 'Approved updates per device';
    default:
      return assertNever(selection, 'patch selection');
  }
}

function StatusCell({ planned }: { readonly planned: PlannedDeployment }) {
  if (planned.status === 'cancelled') return <Badge tone="neutral">cancelled</Badge>;
  if (planned.status === 'started')
    return (
      <span>
        <Badge tone="info">started</Badge>{' '}
        {planned.jobId === null ? null : <span className="cell-muted">job #{planned.jobId}</span>}
        {planned.error ? <span className="job-failed-count"> {planned.error}</span> : null}
      </span>
    );
  return planned.missed ? (
    <span title="Its window closed while Patchdeck was not running; it does not start late. Cancel it and plan again.">
      <Badge tone="warning">missed</Badge>
    </span>
  ) : (
    <Badge tone="accent">planned</Badge>
  );
}

/** One-off deployments waiting for their maintenance window: when they start, in the client's zone and yours. */
export function PlannedDeployments() {
  const planned = useJobsStore((state) => state.planned);
  const unplan = useJobsStore((state) => state.unplan);
  const open = useJobsStore((state) => state.open);
  const [cancelling, setCancelling] = useState<PlannedDeployment | null>(null);
  const yours = localTimeZone();

  const columns: readonly Column<PlannedDeployment>[] = [
    {
      key: 'client-time',
      header: "Starts (client's time)",
      width: 'minmax(200px, 1.3fr)',
      render: (row) => (
        <span>
          <span className="cell-strong">{inZone(row.windowStart, row.timeZone)}</span>{' '}
          <span className="cell-muted">{row.timeZone}</span>
        </span>
      ),
    },
    {
      key: 'your-time',
      header: 'Your time',
      width: 'minmax(170px, 1fr)',
      render: (row) => (
        <span>
          {inZone(row.windowStart, yours)} <span className="cell-muted">{yours}</span>
        </span>
      ),
    },
    {
      key: 'window',
      header: 'Window',
      width: 'minmax(150px, 1fr)',
      render: (row) => (
        <span>
          until {inZone(row.windowEnd, row.timeZone).replace(/^.*?, /, '')}
          <span className="cell-muted"> · {row.policy ?? 'picked by hand'}</span>
        </span>
      ),
    },
    {
      key: 'devices',
      header: 'Devices',
      width: 'minmax(160px, 1.2fr)',
      render: (row) => (
        <span title={row.devices.map((device) => device.device).join(', ')}>
          {row.devices.length === 1
            ? row.devices[0]?.device
            : `${row.devices.length} devices: ${row.devices.map((device) => device.device).join(', ')}`}
        </span>
      ),
    },
    {
      key: 'what',
      header: 'Updates',
      width: 'minmax(140px, 1fr)',
      render: (row) => <span className="cell-mono">{whatOf(row)}</span>,
    },
    {
      key: 'status',
      header: 'Status',
      width: 'minmax(130px, 0.8fr)',
      render: (row) => <StatusCell planned={row} />,
    },
    {
      key: 'actions',
      header: '',
      width: '120px',
      align: 'end',
      render: (row) =>
        row.status === 'planned' ? (
          <Button icon={CalendarX} onClick={() => setCancelling(row)}>
            Cancel
          </Button>
        ) : row.jobId !== null ? (
          <Button onClick={() => void open(row.jobId)}>Open job</Button>
        ) : null,
    },
  ];

  if (planned.length === 0) return null;
  return (
    <section className="planned-deployments" aria-label="Planned deployments">
      <h2 className="section-title">Planned deployments</h2>
      {/* Tall enough for four rows; more scroll inside, so the job list keeps its room. */}
      <div
        className="planned-deployments__table"
        style={{ height: HEAD_PX + ROW_PX * Math.min(planned.length, 4) }}
      >
        <Table
          label="Planned deployments"
          rows={planned}
          columns={columns}
          rowKey={(row) => row.id}
          rowHeight={ROW_PX}
        />
      </div>
      <ConfirmDialog
        open={cancelling !== null}
        title="Cancel this planned deployment?"
        message={
          cancelling
            ? `It will not start on ${cancelling.devices.length} device${cancelling.devices.length === 1 ? '' : 's'} when the window opens ${inZone(cancelling.windowStart, yours)} (your time).`
            : ''
        }
        confirmLabel="Cancel planned deployment"
        onConfirm={() => (cancelling ? unplan(cancelling.id) : Promise.resolve(null))}
        onClose={() => setCancelling(null)}
      />
    </section>
  );
}
