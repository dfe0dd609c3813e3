import { useEffect, useMemo, useState } from 'react';
import { ListChecks, Rocket } from 'lucide-react';
import { deviceFailed } from '../../../../shared/domain/device-failed';
import type { JobView } from '../../../../shared/domain/jobs';
import { formatCountOf } from '../../format';
import { useJobsStore } from '../../stores/jobs-store';
import { Button } from '../../ui/button';
import { EmptyState } from '../../ui/empty-state';
import { PageHeader } from '../../ui/page-header';
import { Table, type Column } from '../../ui/table';
import { SearchBox, Toolbar, ToolbarCount } from '../../ui/toolbar';
import { DeployWizard } from './deploy-wizard';
import { JobStatusBadge } from './job-status';
import { JobViewDialog, formatInstant } from './job-view';
import { PlannedDeployments } from './planned-deployments';
import { LoadFailure } from '../../ui/load-failure';

const columns: readonly Column<JobView>[] = [
  {
    key: 'job',
    header: 'Job',
    width: '72px',
    render: (job) => <span className="cell-strong">#{job.job}</span>,
  },
  {
    key: 'status',
    header: 'Status',
    width: '110px',
    render: (job) => <JobStatusBadge status={job.status} />,
  },
  {
    key: 'kind',
    header: 'Kind',
    width: 'minmax(140px, 1fr)',
    render: (job) => (job.kind === 'rollback' ? `Roll back of #${job.rollbackOf ?? '?'}` : 'Deployment'),
  },
  {
    key: 'devices',
    header: 'Devices',
    width: 'minmax(220px, 2fr)',
    render: (job) => {
      const failed = job.devices.filter((device) => deviceFailed(device.status)).length;
      return (
        <span>
          {formatCountOf(job.devices.length, 'device')}
          {failed > 0 ? <span className="cell-note job-failed-count">{failed} failed</span> : null}
        </span>
      );
    },
  },
  {
    key: 'started',
    header: 'Started',
    width: 'minmax(160px, 1fr)',
    render: (job) => formatInstant(job.createdAt),
  },
  {
    key: 'finished',
    header: 'Finished',
    width: 'minmax(160px, 1fr)',
    render: (job) =>
      job.finishedAt ? formatInstant(job.finishedAt) : <span className="cell-muted">running</span>,
  },
];

/** Every deployment and rollback: open one for live per-device progress, or start a new deployment. */
export function JobsPage() {
  const jobs = useJobsStore((state) => state.jobs);
  const status = useJobsStore((state) => state.status);
  const loadError = useJobsStore((state) => state.loadError);
  const load = useJobsStore((state) => state.load);
  const open = useJobsStore((state) => state.open);
  const loadPlanned = useJobsStore((state) => state.loadPlanned);
  const [search, setSearch] = useState('');
  const [deploying, setDeploying] = useState(false);

  useEffect(() => {
    void load();
    void loadPlanned();
  }, [load, loadPlanned]);

  const rows = useMemo(() => {
    const needle = search.trim().toLowerCase();
    if (needle === '') return jobs;
    return jobs.filter(
      (job) =>
        `#${job.job}`.includes(needle) ||
        job.status.includes(needle) ||
        job.devices.some((device) => device.device.toLowerCase().includes(needle)),
    );
  }, [jobs, search]);

  const deployButton = (
    <Button variant="primary" icon={Rocket} onClick={() => setDeploying(true)}>
      Deploy updates
    </Button>
  );

  let body;
  if (status === 'failed') {
    body = <LoadFailure what="the jobs" reason={loadError} onRetry={load} />;
  } else if (status === 'ready' && jobs.length === 0) {
    body = (
      <EmptyState icon={ListChecks} title="No jobs yet" action={deployButton}>
        Deployments and rollbacks appear here with live progress for every device, whether you start them or a
        policy's maintenance window does.
      </EmptyState>
    );
  } else {
    body = (
      <>
        <Toolbar end={<ToolbarCount count={rows.length} noun="job" />}>
          <SearchBox
            label="Search jobs"
            placeholder="Search job number, status or device"
            value={search}
            onChange={setSearch}
          />
        </Toolbar>
        <Table
          label="Jobs"
          rows={rows}
          columns={columns}
          rowKey={(job) => job.job}
          onRowClick={(job) => void open(job.job)}
          emptyMessage={`No jobs match '${search.trim()}'.`}
        />
      </>
    );
  }

  return (
    <div className="page">
      <PageHeader
        title="Jobs"
        description="Deployments and rollbacks, live, device by device."
        actions={deployButton}
      />
      <PlannedDeployments />
      {body}
      <JobViewDialog />
      {deploying ? (
        <DeployWizard
          onClose={() => {
            setDeploying(false);
            void loadPlanned();
          }}
        />
      ) : null}
    </div>
  );
}
