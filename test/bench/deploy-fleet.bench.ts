// Deployment benchmark on the real test fleet: Patchdeck deploys one small package to 50 Debian hosts at
// concurrency 16; its own overhead per host is the device's time in the job (pre-flight → install → verify by
// rescan) minus the time apt-get itself ran, measured on the host by the install run. Then, in the same run, the
// same kind of one-package upgrade on 16 hosts by Patchdeck and by an Ansible `apt` play (-f 16). Ansible needs
// Python and python3-apt on its targets, which a minimal Debian lacks: Debian's own .debs are installed into those
// 16 hosts first (not timed). Prints one JSON line at the end.
//
// CPU time per host, which the machine's load does not change: each host's sshd is put in a cgroup (v2) of its
// own, so everything the host runs for Patchdeck (sshd, sudo, the scripts, apt) is counted; apt's own share, read
// from its run's timing file, is taken out; Patchdeck's share is this process's CPU time divided by the hosts.
// Then one host, one operation at a time, what each step costs: connect, sudo, pre-flight, install, quick scan.
import { execFile } from 'node:child_process';
import { cpSync, mkdirSync, readdirSync, readFileSync, rmdirSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { listSteps } from '../../electron/engine/db/repositories/jobs';
import { debianAdapter } from '../../electron/engine/platforms/debian';
import { debianDeployment } from '../../electron/engine/platforms/debian/deploy-adapter';
import { runsDirectory } from '../../electron/engine/platforms/tagged-run';
import type { RemoteScript } from '../../electron/engine/platforms/types';
import { openSession, type SshSession } from '../../electron/engine/ssh/connect';
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

/** Where cgroup v2 is mounted, or null: then CPU per host is not measured. */
function cgroup2Root(): string | null {
  const mount = readFileSync('/proc/self/mounts', 'utf8')
    .split('\n')
    .map((line) => line.split(' '))
    .find((fields) => fields[2] === 'cgroup2');
  return mount?.[1] ?? null;
}

/** One cgroup per host, holding its sshd and so every session, sudo, script and apt run it starts. */
async function hostCgroups(root: string, hosts: readonly FleetHost[]): Promise<string[]> {
  const parent = join(root, `patchdeck-bench-${process.pid}`);
  mkdirSync(parent);
  return Promise.all(
    hosts.map(async (host) => {
      const dir = join(parent, host.name);
      mkdirSync(dir);
      const pids = await run('ip', ['netns', 'pids', host.name]);
      for (const pid of pids.stdout.split(/\s+/).filter(Boolean))
        writeFileSync(join(dir, 'cgroup.procs'), pid);
      return dir;
    }),
  );
}

function cgroupCpuUs(dir: string): number {
  const line = readFileSync(join(dir, 'cpu.stat'), 'utf8')
    .split('\n')
    .find((entry) => entry.startsWith('usage_usec '));
  return Number(line?.split(' ')[1]);
}

/**
 * Microseconds during which at least one of the cgroup's tasks was runnable but waiting for a CPU (PSI "some").
 * Here every host shares the machine's 2 cores, where a real fleet has a CPU per host: this is the part of a
 * host's time that the simulation itself adds.
 */
function cgroupCpuWaitUs(dir: string): number {
  const line = readFileSync(join(dir, 'cpu.pressure'), 'utf8')
    .split('\n')
    .find((entry) => entry.startsWith('some '));
  return Number(/total=(\d+)/.exec(line ?? '')?.[1]);
}

function removeCgroups(dirs: readonly string[]): void {
  try {
    for (const dir of dirs) rmdirSync(dir);
    if (dirs[0]) rmdirSync(join(dirs[0], '..'));
  } catch (error) {
    // A host process that outlived the fleet keeps its cgroup; that must not hide the benchmark's own outcome.
    console.error(`could not remove the benchmark's cgroups: ${String(error)}`);
  }
}

/** CPU milliseconds apt (and what it ran) used in a tagged run: the runner's children in its timing file. */
function packageManagerCpuMs(host: FleetHost, tag: string): number {
  const timing = readFileSync(join(host.rootDir, runsDirectory, tag, 'timing'), 'utf8').split('\n');
  const seconds = [...(timing[2] ?? '').matchAll(/(\d+)m([\d.]+)s/g)].map(
    ([, minutes, secs]) => Number(minutes) * 60 + Number(secs),
  );
  if (seconds.length !== 2) throw new Error(`${host.name}: no CPU times in the run ${tag}'s timing file`);
  return Math.round((seconds[0]! + seconds[1]!) * 1000);
}

const processCpuMs = () => {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
};

/** CPU milliseconds per host of a deployment: the hosts' (without apt) and Patchdeck's. */
function deploymentCpu(
  hosts: readonly FleetHost[],
  cgroups: readonly string[],
  before: readonly { usageUs: number; waitUs: number }[],
  tags: readonly string[],
  patchdeckMs: number,
) {
  const apt = hosts.map((host, index) => packageManagerCpuMs(host, tags[index]!));
  const remote = hosts.map(
    (_, index) => Math.round((cgroupCpuUs(cgroups[index]!) - before[index]!.usageUs) / 1000) - apt[index]!,
  );
  const waiting = hosts.map((_, index) =>
    Math.round((cgroupCpuWaitUs(cgroups[index]!) - before[index]!.waitUs) / 1000),
  );
  const patchdeck = Math.round(patchdeckMs / hosts.length);
  return {
    hostWaitingForCpuMs: stats(waiting),
    perHostTotalMs: stats(remote.map((ms) => ms + patchdeck)),
    remoteWithoutAptMs: stats(remote),
    patchdeckMs: patchdeck,
    aptMs: stats(apt),
  };
}

/**
 * One host, one operation at a time, `times` over: the CPU each costs on the host (its cgroup) and in Patchdeck.
 * The install is a tagged run of an upgrade with nothing left to upgrade, apt's own CPU taken out.
 */
async function stepCosts(host: FleetHost, cgroup: string, times = 10) {
  const target = {
    name: host.name,
    host: host.address,
    port: 22,
    username: host.user,
    auth: { kind: 'key' as const, privateKeyPath: host.privateKeyPath },
    pinnedHostKey: host.hostKeyFingerprintSha256,
    sudo: { password: host.password },
  };
  const measure = async (work: (round: number) => Promise<number>) => {
    let remote = 0;
    let local = 0;
    for (let round = 0; round < times; round += 1) {
      const hostBefore = cgroupCpuUs(cgroup);
      const localBefore = processCpuMs();
      const excluded = await work(round);
      // sshd finishes a closed session's teardown after the client has gone.
      await sleep(100);
      local += processCpuMs() - localBefore;
      remote += (cgroupCpuUs(cgroup) - hostBefore) / 1000 - excluded;
    }
    return { hostMs: Math.round(remote / times), patchdeckMs: Math.round(local / times) };
  };
  const withSession = async (work: (session: SshSession, round: number) => Promise<number>) => {
    const session = await openSession(target);
    try {
      return await measure((round) => work(session, round));
    } finally {
      session.close();
    }
  };
  const script = (text: string, sudo: boolean): RemoteScript => ({ shell: 'sh', script: text, sudo });
  return {
    connectAndClose: await measure(async () => {
      (await openSession(target)).close();
      return 0;
    }),
    command: await withSession(async (session) => {
      await session.run(script('true', false));
      return 0;
    }),
    commandWithSudo: await withSession(async (session) => {
      await session.run(script('true', true));
      return 0;
    }),
    preflight: await withSession(async (session) => {
      await session.run(debianDeployment.preflightScript, ['pd-hello']);
      return 0;
    }),
    installWithoutApt: await withSession(async (session, round) => {
      const tag = `${process.pid}-${round}`;
      const done = debianDeployment.parseInstall(
        await session.run(debianDeployment.installScript, [tag, 'upgrade', 'pd-hello']),
      );
      if (done.exitCode !== 0) throw new Error(`${host.name}: the no-op install failed: ${done.output}`);
      return packageManagerCpuMs(host, tag);
    }),
    quickScan: await withSession(async (session) => {
      await session.run(debianAdapter.scanScript('quick'));
      return 0;
    }),
  };
}

const loadAtStart = loadavg().map((value) => Math.round(value * 10) / 10);
const fleet = await startFleet({ count: hostCount, prefix: 'pdbench' });
const temp = createTempEngine({ passphrase: vaultPassphrase, clock: { now: () => new Date() } });
const cgroupRoot = cgroup2Root();
let cgroups: string[] = [];
try {
  if (cgroupRoot) cgroups = await hostCgroups(cgroupRoot, fleet.hosts);
  const cpuBefore = () => cgroups.map((dir) => ({ usageUs: cgroupCpuUs(dir), waitUs: cgroupCpuWaitUs(dir) }));
  const ids = await addFleetDevices(temp.engine, fleet.hosts);
  const scans = await temp.engine.scans.scan({ deviceIds: ids, depth: 'full', concurrency: 32 });
  if (!scans.every((scan) => scan.status === 'ok')) throw new Error('the fleet did not scan cleanly');

  // 1. Patchdeck: pd-hello 1.0-1 → 1.1-1 on 50 hosts, 16 at a time.
  const hostsBefore50 = cpuBefore();
  const patchdeckBefore50 = processCpuMs();
  const started = performance.now();
  const view = await temp.engine.deploy.start({
    deviceIds: ids,
    selection: { kind: 'packages', packages: ['pd-hello'] },
    concurrency,
  }).done;
  const patchdeckTotalMs = Math.round(performance.now() - started);
  const patchdeckCpu50 = processCpuMs() - patchdeckBefore50;
  if (view.status !== 'succeeded')
    throw new Error(`the deployment ${view.status}: ${JSON.stringify(view.devices.find((d) => d.error))}`);
  const cpu50 = cgroupRoot
    ? deploymentCpu(
        fleet.hosts,
        cgroups,
        hostsBefore50,
        ids.map((id) => `${view.job}-${id}`),
        patchdeckCpu50,
      )
    : null;

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
    `patchdeck, 50 hosts: ${patchdeckTotalMs} ms; overhead per host ${JSON.stringify(stats(overhead))}; CPU per host ${JSON.stringify(cpu50)}`,
  );

  // 1b. The same measure one host at a time (6 hosts), so the fleet's own hosts do not compete for the CPU.
  const hostsBefore6 = cpuBefore();
  const patchdeckBefore6 = processCpuMs();
  const sequential = await temp.engine.deploy.start({
    deviceIds: ids.slice(-6),
    selection: { kind: 'packages', packages: ['pd-libfoo1'] },
    concurrency: 1,
  }).done;
  if (sequential.status !== 'succeeded') throw new Error(`the sequential deployment ${sequential.status}`);
  const cpu6 = cgroupRoot
    ? deploymentCpu(
        fleet.hosts.slice(-6),
        cgroups.slice(-6),
        hostsBefore6.slice(-6),
        ids.slice(-6).map((id) => `${sequential.job}-${id}`),
        processCpuMs() - patchdeckBefore6,
      )
    : null;
  const sequentialSteps = listSteps(temp.engine.database, sequential.job);
  const sequentialOverhead = ids.slice(-6).map((id) => {
    const mine = sequentialSteps.filter((step) => step.deviceId === id);
    const install = JSON.parse(mine.find((step) => step.step === 'install')!.result!) as {
      packageManagerMs: number;
    };
    return Date.parse(mine.at(-1)!.finishedAt!) - Date.parse(mine[0]!.startedAt) - install.packageManagerMs;
  });

  const perStepCpu = cgroupRoot ? await stepCosts(fleet.hosts.at(-1)!, cgroups.at(-1)!) : null;

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
      loadAverageAtEnd: loadavg().map((value) => Math.round(value * 10) / 10),
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
      cpuPerHost: cpu50,
    },
    oneAtATime: { hosts: 6, perHostOverheadMs: stats(sequentialOverhead), cpuPerHost: cpu6 },
    cpuPerStepOnOneHost: perStepCpu,
    sixteenHosts: { patchdeckMs: patchdeck16Ms, ansibleMs: ansible16Ms, ansiblePipelining: true },
  };
  console.log(JSON.stringify(result));
} finally {
  temp.close();
  await fleet.stop();
  removeCgroups(cgroups);
}
