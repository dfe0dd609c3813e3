import { ListChecks } from 'lucide-react';
import { ComingPage } from '../coming-page';

/** Automation profiles: what gets patched, when (maintenance windows), in which ring order. */
export function PoliciesPage() {
  return (
    <ComingPage
      title="Policies"
      description="When and how updates install by themselves."
      icon={ListChecks}
      emptyTitle="No policies yet"
      next={{ label: 'Go to Clients', page: 'clients' }}
    >
      A policy says which devices of a client get which updates, in which maintenance window and ring order,
      and whether they may reboot. Until one exists, nothing installs without you starting it.
    </ComingPage>
  );
}
