// Scan fan-out against 50 real sshd hosts of the test fleet, at concurrency 32: Patchdeck's quick scan, Ansible's
// `command` module running `dpkg-query -W` (as the issue prescribes), and a bare OpenSSH fan-out (`xargs -P 32
// ssh`) of exactly the command line Patchdeck sends. Wall time and hosts per second for each, in the same run.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { createEngine } from '../../electron/engine/create-engine';
import { debianAdapter } from '../../electron/engine/platforms/debian';
import { buildCommandLine } from '../../electron/engine/ssh/command-line';
import { createPassphraseVault } from '../../electron/engine/vault/passphrase-vault';
import { startFleet } from '../fleet/harness/fleet';

const run = promisify(execFile);
const HOSTS = Number(process.env.BENCH_HOSTS ?? 50);
const CONCURRENCY = 32;
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);

const fleet = await startFleet({ count: HOSTS, prefix: 'pdfan' });
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'patchdeck-fanout-'));
try {
  const [first] = fleet.hosts;
  if (!first) throw new Error('no hosts');
  const engine = createEngine({ dbPath: path.join(dir, 'bench.db'), vault: createPassphraseVault('bench') });
  const client = engine.clients.add({ name: 'Bench', timeZone: 'UTC' });
  const deviceIds: number[] = [];
  for (const host of fleet.hosts) {
    const device = await engine.devices.add({
      clientId: client.id,
      name: host.name,
      host: host.address,
      port: 22,
      user: host.user,
      auth: { kind: 'key', keyPath: host.privateKeyPath },
      sudo: false,
      tags: [],
      ring: 'broad',
    });
    deviceIds.push(device.id);
  }
  // The first scan detects each platform and pins each host key; the measured rounds are steady-state scans.
  const warm = await engine.scans.scan({ deviceIds, depth: 'quick', concurrency: CONCURRENCY });
  const failed = warm.filter((outcome) => outcome.status !== 'ok');
  if (failed.length > 0)
    throw new Error(`warm-up scan failed on ${failed.length} hosts: ${failed[0]?.error}`);

  const time = async (work: () => Promise<unknown>) => {
    const samples: number[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      const started = performance.now();
      await work();
      samples.push(performance.now() - started);
    }
    return Math.min(...samples);
  };

  const patchdeckMs = await time(async () => {
    const outcomes = await engine.scans.scan({ deviceIds, depth: 'quick', concurrency: CONCURRENCY });
    if (outcomes.some((outcome) => outcome.status !== 'ok')) throw new Error('a Patchdeck scan failed');
  });

  const known = path.join(dir, 'known_hosts');
  fs.writeFileSync(
    known,
    fleet.hosts.map((host) => `${host.address} ${host.hostPublicKey}`).join('\n') + '\n',
  );
  const sshOptions = [
    '-n',
    '-o',
    'BatchMode=yes',
    '-o',
    `UserKnownHostsFile=${known}`,
    '-o',
    'StrictHostKeyChecking=yes',
    '-i',
    first.privateKeyPath,
  ];
  const commandLine = buildCommandLine(debianAdapter.scanScript('quick'), [], false);
  const addresses = path.join(dir, 'addresses');
  fs.writeFileSync(addresses, fleet.hosts.map((host) => host.address).join('\n') + '\n');
  const commandFile = path.join(dir, 'command');
  fs.writeFileSync(commandFile, commandLine);
  const opensshMs = await time(() =>
    run(
      'sh',
      [
        '-c',
        `xargs -P ${CONCURRENCY} -I{} sh -c 'ssh "$@" tech@{} "$(cat ${commandFile})" >/dev/null' _ ${sshOptions.join(' ')} < ${addresses}`,
      ],
      { maxBuffer: 1 << 26 },
    ),
  );

  const inventory = path.join(dir, 'inventory.ini');
  fs.writeFileSync(
    inventory,
    '[fleet]\n' +
      fleet.hosts
        .map(
          (host) => `${host.address} ansible_user=tech ansible_ssh_private_key_file=${host.privateKeyPath}`,
        )
        .join('\n') +
      '\n',
  );
  const ansibleEnv = {
    ...process.env,
    ANSIBLE_HOST_KEY_CHECKING: 'False',
    ANSIBLE_PYTHON_INTERPRETER: 'auto_silent',
    ANSIBLE_SSH_ARGS: `-o UserKnownHostsFile=${known}`,
  };
  let ansibleMs: number | null = null;
  let ansibleError: string | null = null;
  try {
    ansibleMs = await time(() =>
      run(
        'ansible',
        ['all', '-i', inventory, '-m', 'command', '-a', 'dpkg-query -W', '-f', String(CONCURRENCY)],
        { env: ansibleEnv, maxBuffer: 1 << 26 },
      ),
    );
  } catch (error) {
    ansibleError = (error as Error).message.split('\n').slice(0, 3).join(' ');
  }
  engine.close();
  const perSecond = (ms: number | null) => (ms === null ? null : Number((HOSTS / (ms / 1000)).toFixed(1)));
  console.log(
    JSON.stringify({
      hosts: HOSTS,
      concurrency: CONCURRENCY,
      rounds: ROUNDS,
      patchdeckMs: Math.round(patchdeckMs),
      patchdeckHostsPerSecond: perSecond(patchdeckMs),
      opensshMs: Math.round(opensshMs),
      opensshHostsPerSecond: perSecond(opensshMs),
      ansibleMs: ansibleMs === null ? null : Math.round(ansibleMs),
      ansibleHostsPerSecond: perSecond(ansibleMs),
      ansibleError,
      speedupOverAnsible: ansibleMs === null ? null : Number((ansibleMs / patchdeckMs).toFixed(1)),
      ratioToOpenssh: Number((patchdeckMs / opensshMs).toFixed(2)),
    }),
  );
} finally {
  await fleet.stop();
  fs.rmSync(dir, { recursive: true, force: true });
}
