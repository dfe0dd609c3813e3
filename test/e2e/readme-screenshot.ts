// Makes docs/screenshot.png, the README's picture of the console: the Devices page with the demo fleet, light
// theme, 1440×900. Not a test; run it after `npx vite build`:
//   npx esbuild --bundle --platform=node --format=esm --packages=external test/e2e/readme-screenshot.ts \
//     --outfile=test-results/readme-screenshot.mjs && node test-results/readme-screenshot.mjs
import path from 'node:path';
import { findRepositoryRoot, startBridge } from '../bridge/start-bridge';
import { launchChromium, openConsole } from './chromium';
import { makeKeyFile, seedDemoFleet } from './demo-fleet';

const bridge = await startBridge();
const browser = await launchChromium();
try {
  await seedDemoFleet(bridge.engine, makeKeyFile());
  const tab = await openConsole(browser, `${bridge.url}#/devices`, {
    viewport: { width: 1440, height: 900 },
  });
  await tab.page.getByRole('table', { name: 'Devices' }).getByText('reception-mac').waitFor();
  const file = path.join(findRepositoryRoot(), 'docs/screenshot.png');
  await tab.page.screenshot({ path: file });
  if (tab.problems.length > 0) throw new Error(`The console reported problems: ${tab.problems.join('; ')}`);
  console.log(JSON.stringify({ screenshot: file }));
} finally {
  await browser.close();
  await bridge.close();
}
