import type { PlatformFamily } from '../../../shared/domain/inventory';
import { alpineAdapter } from './alpine';
import { archAdapter } from './arch';
import { debianAdapter } from './debian';
import { macosAdapter } from './macos';
import { rhelAdapter } from './rhel';
import { suseAdapter } from './suse';
import type { PlatformAdapter } from './types';
import { windowsAdapter } from './windows';

export { detectScript, parseDetection, type Detection } from './detect';
export { ParseError, type PlatformAdapter, type ScanDepth, type ScanReport } from './types';

/** The adapter for each OS family Patchdeck can scan and patch. */
const adapters: Record<PlatformFamily, PlatformAdapter> = {
  debian: debianAdapter,
  rhel: rhelAdapter,
  suse: suseAdapter,
  alpine: alpineAdapter,
  arch: archAdapter,
  macos: macosAdapter,
  windows: windowsAdapter,
};

/** The adapter that scans and patches devices of this OS family. */
export function adapterFor(family: PlatformFamily): PlatformAdapter {
  return adapters[family];
}
