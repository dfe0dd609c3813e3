import { useMemo, useState } from 'react';
import { CalendarPlus, ShieldOff, Trash2, TriangleAlert } from 'lucide-react';
import type { PatchException } from '../../../../shared/domain/policies';
import { formatDate } from '../../format';
import { useExceptionsStore } from '../../stores/exceptions-store';
import { Badge } from '../../ui/badge';
import { IconButton } from '../../ui/button';
import { ConfirmDialog } from '../../ui/confirm-dialog';
import { EmptyState } from '../../ui/empty-state';
import { Table, type Column } from '../../ui/table';
import { ExceptionRenewal } from './exception-renewal';
import { LoadFailure } from '../../ui/load-failure';

/** Every exception, soonest expiry first; expired ones are marked for review. */
export function ExceptionsList() {
  const exceptions = useExceptionsStore((state) => state.exceptions);
  const status = useExceptionsStore((state) => state.status);
  const loadError = useExceptionsStore((state) => state.loadError);
  const load = useExceptionsStore((state) => state.load);
  const remove = useExceptionsStore((state) => state.remove);
  const [removing, setRemoving] = useState<PatchException | null>(null);
  const [renewing, setRenewing] = useState<PatchException | null>(null);

  const columns = useMemo<readonly Column<PatchException>[]>(
    () => [
      {
        key: 'package',
        header: 'Package or KB',
        width: 'minmax(170px, 1.2fr)',
        render: (exception) => <span className="cell-strong">{exception.package}</span>,
      },
      {
        key: 'target',
        header: 'Holds on',
        width: 'minmax(190px, 1.2fr)',
        render: (exception) => (
          <span>
            {exception.targetName}
            <span className="cell-note">{exception.target.kind}</span>
          </span>
        ),
      },
      {
        key: 'reason',
        header: 'Reason',
        width: 'minmax(200px, 2fr)',
        render: (exception) => <span title={exception.reason}>{exception.reason}</span>,
      },
      {
        key: 'expires',
        header: 'Expires',
        width: '240px',
        render: (exception) =>
          exception.expired ? (
            <span className="sla">
              <Badge tone="danger">Expired: review</Badge>
              <span className="cell-muted">{formatDate(exception.expiresAt)}</span>
            </span>
          ) : (
            formatDate(exception.expiresAt)
          ),
      },
      {
        key: 'actor',
        header: 'By',
        width: '110px',
        render: (exception) => <span className="cell-muted">{exception.actor}</span>,
      },
      {
        key: 'actions',
        header: '',
        width: '96px',
        align: 'end',
        render: (exception) => (
          <span className="row-actions">
            <IconButton
              icon={CalendarPlus}
              label={`Extend exception for ${exception.package}`}
              onClick={() => setRenewing(exception)}
            />
            <IconButton
              icon={Trash2}
              tone="danger"
              label={`Remove exception for ${exception.package}`}
              onClick={() => setRemoving(exception)}
            />
          </span>
        ),
      },
    ],
    [],
  );

  if (status === 'failed') return <LoadFailure what="the exceptions" reason={loadError} onRetry={load} />;
  const expired = exceptions.filter((exception) => exception.expired).length;
  return (
    <>
      {expired > 0 ? (
        <div className="callout callout--warning" role="note">
          <TriangleAlert size={18} aria-hidden="true" />
          <p>
            {expired === 1 ? '1 exception has' : `${expired} exceptions have`} expired and no longer hold
            their package back: extend each one that still matters, remove the others.
          </p>
        </div>
      ) : null}
      {status === 'ready' && exceptions.length === 0 ? (
        <EmptyState icon={ShieldOff} title="No exceptions">
          Hold a package back on a device, a tag or a client when it must not be updated yet, with a reason
          and an expiry so it comes back for review.
        </EmptyState>
      ) : (
        <Table label="Exceptions" rows={exceptions} columns={columns} rowKey={(exception) => exception.id} />
      )}
      {renewing ? <ExceptionRenewal exception={renewing} onClose={() => setRenewing(null)} /> : null}
      <ConfirmDialog
        open={removing !== null}
        title={`Remove the exception for '${removing?.package ?? ''}'?`}
        message={`${removing?.package ?? 'The package'} is installed on ${removing?.targetName ?? 'its target'} again by the next window that includes it.`}
        confirmLabel="Remove exception"
        onConfirm={() => (removing ? remove(removing) : Promise.resolve(null))}
        onClose={() => setRemoving(null)}
      />
    </>
  );
}
