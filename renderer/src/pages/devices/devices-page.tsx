import { lazy, Suspense, useEffect, useMemo, useState } from 'react';
import { Monitor, Pencil, Plus, Trash2 } from 'lucide-react';
import type { Device } from '../../../../shared/domain/fleet';
import { formatCount } from '../../format';
import { useClientsStore } from '../../stores/clients-store';
import { useDevicesStore } from '../../stores/devices-store';
import { Button, IconButton } from '../../ui/button';
import { ConfirmDialog } from '../../ui/confirm-dialog';
import { EmptyState } from '../../ui/empty-state';
import { PageHeader } from '../../ui/page-header';
import { Select } from '../../ui/select';
import { Table, type Column } from '../../ui/table';
import { SearchBox, Toolbar } from '../../ui/toolbar';
import { deviceColumns } from './device-columns';

type Editing = { readonly device: Device | null } | null;

// The form brings the validation schemas with it; loading it on first use keeps the table's first paint fast.
const DeviceForm = lazy(() => import('./device-form').then((module) => ({ default: module.DeviceForm })));

/** Every device of every client, in one virtualised table with a client filter and a search box. */
export function DevicesPage() {
  const devices = useDevicesStore((state) => state.devices);
  const status = useDevicesStore((state) => state.status);
  const loadError = useDevicesStore((state) => state.loadError);
  const search = useDevicesStore((state) => state.search);
  const clientId = useDevicesStore((state) => state.clientId);
  const load = useDevicesStore((state) => state.load);
  const setSearch = useDevicesStore((state) => state.setSearch);
  const setClientFilter = useDevicesStore((state) => state.setClientFilter);
  const remove = useDevicesStore((state) => state.remove);
  const clients = useClientsStore((state) => state.clients);
  const clientsStatus = useClientsStore((state) => state.status);
  const loadClients = useClientsStore((state) => state.load);
  const [editing, setEditing] = useState<Editing>(null);
  const [removing, setRemoving] = useState<Device | null>(null);

  useEffect(() => {
    void load();
    void loadClients();
  }, [load, loadClients]);

  const columns = useMemo<readonly Column<Device>[]>(
    () => [
      ...deviceColumns,
      {
        key: 'actions',
        header: '',
        width: '96px',
        align: 'end',
        render: (device) => (
          <span className="row-actions" onClick={(event) => event.stopPropagation()}>
            <IconButton icon={Pencil} label={`Edit ${device.name}`} onClick={() => setEditing({ device })} />
            <IconButton
              icon={Trash2}
              tone="danger"
              label={`Remove ${device.name}`}
              onClick={() => setRemoving(device)}
            />
          </span>
        ),
      },
    ],
    [],
  );

  const filtered = search.trim() !== '' || clientId !== null;
  const noClients = clientsStatus === 'ready' && clients.length === 0;
  const addButton = (
    <Button variant="primary" icon={Plus} onClick={() => setEditing({ device: null })} disabled={noClients}>
      Add device
    </Button>
  );
  const clientName = clients.find((client) => client.id === clientId)?.name;

  let body;
  if (status === 'failed') {
    body = (
      <p className="form-error" role="alert">
        {loadError}
      </p>
    );
  } else if (status === 'ready' && devices.length === 0 && !filtered) {
    body = noClients ? (
      <EmptyState
        icon={Monitor}
        title="No devices yet"
        action={
          <Button variant="primary" onClick={() => (window.location.hash = '#/clients')}>
            Go to Clients
          </Button>
        }
      >
        Devices belong to a client: add a client first, then come back to add its machines.
      </EmptyState>
    ) : (
      <EmptyState icon={Monitor} title="No devices yet" action={addButton}>
        Add a device with its address and how Patchdeck signs in over SSH. Once it is scanned, its OS and
        missing patches show up here.
      </EmptyState>
    );
  } else {
    body = (
      <>
        <Toolbar
          end={
            <span className="toolbar__count" aria-live="polite">
              {formatCount(devices.length)} devices
            </span>
          }
        >
          <SearchBox
            label="Search devices"
            placeholder="Search name, address, client or tag"
            value={search}
            onChange={setSearch}
          />
          <Select
            label="Client"
            quiet
            value={clientId === null ? '' : String(clientId)}
            placeholder="All clients"
            options={clients.map((client) => ({ value: String(client.id), label: client.name }))}
            onChange={(value) => setClientFilter(value === '' ? null : Number(value))}
          />
        </Toolbar>
        <Table
          label="Devices"
          rows={devices}
          columns={columns}
          rowKey={(device) => device.id}
          onRowClick={(device) => setEditing({ device })}
          emptyMessage={
            search.trim() !== ''
              ? `No devices${clientName ? ` of ${clientName}` : ''} match '${search.trim()}'.`
              : `${clientName ?? 'This client'} has no devices yet.`
          }
        />
      </>
    );
  }

  return (
    <div className="page">
      <PageHeader
        title="Devices"
        description="Every machine you patch, across all clients."
        actions={addButton}
      />
      {body}
      {editing ? (
        <Suspense fallback={null}>
          <DeviceForm device={editing.device} clientId={clientId} onClose={() => setEditing(null)} />
        </Suspense>
      ) : null}
      <ConfirmDialog
        open={removing !== null}
        title={`Remove device '${removing?.name ?? ''}'?`}
        message={`Patchdeck forgets ${removing?.name ?? 'the device'} of ${removing?.clientName ?? 'its client'} and its stored login. Nothing changes on the machine itself.`}
        confirmLabel="Remove device"
        onConfirm={() => (removing ? remove(removing) : Promise.resolve(null))}
        onClose={() => setRemoving(null)}
      />
    </div>
  );
}
