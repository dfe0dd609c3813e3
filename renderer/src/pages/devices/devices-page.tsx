import { lazy, Suspense, useCallback, useEffect, useMemo, useState } from 'react';
import { Monitor, Plus, Radar } from 'lucide-react';
import type { Device, RetiredDevices } from '../../../../shared/domain/fleet';
import { formatDate } from '../../format';
import { useClientsStore } from '../../stores/clients-store';
import { useDevicesStore } from '../../stores/devices-store';
import { useScansStore } from '../../stores/scans-store';
import { Button } from '../../ui/button';
import { ConfirmDialog } from '../../ui/confirm-dialog';
import { EmptyState } from '../../ui/empty-state';
import { PageHeader } from '../../ui/page-header';
import { Select } from '../../ui/select';
import { Table, type Column } from '../../ui/table';
import { SearchBox, Toolbar, ToolbarCount } from '../../ui/toolbar';
import { BulkBar } from './bulk-bar';
import { deviceColumns } from './device-columns';
import { RowAction } from './row-action';
import { ScanCell, scanRunning, scanSummary, scanSummaryClass } from './scan-cell';
import { TrustDialog } from './trust-dialog';

type Editing = { readonly device: Device | null } | null;

const retiredOptions: readonly { value: RetiredDevices; label: string }[] = [
  { value: 'hide', label: 'Hide retired' },
  { value: 'include', label: 'Show retired' },
  { value: 'only', label: 'Only retired' },
];

/** What retiring does, said before the technician confirms it. */
function retireMessage(device: Device | null): string {
  const name = device?.name ?? 'the device';
  const client = device?.clientName ?? 'its client';
  return (
    `Patchdeck stops scanning and patching ${name}: scans, deployments and maintenance windows leave it out, and ` +
    `the dashboard and reports stop counting it. Its scans, jobs and audit trail stay, so reports of past periods ` +
    `still show what it did. Its name stays taken in ${client} (rename the retired device to reuse it), and you ` +
    `can reinstate it from its edit panel at any time. Nothing changes on the machine itself.`
  );
}

