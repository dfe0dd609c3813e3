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

/**
 * The last scan in the Devices table, as one line of text: "ok · 3 hours ago", "unreachable · connect ETIMEDOUT …".
 * Words, not a badge and a note: a fast flick builds a dozen rows per frame, and elements per row decide how
 * often the garbage collection that drops a frame runs (docs/benchmarks.md, session 8). The cell's class gives a
 * failure its colour (scanSummaryClass); the device's own page keeps the badge (ScanCell).
 */
export function scanSummary(device: Device): string {
  if (!device.lastScanAt || !device.lastScanStatus) return 'Never scanned';
  const detail =
    device.lastScanStatus === 'ok'
      ? formatAgo(device.lastScanAt)
      : (device.lastScanError ?? formatAgo(device.lastScanAt));
  return `${device.lastScanStatus} · ${detail}`;
}

/** The summary cell's colour: grey for never scanned, the failure's tone for a failed scan, plain for ok. */
export function scanSummaryClass(device: Device): string | undefined {
  if (!device.lastScanAt || !device.lastScanStatus) return 'cell-muted';
  const tone = scanTone(device.lastScanStatus);
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
  if (!device.lastScanAt || !device.lastScanStatus) return 'Never scanned';
  if (device.lastScanStatus === 'ok')
    return (
      <>
        <Badge tone="success">ok</Badge>
        <span className="cell-note">{formatAgo(device.lastScanAt)}</span>
      </>
    );
  return (
    <>
      <Badge tone={scanTone(device.lastScanStatus)}>{device.lastScanStatus}</Badge>
      <span className="scan-cell__error">{device.lastScanError ?? formatAgo(device.lastScanAt)}</span>
    </>
  );
}
