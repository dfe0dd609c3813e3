import { useEffect } from 'react';
import { Building2, Monitor, Radar, ShieldAlert } from 'lucide-react';
import type { LucideIcon } from 'lucide-react';
import { formatCount } from '../../format';
import { useClientsStore } from '../../stores/clients-store';
import { useDevicesStore } from '../../stores/devices-store';
import { Button } from '../../ui/button';
import { EmptyState } from '../../ui/empty-state';
import { PageHeader } from '../../ui/page-header';

function Stat({
  icon: Icon,
  label,
  value,
  note,
}: {
  icon: LucideIcon;
  label: string;
  value: string;
  note: string;
}) {
  return (
    <section className="stat" aria-label={label}>
      <div className="stat__head">
        <Icon size={16} aria-hidden="true" />
        {label}
      </div>
      <div className="stat__value">{value}</div>
      <div className="stat__note">{note}</div>
    </section>
  );
}

/** The fleet at a glance. Until devices are scanned, it says how to get there. */
export function DashboardPage() {
  const clients = useClientsStore((state) => state.clients);
  const loadClients = useClientsStore((state) => state.load);
  const devices = useDevicesStore((state) => state.devices);
  const devicesFiltered = useDevicesStore((state) => state.search.trim() !== '' || state.clientId !== null);
  const loadDevices = useDevicesStore((state) => state.load);

  useEffect(() => {
    void loadClients();
    void loadDevices();
  }, [loadClients, loadDevices]);

  const deviceCount = clients.reduce((sum, client) => sum + client.deviceCount, 0);
  const scanned = devicesFiltered ? null : devices.filter((device) => device.lastScanStatus === 'ok').length;
  const go = (page: string) => () => (window.location.hash = `#/${page}`);

  return (
    <div className="page">
      <PageHeader title="Dashboard" description="Compliance, exposure and what needs you today." />
      <div className="stats">
        <Stat
          icon={Building2}
          label="Clients"
          value={formatCount(clients.length)}
          note="companies you patch for"
        />
        <Stat
          icon={Monitor}
          label="Devices"
          value={formatCount(deviceCount)}
          note="machines under management"
        />
        <Stat
          icon={Radar}
          label="Scanned"
          value={scanned === null ? '—' : formatCount(scanned)}
          note="devices with a good last scan"
        />
        <Stat icon={ShieldAlert} label="Overdue patches" value="—" note="known after the first scan" />
      </div>
      {clients.length === 0 ? (
        <EmptyState
          icon={Building2}
          title="Start with a client"
          action={
            <Button variant="primary" onClick={go('clients')}>
              Add a client
            </Button>
          }
        >
          Patchdeck groups machines by the company they belong to. Add a client, then its devices, then scan
          them to see what is missing.
        </EmptyState>
      ) : scanned === null || scanned === 0 ? (
        <EmptyState
          icon={Radar}
          title="No scans yet"
          action={
            <Button variant="primary" onClick={go('devices')}>
              Go to Devices
            </Button>
          }
        >
          Add a device and scan it: compliance per client, red, yellow and green deadlines, KEV exposure and
          failed jobs appear here.
        </EmptyState>
      ) : (
        <EmptyState icon={ShieldAlert} title="No missing-patch data yet">
          {formatCount(scanned)} devices answered their last scan. Compliance per client, red, yellow and
          green deadlines and KEV exposure appear here once scans collect missing updates.
        </EmptyState>
      )}
    </div>
  );
}
