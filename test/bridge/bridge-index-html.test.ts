import { describe, expect, it } from 'vitest';
import { bridgeIndexHtml } from './start-bridge';

const built = `<!doctype html>
<html><head>
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'self'; connect-src 'self'; base-uri 'none'" />
<script type="module" crossorigin src="./assets/index-abc.js"></script>
<link rel="stylesheet" crossorigin href="./assets/index-abc.css">
</head><body><div id="root"></div></body></html>`;

describe('bridgeIndexHtml', () => {
  it('runs the bridge client before the app and lets the page reach the bridge socket', () => {
    const html = bridgeIndexHtml(built, 'ws://127.0.0.1:4567');
    const client = html.indexOf('<script src="./__bridge/client.js"></script>');
    const app = html.indexOf('<script type="module"');
    expect(client).toBeGreaterThan(0);
    expect(client).toBeLessThan(app);
    expect(html).toContain("connect-src 'self' ws://127.0.0.1:4567;");
    // Nothing else in the policy loosens.
    expect(html).toContain("default-src 'none'; script-src 'self';");
  });

  it('refuses a page it cannot bridge, naming what is missing', () => {
    expect(() => bridgeIndexHtml('<html></html>', 'ws://127.0.0.1:1')).toThrow(/no module script/);
    expect(() => bridgeIndexHtml('<script type="module" src="x.js"></script>', 'ws://127.0.0.1:1')).toThrow(
      /no connect-src 'self'/,
    );
  });
});
