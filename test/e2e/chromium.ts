import { chromium, type Browser, type Page } from 'playwright-core';
import { RENDERER_JS_FLAGS } from '../../electron/main/renderer-js-flags';

/**
 * Debian's Chromium, quiet: no sandbox (root in CI), no GPU, nothing that phones home; its renderer runs V8 with the
 * app's own flags, so the UI tests and the benchmarks see the renderer the app runs.
 */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run',
      '--disable-sync',
      `--js-flags=${RENDERER_JS_FLAGS}`,
    ],
  });
}

export interface ConsoleTab {
  readonly page: Page;
  /** Console errors and warnings, uncaught exceptions and CSP violations seen so far; a test expects none. */
  readonly problems: string[];
  close(): Promise<void>;
}

/**
 * A fresh browser context on the console (its own localStorage), with every console error, warning, page
 * error and CSP violation collected, so a test can assert the console stayed clean.
 */
export async function openConsole(
  browser: Browser,
  url: string,
  options: { colorScheme?: 'light' | 'dark'; viewport?: { width: number; height: number } } = {},
): Promise<ConsoleTab> {
  const context = await browser.newContext({
    colorScheme: options.colorScheme ?? 'light',
    viewport: options.viewport ?? { width: 1280, height: 800 },
    deviceScaleFactor: 1,
  });
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error' || message.type() === 'warning') {
      problems.push(`console ${message.type()}: ${message.text()}`);
    }
  });
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  // CSP violations also reach the console, but this names the directive even if Chromium's wording changes.
  await page.exposeFunction('__reportCspViolation', (text: string) =>
    problems.push(`CSP violation: ${text}`),
  );
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (event) => {
      const report = (window as unknown as { __reportCspViolation: (text: string) => void })
        .__reportCspViolation;
      report(`${event.violatedDirective} blocked ${event.blockedURI || 'inline code'}`);
    });
  });
  await page.goto(url);
  return { page, problems, close: () => context.close() };
}
