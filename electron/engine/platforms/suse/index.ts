import type { PlatformAdapter } from '../types';
import { suseDeployment } from './deploy-adapter';
import { suseScanScript } from './scan-script';
import { parseSuseScan } from './parse-scan';

/**
 * SUSE Linux Enterprise and openSUSE: rpm inventory, zypper's package updates and needed patches (with category,
 * severity and CVEs), needs-rebooting. A full scan refreshes the repositories, which needs root. Installs with zypper.
 */
export const suseAdapter: PlatformAdapter = {
  family: 'suse',
  scanScript: (depth) => ({ shell: 'sh', script: suseScanScript(depth), sudo: depth === 'full' }),
  parseScan: parseSuseScan,
  deployment: suseDeployment,
};
