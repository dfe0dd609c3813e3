import { useEffect, useState } from 'react';
import type { RollbackPreview } from '../../../../shared/domain/jobs';
import { formatCountOf } from '../../format';
import { useJobsStore } from '../../stores/jobs-store';
import { Button } from '../../ui/button';
import { Dialog } from '../../ui/dialog';
import { FormError } from '../../ui/form-error';

/** What the technician asked to roll back: a whole job, or one of its devices. */
export interface RollbackTarget {
  readonly jobId: number;
  readonly deviceId?: number;
  readonly device?: string;
}

/**
 * "Roll back job 12?": lists, device by device, the versions that will be reinstalled and the changes that cannot be
 * undone (and why) before anything runs. Open while there is a target; it stays mounted when closed, so the native
 * dialog gives keyboard focus back to the button that opened it.
 */
export function RollbackConfirm({
  target,
  onClose,
}: {
  readonly target: RollbackTarget | null;
  readonly onClose: () => void;
}) {
  const previewRollback = useJobsStore((state) => state.previewRollback);
  const rollback = useJobsStore((state) => state.rollback);
  const [preview, setPreview] = useState<RollbackPreview | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    if (target === null) return;
    let current = true;
    void previewRollback(target.jobId, target.deviceId === undefined ? undefined : [target.deviceId]).then(
      (outcome) => {
        if (!current) return;
        if (typeof outcome === 'string') setProblem(outcome);
        else setPreview(outcome);
      },
    );
    return () => {
      current = false;
    };
  }, [previewRollback, target]);

  const reinstall = preview?.devices.reduce((sum, device) => sum + device.rollBack.length, 0) ?? 0;
  // The next target starts with its own preview, not this one's.
  const close = () => {
    setPreview(null);
    setProblem(null);
    onClose();
  };
  const confirm = async () => {
    if (target === null) return;
    setBusy(true);
    const refusal = await rollback(
      target.jobId,
      target.deviceId === undefined ? undefined : [target.deviceId],
    );
    setBusy(false);
    if (refusal) setProblem(refusal);
    else close();
  };

  return (
    <Dialog
      open={target !== null}
      title={target?.device ? `Roll back ${target.device}?` : `Roll back job ${target?.jobId ?? ''}?`}
      description="Patchdeck reinstalls the versions from before the job. Nothing runs until you confirm."
      onClose={close}
      onSubmit={() => void confirm()}
      footer={
        <>
          <Button onClick={close}>Cancel</Button>
          <Button type="submit" variant="danger" busy={busy} disabled={reinstall === 0}>
            Roll back {formatCountOf(reinstall, 'package')}
          </Button>
        </>
      }
    >
      <FormError message={problem} />
      {preview === null && problem === null ? (
        <p className="cell-muted">Reading what the job changed…</p>
      ) : null}
      {preview && preview.devices.length === 0 ? (
        <p>This job changed nothing that could be rolled back.</p>
      ) : null}
      <ul className="job-devices" aria-label="What the rollback does">
        {preview?.devices.map((device) => (
          <li key={device.deviceId} className="job-device" aria-label={device.device}>
            <span className="cell-strong">{device.device}</span>
            {device.rollBack.length > 0 ? (
              <ul className="job-device__changes">
                {device.rollBack.map((change) => (
                  <li key={change.package} className="cell-mono">
                    {change.package}: {change.installed ?? 'removed'} → {change.reinstall ?? 'removed'}
                  </li>
                ))}
              </ul>
            ) : null}
            {device.cannot.map((change) => (
              <p key={change.package} className="job-device__warning">
                Stays: {change.note}
              </p>
            ))}
          </li>
        ))}
      </ul>
    </Dialog>
  );
}
