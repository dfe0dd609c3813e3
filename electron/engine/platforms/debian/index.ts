import type { PlatformAdapter } from '../types';
import { debianDeployment } from './deploy-adapter';
import { debianScanScript } from './scan-script';
import { parseDebianScan } from './parse-scan';

/**
 * Debian and Ubuntu (and their derivatives): dpkg inventory, apt's simulated dist-upgrade for missing updates.
 * A full scan refreshes apt's lists first, which needs root, so only the full script asks for sudo.
 */
export const debianAdapter: PlatformAdapter = {
  family: 'debian',
  scanScript: (depth) => ({ shell: 'sh', script: debianScanScript(depth), sudo: depth === 'full' }),
  parseScan: parseDebianScan,
  deployment: debianDeployment,
};
