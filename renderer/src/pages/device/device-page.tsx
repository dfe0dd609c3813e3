import { useEffect, useMemo, useState } from 'react';
import { ArrowLeft, Radar, RotateCcw } from 'lucide-react';
import { formatAgo, formatCount, formatDate } from '../../format';
import { useInventoryStore } from '../../stores/inventory-store';
import { useScansStore } from '../../stores/scans-store';
import { Badge } from '../../ui/badge';
import { Button } from '../../ui/button';
import { PageHeader } from '../../ui/page-header';
import { Table } from '../../ui/table';
import { SearchBox, Toolbar, ToolbarCount } from '../../ui/toolbar';
import { describeAddress } from '../devices/device-text';
import { ScanCell } from '../devices/scan-cell';
import { changeColumns, packageColumns, patchColumns } from './patch-columns';
import { FormError } from '../../ui/form-error';

/**
 * One device: what it runs, what it is missing and why each missing update has its colour. A retired device's page
 * looks back at it, read-only: its facts, packages and history as its last scan left them, nothing to scan or deploy.
 */
export function DevicePage({ deviceId }: { readonly deviceId: number }) {
  const device = useInventoryStore((state) => state.device);
  const packages = useInventoryStore((state) => state.packages);
  const patches = useInventoryStore((state) => state.patches);
  const changes = useInventoryStore((state) => state.changes);
  const status = useInventoryStore((state) => state.status);
  const error = useInventoryStore((state) => state.error);
  const load = useInventoryStore((state) => state.load);
  const scan = useScansStore((state) => state.scan);
  const scanning = useScansStore((state) => state.progress[deviceId]);
  const [search, setSearch] = useState('');

  useEffect(() => void load(deviceId), [load, deviceId]);

  const shownPackages = useMemo(() => {
    const needle = search.trim().toLowerCase();
    return needle === ''
      ? packages
      : packages.filter(
          (pkg) => pkg.name.toLowerCase().includes(needle) || pkg.version.toLowerCase().includes(needle),
        );
  }, [packages, search]);

  const back = (
    <Button variant="ghost" icon={ArrowLeft} onClick={() => (window.location.hash = '#/devices')}>
      All devices
    </Button>
  );
  if (status === 'failed' || (status === 'ready' && !device))
    return (
      <div className="page">
        <PageHeader title="Device" actions={back} />
        <FormError message={error} />
      </div>
    );
  if (!device) return <div className="page" aria-busy="true" />;

  const overdue = patches.filter((entry) => entry.priority?.overdue).length;
  const kev = patches.filter((entry) => entry.priority?.kev).length;
  const busy = scanning !== undefined && scanning.stage !== 'done';
  const retired = device.retiredAt !== null;
  const rescan = async () => {
    await scan({ deviceIds: [device.id] });
    await load(device.id);
  };

  return (
    <div className="page">
      <PageHeader
        title={device.name}
        description={`${device.clientName} · ${device.user}@${describeAddress(device)}`}
        actions={
          <>
            {back}
            {retired ? null : (
              <Button variant="primary" icon={Radar} busy={busy} onClick={() => void rescan()}>
                Scan now
              </Button>
            )}
          </>
        }
      />
      {device.retiredAt !== null ? (
        <div className="callout callout--warning" role="note">
          Retired on {formatDate(device.retiredAt)}: Patchdeck no longer scans or patches it. Below is what
          its last scan found and what scans saw change; reinstate it on the Devices page to manage it again.
        </div>
      ) : null}
      <div className="device-grid">
        <section className="card" aria-label="System">
          <h2 className="card__title">System</h2>
          <dl className="facts facts--compact">
            <dt>OS</dt>
            <dd>{device.os?.name ?? 'Not scanned yet'}</dd>
            <dt>Kernel / build</dt>
            <dd className="mono">{device.os?.kernel ?? device.os?.codename ?? '—'}</dd>
            <dt>Architecture</dt>
            <dd>{device.os?.arch ?? '—'}</dd>
            <dt>Reboot</dt>
            <dd>
              {device.rebootRequired === null ? (
                <span className="cell-muted">unknown</span>
              ) : device.rebootRequired ? (
                <Badge tone="warning">
                  <RotateCcw size={12} aria-hidden="true" /> reboot pending
                </Badge>
              ) : (
                'not needed'
              )}
            </dd>
            <dt>Ring</dt>
            <dd>{device.ring}</dd>
          </dl>
        </section>
        <section className="card" aria-label="Last scan">
          <h2 className="card__title">Last scan</h2>
          <dl className="facts facts--compact">
            <dt>When</dt>
            <dd>{device.lastScanAt ? formatAgo(device.lastScanAt) : 'never'}</dd>
            <dt>Result</dt>
            <dd>
              <ScanCell device={device} progress={scanning} />
            </dd>
            {retired ? null : (
              <>
                <dt>Missing updates</dt>
                <dd>
                  {formatCount(patches.length)}
                  {overdue > 0 ? <span className="overdue"> · {overdue} overdue</span> : null}
                  {kev > 0 ? <span className="overdue"> · {kev} KEV</span> : null}
                </dd>
              </>
            )}
            <dt>Installed</dt>
            <dd>{formatCount(packages.length)} packages</dd>
          </dl>
        </section>
      </div>
      {retired ? null : (
        <>
          <h2 className="section-title">Missing updates</h2>
          <div
            className="fixed-height"
            style={{ height: Math.min(420, Math.max(240, 44 * (patches.length + 1) + 4)) }}
          >
            <Table
              label="Missing updates"
              rows={patches}
              columns={patchColumns}
              rowKey={({ patch }) => `${patch.manager}:${patch.name}:${patch.arch ?? ''}`}
              emptyMessage={
                device.lastScanAt
                  ? 'Nothing missing: this device is up to date.'
                  : 'Scan the device to see what it is missing.'
              }
            />
          </div>
        </>
      )}
      <h2 className="section-title">Installed packages</h2>
      <Toolbar end={<ToolbarCount count={shownPackages.length} noun="package" />}>
        <SearchBox
          label="Search packages"
          placeholder="Search name or version"
          value={search}
          onChange={setSearch}
        />
      </Toolbar>
      <div className="fixed-height">
        <Table
          label="Installed packages"
          rows={shownPackages}
          columns={packageColumns}
          rowKey={(pkg) => `${pkg.manager}:${pkg.name}:${pkg.arch ?? ''}:${pkg.version}`}
          emptyMessage={
            search.trim() !== ''
              ? `No package matches '${search.trim()}'.`
              : retired
                ? 'No inventory: the device was not scanned before it was retired.'
                : 'No inventory yet: scan the device.'
          }
        />
      </div>
      <h2 className="section-title">History</h2>
      <div
        className="fixed-height"
        style={{ height: Math.min(420, Math.max(160, 44 * (changes.length + 1) + 4)) }}
      >
        <Table
          label="Package history"
          rows={changes}
          columns={changeColumns}
          rowKey={(change) => `${change.at}:${change.manager}:${change.name}:${change.arch}`}
          emptyMessage="No changes seen yet: the first scan is the baseline, later scans record what changed."
        />
      </div>
    </div>
  );
}
