import { lazy, Suspense, useEffect, useMemo, useState } from 'react';
import { CalendarClock, Pencil, Plus, Trash2 } from 'lucide-react';
import type { Policy } from '../../../../shared/domain/policies';
import type { Ring } from '../../../../shared/domain/fleet';
import { formatCountOf } from '../../format';
import { useClientsStore } from '../../stores/clients-store';
import { useDevicesStore } from '../../stores/devices-store';
import { useExceptionsStore } from '../../stores/exceptions-store';
import { usePoliciesStore } from '../../stores/policies-store';
import { Badge } from '../../ui/badge';
import { Button, IconButton } from '../../ui/button';
import { ConfirmDialog } from '../../ui/confirm-dialog';
import { EmptyState } from '../../ui/empty-state';
import { PageHeader } from '../../ui/page-header';
import { SegmentedControl } from '../../ui/segmented-control';
import { Table, type Column } from '../../ui/table';
import { ExceptionsList } from './exceptions-list';
import { WindowCalendar } from './window-calendar';
import { FormError } from '../../ui/form-error';
import { LoadFailure } from '../../ui/load-failure';

type View = 'profiles' | 'exceptions';

// The order updates roll out in; a value import of the fleet schema would pull zod into the first paint.
const rings: readonly Ring[] = ['test', 'pilot', 'broad'];

// The forms bring the validation schemas with them; loading them on first use keeps the page's first paint fast.
const PolicyForm = lazy(() => import('./policy-form').then((module) => ({ default: module.PolicyForm })));
const ExceptionForm = lazy(() =>
  import('./exception-form').then((module) => ({ default: module.ExceptionForm })),
);
type Editing = { readonly policy: Policy | null } | null;

function scopeText(policy: Policy): string {
  const parts = [
    policy.scope.tags.length > 0 ? `tags ${policy.scope.tags.join(', ')}` : null,
    policy.scope.deviceIds.length > 0 ? `${policy.scope.deviceIds.length} chosen devices` : null,
    policy.scope.rings.length > 0 ? `ring ${policy.scope.rings.join(', ')}` : null,
  ].filter((part) => part !== null);
  return parts.length === 0 ? 'every device' : parts.join('; ');
}

/** The selected policy: its settings in a sentence each, and four weeks of windows. */
function PolicyDetail({ policy }: { readonly policy: Policy }) {
  const preview = usePoliciesStore((state) => state.preview);
  const previewError = usePoliciesStore((state) => state.previewError);
  const from = useMemo(() => new Date(), []);
  return (
    <section className="card policy-detail" aria-label={`Policy ${policy.name}`}>
      <dl className="facts">
        <dt>Scope</dt>
        <dd>
          {policy.clientName}: {scopeText(policy)}
        </dd>
        <dt>Updates</dt>
        <dd>
          {policy.content.kind === 'classifications'
            ? policy.content.classifications.join(', ')
            : policy.content.kind}
          {policy.content.exclude.length > 0 ? `, except ${policy.content.exclude.join(', ')}` : ''}
        </dd>
        <dt>Approval</dt>
        <dd>
          {policy.approval.mode}
          {policy.approval.deferDays > 0 ? ` after ${policy.approval.deferDays} days` : ''}
        </dd>
        <dt>Windows</dt>
        <dd>
          {policy.windows.join('; ')} ({policy.effectiveTimeZone})
        </dd>
        <dt>Rollout</dt>
        <dd>
          reboot {policy.reboot}, {policy.concurrency} at once, stop above {policy.maxFailPercent}% failed;
          next ring after {policy.rollout.minSuccessPercent}% success and {policy.rollout.soakHours} h soak
        </dd>
      </dl>
      {previewError ? (
        <FormError message={previewError} />
      ) : (
        <WindowCalendar occurrences={preview} zone={policy.effectiveTimeZone} from={from} />
      )}
    </section>
  );
}

/** How many devices each ring holds: the order in which policies roll updates out. */
function RingsSummary() {
  const devices = useDevicesStore((state) => state.fleet);
  return (
    <div className="ring-summary" aria-label="Rings">
      {rings.map((ring, index) => (
        <span key={ring} className="ring-summary__ring">
          <Badge tone={ring === 'test' ? 'info' : ring === 'pilot' ? 'accent' : 'neutral'}>{ring}</Badge>
          {formatCountOf(devices.filter((device) => device.ring === ring).length, 'device')}
          {index < rings.length - 1 ? <span className="cell-muted">→</span> : null}
        </span>
      ))}
    </div>
  );
}

