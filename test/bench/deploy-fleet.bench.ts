// Deployment benchmark on the real test fleet: Patchdeck deploys one small package to 50 Debian hosts at
// concurrency 16; its own overhead per host is the device's time in the job (pre-flight → install → verify by
// rescan) minus the time apt-get itself ran, measured on the host by the install run. Then, in the same run, the
// same kind of one-package upgrade on 16 hosts by Patchdeck and by an Ansible `apt` play (-f 16). Ansible needs
// Python and python3-apt on its targets, which a minimal Debian lacks: Debian's own .debs are installed into those
// 16 hosts first (not timed). Prints one JSON line at the end.
import { execFile } from 'node:child_process';
import { cpSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { listSteps } from '../../electron/engine/db/repositories/jobs';
import { addFleetDevices, installedVersion, vaultPassphrase } from '../engine/deploy/fleet-support';
import { startFleet, type FleetHost } from '../fleet/harness/fleet';
import { createTempEngine } from '../support/temp-engine';

const hostCount = 50;
const concurrency = 16;
const ansibleHosts = 16;
// python3-apt and what it needs beyond a minbase bookworm, in dpkg's pre-dependency order.
const pythonDebBatches = [
  ['libexpat1', 'libssl3', 'libpython3.11-minimal', 'python3.11-minimal', 'media-types', 'readline-common'],
  [
    'python3-minimal',
    'libreadline8',
    'libsqlite3-0',
    'libpython3.11-stdlib',
    'python3.11',
    'libpython3-stdlib',
  ],
  ['python3', 'python-apt-common', 'distro-info-data', 'python3-apt'],
];
const debCache = '/var/cache/patchdeck-bench/ansible-target-debs';

const run = (
  command: string,
  args: readonly string[],
  options: { cwd?: string; env?: NodeJS.ProcessEnv } = {},
) =>
  new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
    execFile(command, args, { maxBuffer: 64 * 1024 * 1024, ...options }, (error, stdout, stderr) =>
      resolve({ code: error ? Number((error as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });

function stats(values: readonly number[]) {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (p: number) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? Number.NaN;
  const mean = sorted.reduce((sum, value) => sum + value, 0) / Math.max(1, sorted.length);
  return { mean: Math.round(mean), median: at(0.5), p90: at(0.9), max: at(1) };
}

async function ensurePythonDebs(): Promise<void> {
  mkdirSync(debCache, { recursive: true });
  const missing = pythonDebBatches
    .flat()
    .filter((name) => !readdirSync(debCache).some((file) => file.startsWith(`${name}_`)));
  if (missing.length === 0) return;
  const got = await run('apt-get', ['download', ...missing], { cwd: debCache });
  if (got.code !== 0) throw new Error(`apt-get download failed: ${got.stderr}`);
}

async function installPython(host: FleetHost): Promise<void> {
  const inside = '/tmp/pd-ansible-debs';
  mkdirSync(join(host.rootDir, inside), { recursive: true });
  for (const file of readdirSync(debCache)) cpSync(join(debCache, file), join(host.rootDir, inside, file));
  for (const batch of pythonDebBatches) {
    const files = batch.map(
      (name) => `${inside}/${readdirSync(debCache).find((file) => file.startsWith(`${name}_`))}`,
    );
    const result = await host.exec(['dpkg', '-i', ...files]);
    if (result.exitCode !== 0) throw new Error(`${host.name}: dpkg -i failed: ${result.stderr.slice(-400)}`);
  }
}

const loadAtStart = loadavg().map((value) => Math.round(value * 10) / 10);
const fleet = await startFleet({ count: hostCount, prefix: 'pdbench' });
const temp = createTempEngine({ passphrase: vaultPassphrase, clock: { now: () => new Date() } });
try {
  const ids = await addFleetDevices(temp.engine, fleet.hosts);
  const scans = await temp.engine.scans.scan({ deviceIds: ids, depth: 'full', concurrency: 32 });
  if (!scans.every((scan) => scan.status === 'ok')) throw new Error('the fleet did not scan cleanly');

  // 1. Patchdeck: pd-hello 1.0-1 → 1.1-1 on 50 hosts, 16 at a time.
  const started = performance.now();
  const view = await temp.engine.deploy.start({
    deviceIds: ids,
    selection: { kind: 'packages', packages: ['pd-hello'] },
    concurrency,
  }).done;
  const patchdeckTotalMs = Math.round(performance.now() - started);
  if (view.status !== 'succeeded')
    throw new Error(`the deployment ${view.status}: ${JSON.stringify(view.devices.find((d) => d.error))}`);
  const steps = listSteps(temp.engine.database, view.job);
  const perHost = ids.map((id) => {
    const mine = steps.filter((step) => step.deviceId === id);
    const first = Date.parse(mine[0]!.startedAt);
    const last = Date.parse(mine.at(-1)!.finishedAt!);
    const install = JSON.parse(mine.find((step) => step.step === 'install')!.result!) as {
      packageManagerMs: number;
    };
    const byStep = Object.fromEntries(
      mine.map((step) => [step.step, Date.parse(step.finishedAt!) - Date.parse(step.startedAt)]),
    );
    return { deviceMs: last - first, aptMs: install.packageManagerMs, byStep };
  });
  const overhead = perHost.map((host) => host.deviceMs - host.aptMs);
  for (const host of fleet.hosts) {
    if ((await installedVersion(host, 'pd-hello')) !== '1.1-1')
      throw new Error(`${host.name} was not upgraded`);
  }

  // Progress for whoever watches; the result is the last line.
  console.error(
    `patchdeck, 50 hosts: ${patchdeckTotalMs} ms; overhead per host ${JSON.stringify(stats(overhead))}`,
  );

  // 1b. The same measure one host at a time (6 hosts), so the fleet's own hosts do not compete for the CPU.
  const sequential = await temp.engine.deploy.start({
    deviceIds: ids.slice(-6),
    selection: { kind: 'packages', packages: ['pd-libfoo1'] },
    concurrency: 1,
  }).done;
  if (sequential.status !== 'succeeded') throw new Error(`the sequential deployment ${sequential.status}`);
  const sequentialSteps = listSteps(temp.engine.database, sequential.job);
  const sequentialOverhead = ids.slice(-6).map((id) => {
    const mine = sequentialSteps.filter((step) => step.deviceId === id);
    const install = JSON.parse(mine.find((step) => step.step === 'install')!.result!) as {
      packageManagerMs: number;
    };
    return Date.parse(mine.at(-1)!.finishedAt!) - Date.parse(mine[0]!.startedAt) - install.packageManagerMs;
  });

  // 2. The same kind of upgrade on 16 hosts: Patchdeck (pd-libfoo1 1.0-1 → 1.0-2) and Ansible (pd-tools 2.0-1 → 2.1-1).
  await ensurePythonDebs();
  const targets = fleet.hosts.slice(0, ansibleHosts);
  for (let index = 0; index < targets.length; index += 4)
    await Promise.all(targets.slice(index, index + 4).map(installPython));

  const small = performance.now();
  const sixteen = await temp.engine.deploy.start({
    deviceIds: ids.slice(0, ansibleHosts),
    selection: { kind: 'packages', packages: ['pd-libfoo1'] },
    concurrency,
  }).done;
  const patchdeck16Ms = Math.round(performance.now() - small);
  if (sixteen.status !== 'succeeded') throw new Error(`the 16-host deployment ${sixteen.status}`);

  const dir = join(tmpdir(), `pd-ansible-${process.pid}`);
  mkdirSync(dir, { recursive: true });
  writeFileSync(
    join(dir, 'inventory.ini'),
    `[fleet]\n${targets
      .map(
        (host) =>
          `${host.name} ansible_host=${host.address} ansible_user=${host.user} ansible_ssh_private_key_file=${host.privateKeyPath}`,
      )
      .join('\n')}\n`,
  );
  writeFileSync(
    join(dir, 'secrets.yml'),
    `ansible_become_password: ${JSON.stringify(targets[0]!.password)}\n`,
  );
  writeFileSync(
    join(dir, 'upgrade.yml'),
    [
      '- hosts: fleet',
      '  gather_facts: false',
      '  become: true',
      '  tasks:',
      '    - ansible.builtin.apt:',
      '        name: pd-tools',
      '        state: latest',
      '        only_upgrade: true',
      '',
    ].join('\n'),
  );
  const ansibleEnv = {
    ...process.env,
    ANSIBLE_HOST_KEY_CHECKING: 'False',
    ANSIBLE_SSH_ARGS: '-o UserKnownHostsFile=/dev/null -o ControlMaster=auto -o ControlPersist=60s',
    ANSIBLE_PIPELINING: 'True',
    ANSIBLE_PYTHON_INTERPRETER: '/usr/bin/python3',
    ANSIBLE_LOCAL_TEMP: join(dir, 'tmp'),
  };
  const ansibleStarted = performance.now();
  const play = await run(
    'ansible-playbook',
    [
      '-i',
      join(dir, 'inventory.ini'),
      '-f',
      String(concurrency),
      '-e',
      `@${join(dir, 'secrets.yml')}`,
      join(dir, 'upgrade.yml'),
    ],
    { env: ansibleEnv },
  );
  const ansible16Ms = Math.round(performance.now() - ansibleStarted);
  if (play.code !== 0) throw new Error(`ansible-playbook failed: ${play.stdout.slice(-1500)}`);
  for (const host of targets) {
    if ((await installedVersion(host, 'pd-tools')) !== '2.1-1')
      throw new Error(`${host.name}: Ansible did not upgrade pd-tools`);
  }

  const result = {
    machine: {
      cores: (await import('node:os')).cpus().length,
      node: process.version,
      // Other work on the machine shares its cores with the fleet's hosts: the numbers depend on it.
      loadAverageAtStart: loadAtStart,
    },
    hosts: hostCount,
    concurrency,
    patchdeck50: {
      totalMs: patchdeckTotalMs,
      perHostDeviceMs: stats(perHost.map((host) => host.deviceMs)),
      perHostAptMs: stats(perHost.map((host) => host.aptMs)),
      perHostOverheadMs: stats(overhead),
      perStepMs: Object.fromEntries(
        ['preflight', 'install', 'verify'].map((step) => [
          step,
          stats(perHost.map((host) => host.byStep[step] ?? 0)),
        ]),
      ),
    },
    oneAtATime: { hosts: 6, perHostOverheadMs: stats(sequentialOverhead) },
    sixteenHosts: { patchdeckMs: patchdeck16Ms, ansibleMs: ansible16Ms, ansiblePipelining: true },
  };
  console.log(JSON.stringify(result));
} finally {
  temp.close();
  await fleet.stop();
}
