import { ClipboardList } from 'lucide-react';
import { ComingPage } from '../coming-page';

/** Scans and deployments, live per device, with cancel, retry and roll back. */
export function JobsPage() {
  return (
    <ComingPage
      title="Jobs"
      description="Scans and deployments, with live progress per device."
      icon={ClipboardList}
      emptyTitle="No jobs have run"
      next={{ label: 'Go to Devices', page: 'devices' }}
    >
      Every scan and every deployment is recorded here as it runs: per-device progress and output, and the way
      to cancel, retry the failed ones or roll back.
    </ComingPage>
  );
}
