import type { PlatformAdapter } from '../types';
import { archDeployment } from './deploy-adapter';
import { archScanScript } from './scan-script';
import { parseArchScan } from './parse-scan';

/**
 * Arch Linux and derivatives: pacman inventory and pending updates, never a partial `pacman -Sy` of the real
 * databases. A full scan syncs a temporary copy, which without checkupdates needs root.
 */
export const archAdapter: PlatformAdapter = {
  family: 'arch',
  scanScript: (depth) => ({ shell: 'sh', script: archScanScript(depth), sudo: depth === 'full' }),
  parseScan: parseArchScan,
  deployment: archDeployment,
};
