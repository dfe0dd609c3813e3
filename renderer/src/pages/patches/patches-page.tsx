import { PackageCheck } from 'lucide-react';
import { ComingPage } from '../coming-page';

/** Fleet-wide missing patches, by package: approve, defer or exclude for many devices at once. */
export function PatchesPage() {
  return (
    <ComingPage
      title="Patches"
      description="Missing updates across the fleet, grouped by package."
      icon={PackageCheck}
      emptyTitle="No scans yet"
      next={{ label: 'Go to Devices', page: 'devices' }}
    >
      Add a device and scan it. Its missing updates appear here by package, with CVEs and deadlines, ready to
      approve, defer or exclude for many devices at once.
    </ComingPage>
  );
}
