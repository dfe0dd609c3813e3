// Bundles the Node-side entry points with esbuild: the Electron main process, the sandboxed preload (one file,
// as sandbox: true requires), the engine's utility process, and the CLI.
import { build, context } from 'esbuild';

const external = [
  'electron',
  'better-sqlite3',
  'node-ssh',
  'ssh2',
  'cpu-features',
  'pdfkit',
  'electron-updater',
];
const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: true,
  external,
  logLevel: 'warning',
  // report-fonts.ts reads import.meta.url only where __dirname is missing (ES modules), never in these bundles.
  logOverride: { 'empty-import-meta': 'silent' },
};

const entries = [
  { entryPoints: ['electron/main/index.ts'], outfile: 'dist/electron/main.cjs' },
  {
    entryPoints: ['electron/preload/index.ts'],
    outfile: 'dist/electron/preload.cjs',
    external: ['electron'],
  },
  { entryPoints: ['electron/engine/host/engine-host.ts'], outfile: 'dist/electron/engine-host.cjs' },
  { entryPoints: ['electron/cli/index.ts'], outfile: 'dist/cli/patchdeck.cjs' },
];

if (process.argv.includes('--watch')) {
  for (const entry of entries) await (await context({ ...common, ...entry })).watch();
} else {
  await Promise.all(entries.map((entry) => build({ ...common, ...entry })));
}
