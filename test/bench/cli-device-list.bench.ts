// `patchdeck --json device list` with 2,000 devices, timed as a technician's script meets it: a whole process,
// from start to the JSON on stdout (the built CLI, through the package's bin shim).
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createEngine } from '../../electron/engine/create-engine';
import { createPassphraseVault } from '../../electron/engine/vault/passphrase-vault';

const DEVICES = 2_000;
const RUNS = 15;
const bin = path.resolve('electron/cli/patchdeck.cjs');
if (!fs.existsSync(path.resolve('dist/cli/patchdeck.cjs'))) throw new Error('Run `npm run build` first.');

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'patchdeck-cli-bench-'));
const dbPath = path.join(dir, 'bench.db');
const engine = createEngine({ dbPath, vault: createPassphraseVault('bench') });
const clients = ['Acme Logistics', 'Birch & Co', 'Northwind Dental', 'Harbour Legal'].map((name) =>
  engine.clients.add({ name, timeZone: 'Europe/Berlin' }),
);
for (let i = 0; i < DEVICES; i++) {
  await engine.devices.add({
    clientId: clients[i % clients.length]!.id,
    name: `${i % 5 === 0 ? 'srv' : 'ws'}-${String(i).padStart(4, '0')}`,
    host: `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`,
    port: 22,
    user: 'tech',
    auth: { kind: 'agent' },
    sudo: i % 5 === 0,
    tags: i % 5 === 0 ? ['server', 'linux'] : ['workstation'],
    ring: i % 10 === 0 ? 'test' : 'broad',
  });
}
engine.close();

const samples: number[] = [];
let bytes = 0;
for (let run = 0; run < RUNS; run++) {
  const started = performance.now();
  const out = execFileSync(process.execPath, [bin, '--db', dbPath, '--json', 'device', 'list'], {
    maxBuffer: 1 << 28,
  });
  samples.push(performance.now() - started);
  bytes = out.length;
  if ((JSON.parse(out.toString()) as unknown[]).length !== DEVICES) throw new Error('wrong device count');
}
fs.rmSync(dir, { recursive: true, force: true });
samples.sort((a, b) => a - b);
const at = (q: number) => Math.round(samples[Math.min(samples.length - 1, Math.floor(q * samples.length))]!);
console.log(
  JSON.stringify({
    devices: DEVICES,
    runs: RUNS,
    jsonBytes: bytes,
    minMs: at(0),
    medianMs: at(0.5),
    p90Ms: at(0.9),
    loadAverage: os.loadavg()[0],
    targetMs: 300,
  }),
);
