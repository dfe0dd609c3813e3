import type { JobStatus } from '../../../../shared/domain/jobs';
import { assertNever } from '../../../../shared/errors';
import { Badge, type BadgeTone } from '../../ui/badge';

function toneOf(status: JobStatus): BadgeTone {
  switch (status) {
    case 'queued':
      return 'neutral';
    case 'running':
      return 'info';
    case 'succeeded':
      return 'success';
    case 'failed':
      return 'danger';
    case 'cancelled':
    case 'skipped':
      return 'warning';
    default:
      return assertNever(status, 'job status');
  }
}

/** A job's or a device's status as a coloured pill. */
export function JobStatusBadge({ status }: { readonly status: JobStatus }) {
  return <Badge tone={toneOf(status)}>{status}</Badge>;
}
