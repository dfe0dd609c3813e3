import { LoaderCircle } from 'lucide-react';
import type { Device, ScanStatus } from '../../../../shared/domain/fleet';
import { assertNever } from '../../../../shared/errors';
import { formatAgo } from '../../format';
import type { ScanState } from '../../stores/scans-store';
import { Badge, type BadgeTone } from '../../ui/badge';

/** The badge colour of a scan result: reachable but refused is worse than briefly unreachable. */
export function scanTone(status: ScanStatus): BadgeTone {
  switch (status) {
    case 'ok':
      return 'success';
    case 'timeout':
    case 'unreachable':
      return 'warning';
    case 'auth-failed':
    case 'host-key-mismatch':
    case 'failed':
      return 'danger';
    default:
      return assertNever(status, 'scan status');
  }
}

/** A scan running (queued, connecting or scanning): its cell shows live progress instead of the last result. */
export function scanRunning(
  progress: ScanState | undefined,
): progress is ScanState & { readonly stage: Exclude<ScanState['stage'], 'done'> } {
  return progress !== undefined && progress.stage !== 'done';
}

/** A device's last scan result and what to say with it (when, or the error), or null when it was never scanned. */
function lastScanOf(device: Device): { readonly status: ScanStatus; readonly detail: string } | null {
  if (!device.lastScanAt || !device.lastScanStatus) return null;
  const ago = formatAgo(device.lastScanAt);
  return {
    status: device.lastScanStatus,
    detail: device.lastScanStatus === 'ok' ? ago : (device.lastScanError ?? ago),
  };
}

/**
 * The last scan in the Devices table, as one line of text: "ok · 3 hours ago", "unreachable · connect ETIMEDOUT …".
 * Words, not a badge and a note: a fast flick builds a dozen rows per frame, and elements per row decide how
 * often the garbage collection that drops a frame runs (docs/benchmarks.md, session 8). The cell's class gives a
 * failure its colour (scanSummaryClass); the device's own page keeps the badge (ScanCell).
 */
export function scanSummary(device: Device): string {
  const last = lastScanOf(device);
  return last ? `${last.status} · ${last.detail}` : 'Never scanned';
}

/** The summary cell's colour: grey for never scanned, the failure's tone for a failed scan, plain for ok. */
export function scanSummaryClass(device: Device): string | undefined {
  const last = lastScanOf(device);
  if (!last) return 'cell-muted';
  const tone = scanTone(last.status);
  return tone === 'success' ? undefined : `cell-scan--${tone}`;
}

const stageLabels = { queued: 'queued', connecting: 'connecting…', scanning: 'scanning…' } as const;

/**
 * What the technician should read about a device's scan: live progress while one runs, otherwise the last
 * result with its error in words and when it happened. The device's page shows it; the Devices table shows the
 * progress and otherwise scanSummary.
 */
export function ScanCell({
  device,
  progress,
}: {
  readonly device: Device;
  readonly progress: ScanState | undefined;
}) {
  if (scanRunning(progress)) {
    return (
      <span className="scan-cell" role="status">
        <LoaderCircle size={14} className="spin" aria-hidden="true" />
        <Badge tone="info">{stageLabels[progress.stage]}</Badge>
      </span>
    );
  }
  const last = lastScanOf(device);
  if (!last) return 'Never scanned';
  return (
    <>
      <Badge tone={scanTone(last.status)}>{last.status}</Badge>
      <span className={last.status === 'ok' ? 'cell-note' : 'scan-cell__error'}>{last.detail}</span>
    </>
  );
}
