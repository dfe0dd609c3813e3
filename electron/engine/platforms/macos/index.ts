import type { PlatformAdapter } from '../types';
import { macosDeployment } from './deploy-adapter';
import { parseMacosScan } from './scan-report';
import { macosScanScript } from './scan-script';

/** macOS: Apple's softwareupdate, Homebrew formulae and casks (run as the prefix's owner), and installed apps. */
export const macosAdapter: PlatformAdapter = {
  family: 'macos',
  scanScript: (depth) => ({ shell: 'sh', script: macosScanScript(depth), sudo: false }),
  parseScan: (output, depth) => parseMacosScan(output, depth),
  deployment: macosDeployment,
};