/** Automation profiles with their maintenance windows, rings, and the exceptions that hold packages back. */
export function PoliciesPage() {
  const policies = usePoliciesStore((state) => state.policies);
  const status = usePoliciesStore((state) => state.status);
  const loadError = usePoliciesStore((state) => state.loadError);
  const selectedId = usePoliciesStore((state) => state.selectedId);
  const load = usePoliciesStore((state) => state.load);
  const select = usePoliciesStore((state) => state.select);
  const setEnabled = usePoliciesStore((state) => state.setEnabled);
  const remove = usePoliciesStore((state) => state.remove);
  const exceptions = useExceptionsStore((state) => state.exceptions);
  const loadExceptions = useExceptionsStore((state) => state.load);
  const loadClients = useClientsStore((state) => state.load);
  const loadFleet = useDevicesStore((state) => state.loadFleet);
  const clients = useClientsStore((state) => state.clients);
  const clientsStatus = useClientsStore((state) => state.status);
  const [view, setView] = useState<View>('profiles');
  const [editing, setEditing] = useState<Editing>(null);
  const [addingException, setAddingException] = useState(false);
  const [removing, setRemoving] = useState<Policy | null>(null);

  useEffect(() => {
    void load();
    void loadExceptions();
    void loadClients();
    void loadFleet();
  }, [load, loadExceptions, loadClients, loadFleet]);

  const expired = exceptions.filter((exception) => exception.expired).length;
  const selected = policies.find((policy) => policy.id === selectedId) ?? null;

  const columns = useMemo<readonly Column<Policy>[]>(
    () => [
      {
        key: 'name',
        header: 'Policy',
        width: 'minmax(140px, 1.3fr)',
        render: (policy) => <span className="cell-strong">{policy.name}</span>,
      },
      { key: 'client', header: 'Client', width: 'minmax(140px, 1fr)', render: (policy) => policy.clientName },
      {
        key: 'windows',
        header: 'Windows',
        width: 'minmax(160px, 1.3fr)',
        render: (policy) => <span className="cell-mono">{policy.windows.join('; ')}</span>,
      },
      { key: 'approval', header: 'Approval', width: '110px', render: (policy) => policy.approval.mode },
      {
        key: 'state',
        header: 'State',
        width: '104px',
        render: (policy) =>
          policy.enabled ? <Badge tone="success">enabled</Badge> : <Badge tone="warning">paused</Badge>,
      },
      {
        key: 'actions',
        header: '',
        width: '180px',
        align: 'end',
        render: (policy) => (
          <span className="row-actions" onClick={(event) => event.stopPropagation()}>
            <Button variant="ghost" onClick={() => void setEnabled(policy, !policy.enabled)}>
              {policy.enabled ? 'Pause' : 'Enable'}
            </Button>
            <IconButton icon={Pencil} label={`Edit ${policy.name}`} onClick={() => setEditing({ policy })} />
            <IconButton
              icon={Trash2}
              tone="danger"
              label={`Remove ${policy.name}`}
              onClick={() => setRemoving(policy)}
            />
          </span>
        ),
      },
    ],
    [setEnabled],
  );

  const noClients = clients.length === 0;
  const actions =
    view === 'profiles' ? (
      <Button variant="primary" icon={Plus} disabled={noClients} onClick={() => setEditing({ policy: null })}>
        New policy
      </Button>
    ) : (
      <Button variant="primary" icon={Plus} onClick={() => setAddingException(true)}>
        Add exception
      </Button>
    );

  let body;
  if (view === 'exceptions') body = <ExceptionsList />;
  else if (status === 'failed') body = <LoadFailure what="the policies" reason={loadError} onRetry={load} />;
  else if (status === 'ready' && policies.length === 0 && clientsStatus === 'ready' && noClients)
    // New policy is disabled without a client to hold the policy: say why and where to add one.
    body = (
      <EmptyState
        icon={CalendarClock}
        title="No clients yet"
        action={
          <Button variant="primary" onClick={() => (window.location.hash = '#/clients')}>
            Go to Clients
          </Button>
        }
      >
        A policy belongs to a client and works in its time zone: add a client and its devices first, then come
        back to set their maintenance windows and approvals.
      </EmptyState>
    );
  else if (status === 'ready' && policies.length === 0)
    body = (
      <EmptyState icon={CalendarClock} title="No policies yet" action={actions}>
        A policy says which updates go to which devices of a client, when (maintenance windows in the client's
        time), whether they need approval, and how the rollout moves from ring to ring.
      </EmptyState>
    );
  else
    body = (
      <>
        <RingsSummary />
        {/* As tall as its rows (up to five), so the selected policy's calendar sits right under the list. */}
        <div className="policies-table" style={{ height: Math.min(5, policies.length) * 44 + 46 }}>
          <Table
            label="Policies"
            rows={policies}
            columns={columns}
            rowKey={(policy) => policy.id}
            onRowClick={(policy) => void select(policy.id)}
          />
        </div>
        {selected ? <PolicyDetail policy={selected} /> : null}
      </>
    );

  return (
    <div className="page">
      <PageHeader
        title="Policies"
        description="Automation profiles, maintenance windows, rings and exceptions."
        actions={actions}
      />
      <SegmentedControl
        label="Show"
        value={view}
        segments={[
          { value: 'profiles', label: `Automation profiles (${policies.length})` },
          {
            value: 'exceptions',
            label: expired > 0 ? `Exceptions: ${expired} to review` : `Exceptions (${exceptions.length})`,
          },
        ]}
        onChange={setView}
      />
      {body}
      <Suspense fallback={null}>
        {editing ? <PolicyForm policy={editing.policy} onClose={() => setEditing(null)} /> : null}
        {addingException ? <ExceptionForm onClose={() => setAddingException(false)} /> : null}
      </Suspense>
      <ConfirmDialog
        open={removing !== null}
        title={`Remove policy '${removing?.name ?? ''}'?`}
        message="Its maintenance windows stop starting jobs. Jobs it already ran stay in the history."
        confirmLabel="Remove policy"
        onConfirm={() => (removing ? remove(removing) : Promise.resolve(null))}
        onClose={() => setRemoving(null)}
      />
    </div>
  );
}
