import type { JobDeviceStatus } from '../../../../shared/domain/jobs';
import { assertNever } from '../../../../shared/errors';
import { Badge, type BadgeTone } from '../../ui/badge';

function toneOf(status: JobDeviceStatus): BadgeTone {
  switch (status) {
    case 'queued':
      return 'neutral';
    case 'running':
      return 'info';
    case 'succeeded':
      return 'success';
    case 'failed':
    case 'host-key-mismatch':
      return 'danger';
    case 'cancelled':
    case 'skipped':
      return 'warning';
    default:
      return assertNever(status, 'job status');
  }
}

/** A job's or a device's status as a coloured pill. */
export function JobStatusBadge({ status }: { readonly status: JobDeviceStatus }) {
  return <Badge tone={toneOf(status)}>{status}</Badge>;
}
