import type { ReactNode } from 'react';
import type { LucideIcon } from 'lucide-react';
import { Button } from '../ui/button';
import { EmptyState } from '../ui/empty-state';
import { PageHeader } from '../ui/page-header';

export interface ComingPageProps {
  readonly title: string;
  readonly description: string;
  readonly icon: LucideIcon;
  readonly emptyTitle: string;
  readonly children: ReactNode;
  /** Where the technician can go to make this page fill up. */
  readonly next?: { readonly label: string; readonly page: string };
}

/** A page whose data does not exist yet: what it will show, and the step that gets it there. */
export function ComingPage({ title, description, icon, emptyTitle, children, next }: ComingPageProps) {
  return (
    <div className="page">
      <PageHeader title={title} description={description} />
      <EmptyState
        icon={icon}
        title={emptyTitle}
        action={
          next ? (
            <Button variant="primary" onClick={() => (window.location.hash = `#/${next.page}`)}>
              {next.label}
            </Button>
          ) : undefined
        }
      >
        {children}
      </EmptyState>
    </div>
  );
}
