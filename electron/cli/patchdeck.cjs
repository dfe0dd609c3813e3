#!/usr/bin/env node
// `npx patchdeck`: the bundled CLI lives in dist/ after `npm run build`.
const path = require('node:path');
const bundle = path.join(__dirname, '..', '..', 'dist', 'cli', 'patchdeck.cjs');
try {
  require.resolve(bundle);
} catch {
  process.stderr.write('patchdeck: not built yet; run `npm run build` first.\n');
  process.exit(2);
}
require(bundle);
