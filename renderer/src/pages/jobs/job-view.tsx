import { useState } from 'react';
import { Ban, RotateCcw, Undo2 } from 'lucide-react';
import type { JobDeviceView, JobView } from '../../../../shared/domain/jobs';
import { formatCountOf, formatDate } from '../../format';
import { outputKey, useJobsStore, type LiveStep } from '../../stores/jobs-store';
import { Button } from '../../ui/button';
import { Dialog } from '../../ui/dialog';
import { earlierRollbacks, type RolledBackBy } from './earlier-rollbacks';
import { JobStatusBadge } from './job-status';
import { LiveOutput } from './live-output';
import { RollbackConfirm, type RollbackTarget } from './rollback-confirm';
import { retryLabel } from './retry-label';
import { asTerminalShows } from './terminal-text';

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
  rolledBackBy,
  onRollback,
}: {
  readonly device: JobDeviceView;
  readonly live: LiveStep | undefined;
  readonly streamed: string | undefined;
  /** The rollback that already undid this device of a deployment, or is undoing it. */
  readonly rolledBackBy: RolledBackBy | undefined;
  /** Offered once the deployment finished and this device changed something not rolled back yet. */
  readonly onRollback: (() => void) | null;
}) {
  // A progress event is newer than the stored row while the job runs; once the row is final it wins.
  const status =
    device.status === 'queued' || device.status === 'running'
      ? (live?.status ?? device.status)
      : device.status;
  const error = device.error ?? live?.error ?? null;
  const running = status === 'running' || status === 'queued';
  // While the device runs the streamed chunks are all there is; once its step ended the record holds the whole.
  const raw = running ? streamed : (device.output ?? streamed);
  const output = raw ? asTerminalShows(raw) : null;
  return (
    <li className="job-device" aria-label={device.device}>
      <div className="job-device__head">
        <span className="cell-strong">{device.device}</span>
        <JobStatusBadge status={status} />
        {live && status === 'running' ? <span className="cell-muted">{live.step}</span> : null}
        {device.rebootRequired ? <span className="cell-note">reboot required</span> : null}
        {rolledBackBy ? (
          <span className="cell-note">
            {rolledBackBy.status === 'succeeded' ? 'rolled back' : 'being rolled back'} by job{' '}
            {rolledBackBy.job}
          </span>
        ) : null}
        {onRollback ? (
          <span className="job-device__actions">
            <Button icon={Undo2} onClick={onRollback}>
              Roll back this device
            </Button>
          </span>
        ) : null}
      </div>
      {error ? <p className="job-device__error">{error}</p> : null}
      {status === 'host-key-mismatch' ? (
        <p className="job-device__warning">
          The device&apos;s host key has changed, so Patchdeck ran nothing
          {device.changes.length > 0 ? ' more' : ''} on it. Check the new key against the machine&apos;s own,
          then trust it on the Devices page (scan the device there if it does not offer Trust new key yet) and
          retry.
        </p>
      ) : null}
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
      {output && running ? <LiveOutput device={device.device} text={output} /> : null}
      {output && !running ? (
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
  const jobs = useJobsStore((state) => state.jobs);
  const cancel = useJobsStore((state) => state.cancel);
  const retry = useJobsStore((state) => state.retry);
  const [rollingBack, setRollingBack] = useState<RollbackTarget | null>(null);
  // The job whose retry is being started: a second click meanwhile would start a second retry job.
  const [retrying, setRetrying] = useState<number | null>(null);

  const retryAll = async (jobId: number) => {
    setRetrying(jobId);
    await retry(jobId);
    setRetrying(null);
  };
  const retryText = job ? retryLabel(job.devices) : null;
  const rolledBack =
    job?.kind === 'deploy' ? earlierRollbacks(jobs, job.job) : new Map<number, RolledBackBy>();
  const canRollBack = (device: JobDeviceView) =>
    device.changes.length > 0 && !rolledBack.has(device.deviceId);
  const changed = job?.devices.some(canRollBack) ?? false;
  const counts = new Map<string, number>();
  for (const device of job?.devices ?? []) counts.set(device.status, (counts.get(device.status) ?? 0) + 1);

  return (
    <>
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
              {finished(job) && retryText ? (
                <Button icon={RotateCcw} busy={retrying === job.job} onClick={() => void retryAll(job.job)}>
                  {retryText}
                </Button>
              ) : null}
              {finished(job) && job.kind === 'deploy' && changed ? (
                <Button icon={Undo2} onClick={() => setRollingBack({ jobId: job.job })}>
                  Roll back job
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
                {formatCountOf(job.devices.length, 'device')}:{' '}
                {[...counts].map(([status, count]) => `${count} ${status}`).join(', ')}
              </span>
            </div>
            <ul className="job-devices" aria-label="Devices of this job">
              {job.devices.map((device) => (
                <DeviceCard
                  key={device.deviceId}
                  device={device}
                  live={live.get(device.deviceId)}
                  streamed={output.get(outputKey(job.job, device.deviceId))}
                  rolledBackBy={rolledBack.get(device.deviceId)}
                  onRollback={
                    finished(job) && job.kind === 'deploy' && canRollBack(device)
                      ? () =>
                          setRollingBack({ jobId: job.job, deviceId: device.deviceId, device: device.device })
                      : null
                  }
                />
              ))}
            </ul>
          </>
        ) : (
          <p className="cell-muted">Loading the job…</p>
        )}
      </Dialog>
      {/* Outside the job's dialog: its form must not hold another form. */}
      <RollbackConfirm target={rollingBack} onClose={() => setRollingBack(null)} />
    </>
  );
}
