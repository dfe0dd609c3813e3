import type { ReactNode } from 'react';
import type { LucideIcon } from 'lucide-react';

export interface EmptyStateProps {
  readonly icon: LucideIcon;
  readonly title: string;
  readonly children: ReactNode;
  /** What to do next, usually one button. */
  readonly action?: ReactNode;
}

/** What a page shows when it has nothing yet: what will be here and how to get there. */
export function EmptyState({ icon: Icon, title, children, action }: EmptyStateProps) {
  return (
    <section className="empty-state" aria-label={title}>
      <div className="empty-state__icon">
        <Icon size={28} aria-hidden="true" />
      </div>
      <h2 className="empty-state__title">{title}</h2>
      <div className="empty-state__text">{children}</div>
      {action ? <div className="empty-state__action">{action}</div> : null}
    </section>
  );
}
