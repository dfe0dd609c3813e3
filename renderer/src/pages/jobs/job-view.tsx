import { Ban, RotateCcw, Undo2 } from 'lucide-react';
import type { JobDeviceView, JobView } from '../../../../shared/domain/jobs';
import { formatDate } from '../../format';
import { useJobsStore, type LiveStep } from '../../stores/jobs-store';
import { Button } from '../../ui/button';
import { Dialog } from '../../ui/dialog';
import { JobStatusBadge } from './job-status';

const timeFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

/** "22 Nov 2026, 14:05" */
export function formatInstant(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? formatDate(iso) : timeFormat.format(date);
}

const finished = (job: JobView) => job.status !== 'queued' && job.status !== 'running';

function DeviceCard({
  device,
  live,
  streamed,
}: {
  readonly device: JobDeviceView;
  readonly live: LiveStep | undefined;
  readonly streamed: string | undefined;
}) {
  // A progress event is newer than the stored row while the job runs; once the row is final it wins.
  const status =
    device.status === 'queued' || device.status === 'running'
      ? (live?.status ?? device.status)
      : device.status;
  const error = device.error ?? live?.error ?? null;
  const output = device.output ?? streamed ?? null;
  return (
    <li className="job-device" aria-label={device.device}>
      <div className="job-device__head">
        <span className="cell-strong">{device.device}</span>
        <JobStatusBadge status={status} />
        {live && status === 'running' ? <span className="cell-muted">{live.step}</span> : null}
        {device.rebootRequired ? <span className="cell-note">reboot required</span> : null}
      </div>
      {error ? <p className="job-device__error">{error}</p> : null}
      {device.changes.length > 0 ? (
        <ul className="job-device__changes">
          {device.changes.map((change) => (
            <li key={change.package} className="cell-mono">
              {change.package}: {change.from ?? 'absent'} → {change.to ?? 'removed'}
            </li>
          ))}
        </ul>
      ) : null}
      {device.warnings.map((warning) => (
        <p key={warning} className="job-device__warning">
          {warning}
        </p>
      ))}
      {output ? (
        <details className="job-device__output">
          <summary>Output</summary>
          <pre>{output}</pre>
        </details>
      ) : null}
    </li>
  );
}

/** The open job: per-device status and output as they arrive; cancel, retry the failed, roll back. */
export function JobViewDialog() {
  const job = useJobsStore((state) => state.openJob);
  const openJobId = useJobsStore((state) => state.openJobId);
  const live = useJobsStore((state) => state.live);
  const output = useJobsStore((state) => state.output);
  const open = useJobsStore((state) => state.open);
  const cancel = useJobsStore((state) => state.cancel);
  const retry = useJobsStore((state) => state.retry);
  const rollback = useJobsStore((state) => state.rollback);

  const failed = job?.devices.filter((device) => device.status === 'failed').length ?? 0;
  const changed = job?.devices.some((device) => device.changes.length > 0) ?? false;
  const counts = new Map<string, number>();
  for (const device of job?.devices ?? []) counts.set(device.status, (counts.get(device.status) ?? 0) + 1);

  return (
    <Dialog
      open={openJobId !== null}
      placement="side"
      title={
        job
          ? `Job ${job.job}: ${job.kind === 'rollback' ? `roll back of job ${job.rollbackOf ?? '?'}` : 'deployment'}`
          : 'Job'
      }
      description={
        job
          ? `Started ${formatInstant(job.createdAt)}${job.finishedAt ? `, finished ${formatInstant(job.finishedAt)}` : ''}`
          : undefined
      }
      onClose={() => void open(null)}
      footer={
        job ? (
          <>
            {!finished(job) ? (
              <Button icon={Ban} variant="danger" onClick={() => void cancel(job.job)}>
                Cancel job
              </Button>
            ) : null}
            {finished(job) && failed > 0 ? (
              <Button icon={RotateCcw} onClick={() => void retry(job.job)}>
                Retry {failed} failed
              </Button>
            ) : null}
            {finished(job) && job.kind === 'deploy' && changed ? (
              <Button icon={Undo2} onClick={() => void rollback(job.job)}>
                Roll back
              </Button>
            ) : null}
            <Button variant="primary" onClick={() => void open(null)}>
              Close
            </Button>
          </>
        ) : (
          <Button onClick={() => void open(null)}>Close</Button>
        )
      }
    >
      {job ? (
        <>
          <div className="job-summary" aria-label="Job status">
            <JobStatusBadge status={job.status} />
            <span>
              {job.devices.length} device{job.devices.length === 1 ? '' : 's'}:{' '}
              {[...counts].map(([status, count]) => `${count} ${status}`).join(', ')}
            </span>
          </div>
          <ul className="job-devices" aria-label="Devices of this job">
            {job.devices.map((device) => (
              <DeviceCard
                key={device.deviceId}
                device={device}
                live={live.get(device.deviceId)}
                streamed={output.get(device.deviceId)}
              />
            ))}
          </ul>
        </>
      ) : (
        <p className="cell-muted">Loading the job…</p>
      )}
    </Dialog>
  );
}
