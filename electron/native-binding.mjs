// Builds better-sqlite3 for Electron's ABI into build/native/electron/, leaving node_modules' Node build alone:
// tests and the CLI run in Node, the app in Electron, and one .node file cannot serve both. The app loads this
// copy through better-sqlite3's nativeBinding option. Needs Electron's headers (downloaded by node-gyp).
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const electronVersion = require('electron/package.json').version;
const moduleRoot = path.dirname(require.resolve('better-sqlite3/package.json'));
const outDir = path.resolve('build/native/electron');
const target = path.join(outDir, 'better_sqlite3.node');
const stamp = path.join(outDir, 'stamp.json');
const wanted = JSON.stringify({ electronVersion, sqlite: require('better-sqlite3/package.json').version });

if (fs.existsSync(target) && fs.existsSync(stamp) && fs.readFileSync(stamp, 'utf8') === wanted) process.exit(0);

const work = path.resolve('build/native/work');
fs.rmSync(work, { recursive: true, force: true });
fs.cpSync(moduleRoot, work, { recursive: true, filter: (source) => !source.includes(`${path.sep}build${path.sep}`) });
try {
  execFileSync(
    process.execPath,
    [require.resolve('node-gyp/bin/node-gyp.js'), 'rebuild', '--release', `--target=${electronVersion}`, '--dist-url=https://electronjs.org/headers'],
    { cwd: work, stdio: 'inherit' },
  );
} catch {
  console.error(`Could not build better-sqlite3 for Electron ${electronVersion} (node-gyp needs Electron's headers: is this machine online?).`);
  process.exit(1);
}
fs.mkdirSync(outDir, { recursive: true });
fs.copyFileSync(path.join(work, 'build', 'Release', 'better_sqlite3.node'), target);
fs.writeFileSync(stamp, wanted);
fs.rmSync(work, { recursive: true, force: true });
console.log(`better-sqlite3 for Electron ${electronVersion}: ${target}`);
