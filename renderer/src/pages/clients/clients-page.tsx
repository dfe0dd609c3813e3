import { lazy, Suspense, useEffect, useMemo, useState } from 'react';
import { Building2, Pencil, Plus, Trash2 } from 'lucide-react';
import type { Client } from '../../../../shared/domain/fleet';
import { formatCount, formatDate } from '../../format';
import { filterClients, useClientsStore } from '../../stores/clients-store';
import { Badge } from '../../ui/badge';
import { Button, IconButton } from '../../ui/button';
import { ConfirmDialog } from '../../ui/confirm-dialog';
import { EmptyState } from '../../ui/empty-state';
import { PageHeader } from '../../ui/page-header';
import { Table, type Column } from '../../ui/table';
import { SearchBox, Toolbar } from '../../ui/toolbar';
import { LoadFailure } from '../../ui/load-failure';

type Editing = { readonly client: Client | null } | null;

// The form brings the validation schemas with it; it loads on first use.
const ClientForm = lazy(() => import('./client-form').then((module) => ({ default: module.ClientForm })));

/** The technician's clients: list, search, add, edit, remove. */
export function ClientsPage() {
  const clients = useClientsStore((state) => state.clients);
  const status = useClientsStore((state) => state.status);
  const loadError = useClientsStore((state) => state.loadError);
  const search = useClientsStore((state) => state.search);
  const setSearch = useClientsStore((state) => state.setSearch);
  const load = useClientsStore((state) => state.load);
  const remove = useClientsStore((state) => state.remove);
  const [editing, setEditing] = useState<Editing>(null);
  const [removing, setRemoving] = useState<Client | null>(null);

  useEffect(() => void load(), [load]);
  const shown = useMemo(() => filterClients(clients, search), [clients, search]);

  const columns = useMemo<readonly Column<Client>[]>(
    () => [
      {
        key: 'name',
        header: 'Name',
        width: 'minmax(180px, 2fr)',
        render: (client) => <strong className="cell-strong">{client.name}</strong>,
      },
      {
        key: 'zone',
        header: 'Time zone',
        width: 'minmax(150px, 1.4fr)',
        render: (client) => client.timeZone,
      },
      {
        key: 'sla',
        header: 'SLA (days)',
        width: 'minmax(170px, 1.2fr)',
        render: (client) => (
          <span
            className="sla"
            title={`Days to patch: red ${client.slaDays.red}, yellow ${client.slaDays.yellow}, green ${client.slaDays.green}`}
          >
            <Badge tone="danger">{client.slaDays.red}</Badge>
            <Badge tone="warning">{client.slaDays.yellow}</Badge>
            <Badge tone="success">{client.slaDays.green}</Badge>
          </span>
        ),
      },
      {
        key: 'devices',
        header: 'Devices',
        width: 'minmax(100px, 0.6fr)',
        align: 'end',
        render: (client) => formatCount(client.deviceCount),
      },
      {
        key: 'added',
        header: 'Added',
        width: 'minmax(110px, 0.8fr)',
        render: (client) => formatDate(client.createdAt),
      },
      {
        key: 'actions',
        header: '',
        width: '100px',
        align: 'end',
        render: (client) => (
          <span className="row-actions" onClick={(event) => event.stopPropagation()}>
            <IconButton icon={Pencil} label={`Edit ${client.name}`} onClick={() => setEditing({ client })} />
            <IconButton
              icon={Trash2}
              tone="danger"
              label={`Remove ${client.name}`}
              onClick={() => setRemoving(client)}
            />
          </span>
        ),
      },
    ],
    [],
  );

  const addButton = (
    <Button variant="primary" icon={Plus} onClick={() => setEditing({ client: null })}>
      Add client
    </Button>
  );

  return (
    <div className="page">
      <PageHeader
        title="Clients"
        description="The companies you patch for, with their time zone and patch deadlines."
        actions={addButton}
      />
      {status === 'failed' ? (
        <LoadFailure what="the clients" reason={loadError} onRetry={load} />
      ) : status === 'ready' && clients.length === 0 ? (
        <EmptyState icon={Building2} title="No clients yet" action={addButton}>
          Add your first client, then add its devices. Each client has its own time zone and deadlines for
          red, yellow and green patches.
        </EmptyState>
      ) : (
        <>
          <Toolbar
            end={
              <span className="toolbar__count">
                {formatCount(shown.length)} of {formatCount(clients.length)} clients
              </span>
            }
          >
            <SearchBox
              label="Search clients"
              placeholder="Search by name or time zone"
              value={search}
              onChange={setSearch}
            />
          </Toolbar>
          <Table
            label="Clients"
            rows={shown}
            columns={columns}
            rowKey={(client) => client.id}
            onRowClick={(client) => setEditing({ client })}
            emptyMessage={`No clients match '${search.trim()}'.`}
          />
        </>
      )}
      {editing ? (
        <Suspense fallback={null}>
          <ClientForm client={editing.client} onClose={() => setEditing(null)} />
        </Suspense>
      ) : null}
      <ConfirmDialog
        open={removing !== null}
        title={`Remove client '${removing?.name ?? ''}'?`}
        message="The client and its settings are removed. The audit log keeps a record of it."
        confirmLabel="Remove client"
        onConfirm={() => (removing ? remove(removing) : Promise.resolve(null))}
        onClose={() => setRemoving(null)}
      />
    </div>
  );
}
