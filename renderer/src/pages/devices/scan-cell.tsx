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

/** A device without any scan result yet, and none running: its scan cell is only a grey note. */
export function neverScanned(device: Device, progress: ScanState | undefined): boolean {
  return (!progress || progress.stage === 'done') && (!device.lastScanAt || !device.lastScanStatus);
}

const stageLabels = { queued: 'queued', connecting: 'connecting…', scanning: 'scanning…' } as const;

/**
 * What the technician should read about a device's scan: live progress while one runs, otherwise the last
 * result with its error in words and when it happened. The table puts the error into the cell's tooltip too.
 */
export function ScanCell({
  device,
  progress,
}: {
  readonly device: Device;
  readonly progress: ScanState | undefined;
}) {
  if (progress && progress.stage !== 'done') {
    return (
      <span className="scan-cell" role="status">
        <LoaderCircle size={14} className="spin" aria-hidden="true" />
        <Badge tone="info">{stageLabels[progress.stage]}</Badge>
      </span>
    );
  }
  // Plain text: the table greys it out with the cell's own class (see neverScanned).
  if (!device.lastScanAt || !device.lastScanStatus) return 'Never scanned';
  // No wrapper element around the badge and its note: in the Devices table they sit in the cell as they are.
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
