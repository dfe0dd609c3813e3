import type { ApprovalQueueEntry } from '../../../../shared/domain/policies';
import { Badge } from '../../ui/badge';

// A deferral ends within months: the day and month say enough in a narrow cell.
const shortDay = new Intl.DateTimeFormat(undefined, { month: 'short', day: 'numeric' });

/** A package's fleet-wide decision as the technician took it on the Patches page: approved, deferred, excluded. */
export function DecisionBadge({ decision }: { readonly decision: ApprovalQueueEntry['decision'] }) {
  if (decision === null) return <span className="cell-muted">Waiting</span>;
  switch (decision.decision) {
    case 'approve':
      return <Badge tone="success">Approved</Badge>;
    case 'exclude':
      return <Badge tone="danger">Excluded</Badge>;
    case 'defer':
      return (
        <Badge tone="info">
          Deferred to {decision.until ? shortDay.format(new Date(decision.until)) : '?'}
        </Badge>
      );
  }
}
