import { useState } from 'react';
import { CalendarX } from 'lucide-react';
import type { PlannedDeployment } from '../../../../shared/domain/jobs';
import { assertNever } from '../../../../shared/errors';
import { formatCountOf, localTimeZone } from '../../format';
import { useJobsStore } from '../../stores/jobs-store';
import { Badge } from '../../ui/badge';
import { Button } from '../../ui/button';
import { ConfirmDialog } from '../../ui/confirm-dialog';
import { Table, type Column } from '../../ui/table';

// Two lines per row: the time and its zone, the devices and what they get.
const ROW_PX = 56;
// The header row plus the table's borders.
const HEAD_PX = 40;

const formats = new Map<string, Intl.DateTimeFormat>();
/** "Sat 21 Nov, 22:00" in `zone` (24-hour: the table is narrow); `timeOnly`: "22:00". */
function inZone(iso: string, zone: string, timeOnly = false): string {
  const key = `${zone} ${timeOnly}`;
  let format = formats.get(key);
  if (!format) {
    format = new Intl.DateTimeFormat(undefined, {
      ...(timeOnly ? {} : { weekday: 'short', day: 'numeric', month: 'short' }),
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
      timeZone: zone,
    });
    formats.set(key, format);
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
      header: 'Starts, client time',
      width: 'minmax(210px, 1.3fr)',
      render: (row) => (
        <span className="cell-stack">
          <span className="cell-strong">{inZone(row.windowStart, row.timeZone)}</span>
          <span className="cell-muted">
            {row.timeZone} · until {inZone(row.windowEnd, row.timeZone, true)}
          </span>
        </span>
      ),
    },
    {
      key: 'your-time',
      header: 'Your time',
      width: 'minmax(150px, 1fr)',
      render: (row) => (
        <span className="cell-stack">
          <span>{inZone(row.windowStart, yours)}</span>
          <span className="cell-muted">{yours}</span>
        </span>
      ),
    },
    {
      key: 'what',
      header: 'Devices and updates',
      width: 'minmax(200px, 2fr)',
      render: (row) => {
        const names = row.devices.map((device) => device.device).join(', ');
        return (
          <span className="cell-stack" title={names}>
            <span>{row.devices.length === 1 ? names : `${row.devices.length} devices: ${names}`}</span>
            <span className="cell-muted">
              {whatOf(row)} · {row.policy ?? 'window picked by hand'}
            </span>
          </span>
        );
      },
    },
    {
      key: 'status',
      header: 'Status',
      width: '110px',
      render: (row) => <StatusCell planned={row} />,
    },
    {
      key: 'actions',
      header: '',
      width: '128px',
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
            ? `It will not start on ${formatCountOf(cancelling.devices.length, 'device')} when the window opens ${inZone(cancelling.windowStart, yours)} (your time).`
            : ''
        }
        confirmLabel="Cancel planned deployment"
        onConfirm={() => (cancelling ? unplan(cancelling.id) : Promise.resolve(null))}
        onClose={() => setCancelling(null)}
      />
    </section>
  );
}
