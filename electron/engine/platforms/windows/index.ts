import type { PlatformAdapter } from '../types';
import { windowsDeployment } from './deploy-adapter';
import { parseWindowsScan } from './scan-report';
import { windowsScanScript } from './scan-script';

/**
 * Windows: Windows Update (WUA COM search and history), Get-HotFix, the uninstall registry, winget and Chocolatey,
 * and the pending-reboot signals. Reading WUA and HKLM needs no elevation; a scan runs as the SSH user. Deployment:
 * deploy-adapter.ts.
 */
export const windowsAdapter: PlatformAdapter = {
  family: 'windows',
  scanScript: (depth) => ({ shell: 'powershell', script: windowsScanScript(depth), sudo: false }),
  parseScan: (output, depth) => parseWindowsScan(output, depth),
  deployment: windowsDeployment,
};
