import type { PlatformAdapter } from '../types';
import { alpineDeployment } from './deploy-adapter';
import { alpineScanScript } from './scan-script';
import { parseAlpineScan } from './parse-scan';

/**
 * Alpine Linux: apk inventory and upgradable list; a pending reboot is inferred from the running kernel's modules
 * having been replaced. A full scan runs `apk update`, which needs root.
 */
export const alpineAdapter: PlatformAdapter = {
  family: 'alpine',
  scanScript: (depth) => ({ shell: 'sh', script: alpineScanScript(depth), sudo: depth === 'full' }),
  parseScan: parseAlpineScan,
  deployment: alpineDeployment,
};
