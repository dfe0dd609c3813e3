import { assertNever } from '../../../shared/errors';
import { ClientsPage } from '../pages/clients/clients-page';
import { DashboardPage } from '../pages/dashboard/dashboard-page';
import { DevicePage } from '../pages/device/device-page';
import { DevicesPage } from '../pages/devices/devices-page';
import { JobsPage } from '../pages/jobs/jobs-page';
import { PatchesPage } from '../pages/patches/patches-page';
import { PoliciesPage } from '../pages/policies/policies-page';
import { ReportsPage } from '../pages/reports/reports-page';
import { SettingsPage } from '../pages/settings/settings-page';
import { VulnerabilitiesPage } from '../pages/vulnerabilities/vulnerabilities-page';
import { useNavigationStore, type Page } from '../stores/navigation-store';
import { Sidebar } from './sidebar';
import { ToastRegion } from './toast-region';

function CurrentPage({ page, deviceId }: { readonly page: Page; readonly deviceId: number | null }) {
  switch (page) {
    case 'dashboard':
      return <DashboardPage />;
    case 'clients':
      return <ClientsPage />;
    case 'devices':
      return deviceId === null ? <DevicesPage /> : <DevicePage key={deviceId} deviceId={deviceId} />;
    case 'vulnerabilities':
      return <VulnerabilitiesPage />;
    case 'patches':
      return <PatchesPage />;
    case 'policies':
      return <PoliciesPage />;
    case 'jobs':
      return <JobsPage />;
    case 'reports':
      return <ReportsPage />;
    case 'settings':
      return <SettingsPage />;
    default:
      return assertNever(page, 'page');
  }
}

/** The console: navigation on the left, the current page on the right, toasts on top. */
export function App() {
  const page = useNavigationStore((state) => state.page);
  const deviceId = useNavigationStore((state) => state.deviceId);
  return (
    <div className="app">
      <Sidebar />
      <main className="main" id="main" data-page={page}>
        <CurrentPage key={page} page={page} deviceId={deviceId} />
      </main>
      <ToastRegion />
    </div>
  );
}
