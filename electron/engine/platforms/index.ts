import type { PlatformFamily } from '../../../shared/domain/inventory';
import { debianAdapter } from './debian';
import { macosAdapter } from './macos';
import { rhelAdapter } from './rhel';
import type { PlatformAdapter } from './types';
import { windowsAdapter } from './windows';

export { detectScript, parseDetection, type Detection } from './detect';
export { ParseError, type PlatformAdapter, type ScanDepth, type ScanReport } from './types';

/** The adapter for each OS family Patchdeck can scan and patch. */
const adapters: Partial<Record<PlatformFamily, PlatformAdapter>> = {
  debian: debianAdapter,
  rhel: rhelAdapter,
  macos: macosAdapter,
  windows: windowsAdapter,
};

/** The adapter for a family, or null when Patchdeck cannot handle that family yet. */
export function adapterFor(family: PlatformFamily): PlatformAdapter | null {
  return adapters[family] ?? null;
}