const deviceKey = (device: Device) => device.id;

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
  const retired = useDevicesStore((state) => state.retired);
  const setRetiredFilter = useDevicesStore((state) => state.setRetiredFilter);
  const retire = useDevicesStore((state) => state.retire);
  const clients = useClientsStore((state) => state.clients);
  const clientsStatus = useClientsStore((state) => state.status);
  const loadClients = useClientsStore((state) => state.load);
  const [editing, setEditing] = useState<Editing>(null);
  const [removing, setRemoving] = useState<Device | null>(null);
  const [retiring, setRetiring] = useState<Device | null>(null);
  const [trusting, setTrusting] = useState<Device | null>(null);
  const [selectedIds, setSelectedIds] = useState<ReadonlySet<number>>(new Set());
  const progress = useScansStore((state) => state.progress);
  const scanning = useScansStore((state) => state.running > 0);
  const scan = useScansStore((state) => state.scan);
  const trust = useScansStore((state) => state.trust);
  const readHostKey = useScansStore((state) => state.readHostKey);

  useEffect(() => {
    void load();
    void loadClients();
  }, [load, loadClients]);
  // The filter outlives the page: after its client was removed it would show no devices under 'All clients'.
  const filterGone =
    clientsStatus === 'ready' && clientId !== null && !clients.some((client) => client.id === clientId);
  useEffect(() => {
    if (filterGone) setClientFilter(null);
  }, [filterGone, setClientFilter]);

  const toggle = (id: number, on: boolean) =>
    setSelectedIds((current) => {
      const next = new Set(current);
      if (on) next.add(id);
      else next.delete(id);
      return next;
    });
  const columns = useMemo<readonly Column<Device>[]>(
    () => [
      {
        key: 'select',
        header: '',
        width: '44px',
        // Bulk actions (scan, tag, ring) are for managed devices: a retired row has nothing to select.
        render: (device) =>
          device.retiredAt === null ? (
            <input
              type="checkbox"
              className="row-check"
              aria-label={`Select ${device.name}`}
              checked={selectedIds.has(device.id)}
              onClick={(event) => event.stopPropagation()}
              onChange={(event) => toggle(device.id, event.target.checked)}
            />
          ) : null,
      },
      ...deviceColumns,
      {
        key: 'scan',
        header: 'Last scan',
        width: 'minmax(160px, 1.6fr)',
        render: (device) =>
          device.retiredAt !== null ? (
            `Retired ${formatDate(device.retiredAt)}`
          ) : scanRunning(progress[device.id]) ? (
            <ScanCell device={device} progress={progress[device.id]} />
          ) : (
            scanSummary(device)
          ),
        title: (device) =>
          device.retiredAt !== null
            ? 'Not scanned, patched or counted; reinstate it from its edit panel.'
            : device.lastScanStatus === 'ok'
              ? undefined
              : (device.lastScanError ?? undefined),
        className: (device) =>
          device.retiredAt !== null
            ? 'cell-muted'
            : scanRunning(progress[device.id])
              ? undefined
              : scanSummaryClass(device),
      },
      {
        key: 'actions',
        header: '',
        width: '152px',
        align: 'end',
        className: () => 'cell-actions',
        // A retired device has nothing to scan or trust: its edit panel reinstates it. A changed host key asks for the
        // technician's decision, so its button is always there, and last: the cell is right-aligned, so the others
        // appear to its left and it stays where the pointer is going. The rest only in the row under the pointer or
        // the keyboard. Three buttons in every row were a third of what a fast scroll built and dropped, and so of the
        // garbage collections that dropped its frames (docs/benchmarks.md, session 8).
        render: (device, active) => (
          <>
            {active ? (
              <>
                {device.retiredAt === null ? (
                  <RowAction
                    icon="scan"
                    label={`Scan ${device.name}`}
                    onClick={() => void scan({ deviceIds: [device.id] })}
                  />
                ) : null}
                <RowAction icon="edit" label={`Edit ${device.name}`} onClick={() => setEditing({ device })} />
                <RowAction
                  icon="remove"
                  tone="danger"
                  label={`Remove ${device.name}`}
                  onClick={() => setRemoving(device)}
                />
              </>
            ) : null}
            {device.retiredAt === null && device.lastScanStatus === 'host-key-mismatch' ? (
              <RowAction
                icon="trust"
                label={`Trust new key of ${device.name}`}
                onClick={() => setTrusting(device)}
              />
            ) : null}
          </>
        ),
      },
    ],
    [selectedIds, progress, scan],
  );
  const selected = devices.filter((device) => selectedIds.has(device.id));
  // Stable, so the memoised rows are not all rendered again when something else on the page changes.
  const openDevice = useCallback((device: Device) => setEditing({ device }), []);

  const filtered = search.trim() !== '' || clientId !== null || retired !== 'hide';
  const noClients = clientsStatus === 'ready' && clients.length === 0;
  const addButton = (
    <Button variant="primary" icon={Plus} onClick={() => setEditing({ device: null })} disabled={noClients}>
      Add device
    </Button>
  );
  const clientName = clients.find((client) => client.id === clientId)?.name;
  const scanButton =
    devices.length === 0 ? null : (
      <Button
        icon={Radar}
        busy={scanning}
        onClick={() => void scan(clientId === null ? { all: true } : { clientId })}
      >
        {clientId === null ? 'Scan all' : `Scan ${clientName ?? 'client'}`}
      </Button>
    );

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
        <Toolbar end={<ToolbarCount count={devices.length} noun="device" />}>
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
          <Select
            label="Retired devices"
            quiet
            value={retired}
            options={retiredOptions}
            onChange={(value) => setRetiredFilter(value as RetiredDevices)}
          />
        </Toolbar>
        {selected.length > 0 ? (
          <BulkBar selected={selected} onDone={() => setSelectedIds(new Set())} />
        ) : null}
        <Table
          label="Devices"
          rows={devices}
          columns={columns}
          rowKey={deviceKey}
          onRowClick={openDevice}
          emptyMessage={
            search.trim() !== ''
              ? `No devices${clientName ? ` of ${clientName}` : ''} match '${search.trim()}'.`
              : retired === 'only'
                ? `No retired devices${clientName ? ` of ${clientName}` : ''}.`
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
        actions={
          <>
            {scanButton}
            {addButton}
          </>
        }
      />
      {body}
      {editing ? (
        <Suspense fallback={null}>
          <DeviceForm
            device={editing.device}
            clientId={clientId}
            onClose={() => setEditing(null)}
            onRetire={(device) => (setEditing(null), setRetiring(device))}
          />
        </Suspense>
      ) : null}
      <TrustDialog
        device={trusting}
        onReadHostKey={readHostKey}
        onTrust={trust}
        onClose={() => setTrusting(null)}
      />
      <ConfirmDialog
        open={retiring !== null}
        title={`Retire device '${retiring?.name ?? ''}'?`}
        message={retireMessage(retiring)}
        confirmLabel="Retire device"
        onConfirm={() => (retiring ? retire(retiring) : Promise.resolve(null))}
        onClose={() => setRetiring(null)}
      />
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
