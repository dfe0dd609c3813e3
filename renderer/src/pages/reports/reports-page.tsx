import { FileBarChart } from 'lucide-react';
import { ComingPage } from '../coming-page';

/** Compliance reports per client, as PDF, HTML or CSV. */
export function ReportsPage() {
  return (
    <ComingPage
      title="Reports"
      description="Patch compliance per client, to send or to file."
      icon={FileBarChart}
      emptyTitle="Nothing to report yet"
      next={{ label: 'Go to Devices', page: 'devices' }}
    >
      Reports need scan results. Once a client&apos;s devices are scanned you can preview its compliance here
      and export it as PDF, HTML or CSV.
    </ComingPage>
  );
}
