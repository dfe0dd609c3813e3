// Runs every test/bench/*.bench.ts (or the ones named on the command line), each bundled by esbuild and run in
// its own Node process so one benchmark's heap and event loop never colour another's numbers.
import { execFileSync } from 'node:child_process';
import { build } from 'esbuild';
import fs from 'node:fs';
import path from 'node:path';

const here = path.dirname(new URL(import.meta.url).pathname);
const wanted = process.argv.slice(2);
const benches = fs
  .readdirSync(here)
  .filter((file) => file.endsWith('.bench.ts'))
  .filter((file) => wanted.length === 0 || wanted.some((name) => file.includes(name)));
// Inside the project so the bundles resolve the project's node_modules.
const outDir = path.resolve('node_modules/.cache/patchdeck-bench');
fs.mkdirSync(outDir, { recursive: true });

for (const file of benches) {
  const outfile = path.join(outDir, file.replace(/\.ts$/, '.mjs'));
  await build({
    entryPoints: [path.join(here, file)],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    packages: 'external',
    logLevel: 'warning',
  });
  console.log(`\n== ${file}`);
  execFileSync(process.execPath, ['--expose-gc', outfile], { stdio: 'inherit', cwd: process.cwd() });
}
