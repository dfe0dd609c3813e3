// Makes docs/screenshot.png, the README's picture of the console: the Dashboard with the demo fleet (the same
// one "Explore with demo data" loads), light theme, 1440×900. Not a test; run it after `npx vite build`:
//   npx esbuild --bundle --platform=node --format=esm --packages=external test/e2e/readme-screenshot.ts \
//     --outfile=test-results/readme-screenshot.mjs && node test-results/readme-screenshot.mjs
import path from 'node:path';
import { loadDemoFleet } from '../../electron/engine/demo/demo-fleet';
import { findRepositoryRoot, startBridge } from '../bridge/start-bridge';
import { launchChromium, openConsole } from './chromium';

const bridge = await startBridge();
const browser = await launchChromium();
try {
  await loadDemoFleet(bridge.engine, new Date());
  const tab = await openConsole(browser, `${bridge.url}#/dashboard`, {
    viewport: { width: 1440, height: 900 },
    colorScheme: 'light',
  });
  await tab.page.getByRole('heading', { name: 'Dashboard' }).waitFor();
  await tab.page.waitForLoadState('networkidle');
  const file = path.join(findRepositoryRoot(), 'docs/screenshot.png');
  await tab.page.screenshot({ path: file });
  if (tab.problems.length > 0) throw new Error(`The console reported problems: ${tab.problems.join('; ')}`);
  console.log(JSON.stringify({ screenshot: file }));
} finally {
  await browser.close();
  await bridge.close();
}
