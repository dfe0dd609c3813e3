// While 2,000 simulated hosts are scanned, how responsive is the event loop that serves the console?
// Three processes, as in the app: this one plays Electron main (it relays every progress event, as main relays
// them to the window, and measures its own event-loop delay); a child runs the engine's scan fan-out (the
// engine's utility process); another child simulates the hosts: an SSH server (ssh2, the same library node-ssh
// uses) on 127.0.0.1 that answers each scan with a recorded real Debian quick-scan output.
import { execFileSync, fork, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';

const HOSTS = Number(process.env.BENCH_HOSTS ?? 2_000);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 32);
const role = process.argv[2] ?? 'main';
const self = fileURLToPath(import.meta.url);

function summary(histogram: ReturnType<typeof monitorEventLoopDelay>) {
  const ms = (ns: number) => Number((ns / 1e6).toFixed(2));
  return {
    p50Ms: ms(histogram.percentile(50)),
    p99Ms: ms(histogram.percentile(99)),
    maxMs: ms(histogram.max),
  };
}

async function simulateHosts(dir: string): Promise<void> {
  const { Server } = createRequire(import.meta.url)('ssh2') as {
    Server: new (
      config: object,
      listener: (client: SshClient) => void,
    ) => { listen(port: number, host: string, cb: () => void): void; address(): { port: number } };
  };
  const output = fs.readFileSync(path.resolve('test/engine/platforms/fixtures/debian/bookworm-quick.stdout'));
  const server = new Server({ hostKeys: [fs.readFileSync(path.join(dir, 'host_key'))] }, (client) => {
    client.on('authentication', (context) => context.accept());
    client.on('ready', () => {
      client.on('session', (accept) => {
        const session = accept();
        session.on('exec', (acceptExec) => {
          const stream = acceptExec();
          stream.write(output);
          stream.exit(0);
          stream.end();
        });
      });
    });
    client.on('error', () => undefined);
  });
  server.listen(0, '127.0.0.1', () => process.send?.({ port: server.address().port }));
}

interface SshClient {
  on(event: 'authentication', listener: (context: { accept(): void }) => void): void;
  on(event: 'ready', listener: () => void): void;
  on(event: 'error', listener: () => void): void;
  on(
    event: 'session',
    listener: (
      accept: () => {
        on(
          event: 'exec',
          listener: (
            accept: () => { write(data: Buffer): void; exit(code: number): void; end(): void },
          ) => void,
        ): void;
      },
    ) => void,
  ): void;
}

async function runEngine(dbPath: string): Promise<void> {
  const { createEngine } = await import('../../electron/engine/create-engine');
  const { createPassphraseVault } = await import('../../electron/engine/vault/passphrase-vault');
  const engine = createEngine({ dbPath, vault: createPassphraseVault('bench') });
  const loop = monitorEventLoopDelay({ resolution: 1 });
  engine.events.on('scan:progress', (progress) => process.send?.({ progress }));
  const deviceIds = engine.devices.list().map((device) => device.id);
  loop.enable();
  const started = performance.now();
  const outcomes = await engine.scans.scan({ deviceIds, depth: 'quick', concurrency: CONCURRENCY });
  const wallMs = Math.round(performance.now() - started);
  loop.disable();
  const ok = outcomes.filter((outcome) => outcome.status === 'ok').length;
  process.send?.({
    done: {
      wallMs,
      ok,
      failed: outcomes.length - ok,
      firstError: outcomes.find((o) => o.error)?.error ?? null,
      engineLoop: summary(loop),
    },
  });
  engine.close();
}

async function main(): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'patchdeck-loop-'));
  const children: ChildProcess[] = [];
  try {
    execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', path.join(dir, 'host_key')]);
    execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', path.join(dir, 'client_key')]);
    const hosts = fork(self, ['hosts', dir]);
    children.push(hosts);
    const port = await new Promise<number>((resolve) =>
      hosts.once('message', (message) => resolve((message as { port: number }).port)),
    );

    const dbPath = path.join(dir, 'bench.db');
    const { createEngine } = await import('../../electron/engine/create-engine');
    const { createPassphraseVault } = await import('../../electron/engine/vault/passphrase-vault');
    const setup = createEngine({ dbPath, vault: createPassphraseVault('bench') });
    const client = setup.clients.add({ name: 'Simulated', timeZone: 'UTC' });
    const insert = setup.database.statement(
      `INSERT INTO devices (client_id, name, host, port, user, auth_kind, key_path, platform, created_at)
       VALUES (?, ?, '127.0.0.1', ?, 'tech', 'key', ?, 'debian', '2026-11-22')`,
    );
    setup.database.transaction(() => {
      for (let i = 0; i < HOSTS; i++) insert.run(client.id, `sim-${i}`, port, path.join(dir, 'client_key'));
    });
    setup.close();

    const loop = monitorEventLoopDelay({ resolution: 1 });
    loop.enable();
    let relayed = 0;
    const engine = fork(self, ['engine', dbPath]);
    children.push(engine);
    const done = await new Promise<Record<string, unknown>>((resolve) =>
      engine.on('message', (message: { progress?: unknown; done?: Record<string, unknown> }) => {
        // What main does with an engine event: check it and pass it on to the window (here: serialise it).
        if (message.progress) relayed += JSON.stringify(message.progress).length > 0 ? 1 : 0;
        if (message.done) resolve(message.done);
      }),
    );
    loop.disable();
    console.log(
      JSON.stringify({
        hosts: HOSTS,
        concurrency: CONCURRENCY,
        ...done,
        eventsRelayed: relayed,
        consoleLoop: summary(loop),
        targetConsoleP99Ms: 16,
      }),
    );
  } finally {
    for (const child of children) child.kill();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

if (role === 'hosts') await simulateHosts(process.argv[3]!);
else if (role === 'engine') await runEngine(process.argv[3]!);
else await main();
