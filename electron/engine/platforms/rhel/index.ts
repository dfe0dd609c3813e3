import type { PlatformAdapter } from '../types';
import { rhelDeployment } from './deploy-adapter';
import { rhelScanScript } from './scan-script';
import { parseRhelScan } from './parse-scan';

/**
 * RHEL and its rebuilds (Rocky, Alma, CentOS Stream, Oracle Linux), Fedora and Amazon Linux: rpm inventory, dnf
 * (or yum) check-update with updateinfo advisories, needs-restarting for the reboot flag. A full scan refreshes
 * the system's metadata cache, which needs root.
 */
export const rhelAdapter: PlatformAdapter = {
  family: 'rhel',
  scanScript: (depth) => ({ shell: 'sh', script: rhelScanScript(depth), sudo: depth === 'full' }),
  parseScan: parseRhelScan,
  deployment: rhelDeployment,
};
