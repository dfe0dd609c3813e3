import { createHash, randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, readlink, rm, writeFile } from 'node:fs/promises';
import { connect } from 'node:net';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { REPOSITORY_MOUNT_POINT } from './apt-repository';
import { TECH_PASSWORD, TECH_USER } from './base-image';
import { CLEARED_BY_REBOOT, REBOOT_REQUEST, installRebootCommands } from './simulated-reboot';
import { deleteNamespace, killAndWait, unmountBelow } from './stale-fleets';
import { runChecked, runCommand, startDaemon } from './run-command';
import type { CommandOptions, CommandResult, Daemon } from './run-command';

/** Everything needed to make one host. */
export interface HostPlan {
  readonly name: string;
  /** Lower layer: the cached base image's rootfs. */
  readonly imageRootfs: string;
  /** This host's working directory (overlay upper/work and the merged root). */
  readonly hostDir: string;
  readonly repositoryDir: string;
  readonly privateKeyPath: string;
  readonly machineSide: string;
  readonly hostSide: string;
}

/** The JSON shape of a host, as start-fleet prints it and as a device record would need it. */
export interface FleetHostInfo {
  readonly name: string;
  readonly address: string;
  readonly port: 22;
  readonly user: string;
  readonly password: string;
  readonly privateKeyPath: string;
  /** OpenSSH style, "SHA256:<base64 without padding>", of the host's only (ed25519) host key. */
  readonly hostKeyFingerprintSha256: string;
  /** The host key line ("ssh-ed25519 AAAA..."), e.g. for a known_hosts file. */
  readonly hostPublicKey: string;
  /** The host's merged filesystem as seen from the test machine. */
  readonly rootDir: string;
}

const HOST_ENV = {
  PATH: '/usr/sbin:/usr/bin:/sbin:/bin',
  LANG: 'C.UTF-8',
  HOME: '/root',
  DEBIAN_FRONTEND: 'noninteractive',
};
const HOST_KEY = 'etc/ssh/ssh_host_ed25519_key';

/** SHA256 fingerprint of an OpenSSH public key line, formatted as ssh-keygen -l prints it. */
export function fingerprintOf(publicKeyLine: string): string {
  const blob = publicKeyLine.trim().split(/\s+/)[1];
  if (!blob) throw new Error(`not an OpenSSH public key line: ${JSON.stringify(publicKeyLine.slice(0, 40))}`);
  return `SHA256:${createHash('sha256').update(Buffer.from(blob, 'base64')).digest('base64').replace(/=+$/, '')}`;
}

/** Resolves once something on address:22 sends an SSH banner; rejects after `timeoutMs`. */
export async function waitForSshBanner(address: string, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const ok = await new Promise<boolean>((resolve) => {
      const socket = connect({ host: address, port: 22, timeout: 1_000 });
      let banner = '';
      const finish = (result: boolean): void => {
        socket.destroy();
        resolve(result);
      };
      socket.on('data', (chunk) => {
        banner += chunk.toString('latin1');
        if (banner.includes('\n')) finish(banner.startsWith('SSH-2.0-'));
      });
      socket.on('timeout', () => finish(false));
      socket.on('error', () => finish(false));
      socket.on('close', () => finish(false));
    });
    if (ok) return;
    if (Date.now() > deadline)
      throw new Error(`sshd on ${address}:22 sent no SSH banner within ${timeoutMs} ms`);
    await sleep(30);
  }
}

/**
 * One Debian host of the fleet: an overlay of the base image, chrooted, in its own network
 * namespace behind a veth pair, with its own hostname and host key, running the real sshd.
 */
export class FleetHost implements FleetHostInfo {
  readonly port = 22 as const;
  readonly user = TECH_USER;
  readonly password = TECH_PASSWORD;
  readonly name: string;
  readonly address: string;
  readonly privateKeyPath: string;
  readonly rootDir: string;
  #hostPublicKey = '';
  #holder: Daemon | undefined;
  #sshd: Daemon | undefined;
  #frozen = false;
  #bootId = '';
  #rebooting = false;
  #rebootWatch: NodeJS.Timeout | undefined;
  #reboots = 0;
  /** How long sshd stays down in the reboots the host asks for itself (`sudo reboot`); a test may lengthen it. */
  rebootDowntimeMs = 2_000;
  readonly #plan: HostPlan;

  private constructor(plan: HostPlan) {
    this.#plan = plan;
    this.name = plan.name;
    this.address = plan.hostSide;
    this.privateKeyPath = plan.privateKeyPath;
    this.rootDir = join(plan.hostDir, 'root');
  }

  get hostPublicKey(): string {
    return this.#hostPublicKey;
  }

  get hostKeyFingerprintSha256(): string {
    return fingerprintOf(this.#hostPublicKey);
  }

  /** Builds the host and starts its sshd; on failure removes whatever was made and rethrows. */
  static async start(plan: HostPlan): Promise<FleetHost> {
    const host = new FleetHost(plan);
    try {
      await host.#build();
      return host;
    } catch (error) {
      await host.stop();
      throw error;
    }
  }

  async #build(): Promise<void> {
    const { hostDir, imageRootfs, name } = this.#plan;
    const root = this.rootDir;
    await mkdir(join(hostDir, 'upper'), { recursive: true });
    await mkdir(join(hostDir, 'work'), { recursive: true });
    await mkdir(root, { recursive: true });
    await runChecked([
      'mount',
      '-t',
      'overlay',
      'overlay',
      '-o',
      `lowerdir=${imageRootfs},upperdir=${join(hostDir, 'upper')},workdir=${join(hostDir, 'work')}`,
      root,
    ]);
    await runChecked(['mount', '-t', 'proc', 'proc', join(root, 'proc')]);
    // Each host has its own boot id (a file over the kernel's), so a simulated reboot can change it.
    await this.#newBootId();
    await runChecked([
      'mount',
      '--bind',
      this.#bootIdFile,
      join(root, 'proc', 'sys', 'kernel', 'random', 'boot_id'),
    ]);
    // A private devpts instance: ptys inside the host never touch the test machine's.
    await runChecked([
      'mount',
      '-t',
      'devpts',
      '-o',
      'newinstance,ptmxmode=0666,mode=0620,gid=5',
      'devpts',
      join(root, 'dev', 'pts'),
    ]);
    const repoPoint = join(root, REPOSITORY_MOUNT_POINT.slice(1));
    // util-linux applies "ro" to a bind mount with its own remount, so hosts cannot change the repository.
    await runChecked(['mount', '--bind', '-o', 'ro', this.#plan.repositoryDir, repoPoint]);

    await writeFile(join(root, 'etc', 'hostname'), `${name}\n`);
    // sudo resolves its own hostname; without this line every sudo would print a warning.
    await writeFile(
      join(root, 'etc', 'hosts'),
      `127.0.0.1\tlocalhost\n127.0.1.1\t${name}\n::1\tlocalhost ip6-localhost ip6-loopback\n`,
    );
    await this.#newHostKey();
    await installRebootCommands(root);

    // Two ip processes instead of seven: with 50 hosts, process start-up is most of the start time.
    // Batch lines are split on spaces; every token here is a validated name or a computed address.
    await runChecked(['ip', '-batch', '-'], {
      input: [
        `netns add ${name}`,
        `link add ${name} type veth peer name eth0 netns ${name}`,
        `addr add ${this.#plan.machineSide}/30 dev ${name}`,
        `link set ${name} up`,
        '',
      ].join('\n'),
    });
    await runChecked(['ip', '-n', name, '-batch', '-'], {
      input: [`addr add ${this.#plan.hostSide}/30 dev eth0`, 'link set eth0 up', 'link set lo up', ''].join(
        '\n',
      ),
    });

    // A do-nothing process holds the host's namespaces (network, hostname, mounts, root), so
    // sshd can be stopped, frozen or restarted while exec keeps working.
    this.#holder = await startDaemon([
      'ip',
      'netns',
      'exec',
      name,
      'unshare',
      '--uts',
      'chroot',
      root,
      '/bin/sh',
      '-c',
      'hostname "$1" && exec sleep infinity',
      'fleet-host',
      name,
    ]);
    await this.#holderReady();
    await this.startSshd();
    this.#rebootWatch = setInterval(() => this.#answerRebootRequest(), 200);
    this.#rebootWatch.unref();
  }

  get #bootIdFile(): string {
    return join(this.#plan.hostDir, 'boot_id');
  }

  async #newBootId(): Promise<void> {
    this.#bootId = randomUUID();
    // Written in place: the bind mount follows the file's inode, so a rename would not be seen.
    await writeFile(this.#bootIdFile, `${this.#bootId}\n`);
  }

  #answerRebootRequest(): void {
    if (this.#rebooting || !existsSync(join(this.rootDir, REBOOT_REQUEST))) return;
    this.reboot(this.rebootDowntimeMs).catch((error: unknown) => {
      console.error(`host ${this.name}: simulated reboot failed:`, error);
    });
  }

  /** How many reboots the host has gone through since it started. */
  get reboots(): number {
    return this.#reboots;
  }

  /** The host's current boot id (/proc/sys/kernel/random/boot_id inside it); a reboot changes it. */
  get bootId(): string {
    return this.#bootId;
  }

  /**
   * Plays a reboot, as \`sudo reboot\` or \`sudo shutdown -r\` inside the host asks for: sshd stops,
   * every process of the host ends (sessions drop), what a reboot clears from /run is removed,
   * and after \`downMs\` sshd is back with a new boot id.
   */
  async reboot(downMs = 2_000): Promise<void> {
    if (this.#rebooting) throw new Error(`host ${this.name} is already rebooting`);
    this.#rebooting = true;
    try {
      // Like a real reboot, give the command that asked a moment to return to its client.
      await sleep(300);
      await this.stopSshd();
      const holder = this.#holder?.pid;
      const listed = await runCommand(['ip', 'netns', 'pids', this.name]);
      const others = listed.stdout
        .split(/\s+/)
        .filter(Boolean)
        .map(Number)
        .filter((pid) => pid !== holder);
      await killAndWait(others);
      for (const path of CLEARED_BY_REBOOT) await rm(join(this.rootDir, path), { force: true });
      await this.#newBootId();
      this.#reboots += 1;
      await sleep(downMs);
      await this.startSshd();
    } finally {
      this.#rebooting = false;
    }
  }

  // The holder's pid exists before it has switched namespaces and chrooted; entering it too early
  // would run sshd on the test machine's own root. Only once it is "sleep" is it all in place.
  async #holderReady(): Promise<void> {
    const pid = String(this.#holder?.pid);
    const deadline = Date.now() + 10_000;
    for (;;) {
      const comm = await readFile(join('/proc', pid, 'comm'), 'utf8').catch(() => '');
      const root = await readlink(join('/proc', pid, 'root')).catch(() => '');
      if (comm.trim() === 'sleep' && root === this.rootDir) return;
      if (Date.now() > deadline)
        throw new Error(
          `host ${this.name}: namespace holder did not start (comm ${comm.trim()}, root ${root})`,
        );
      await sleep(10);
    }
  }

  async #newHostKey(): Promise<void> {
    const sshDir = join(this.rootDir, 'etc', 'ssh');
    for (const file of await readdir(sshDir)) {
      if (file.startsWith('ssh_host_')) await rm(join(sshDir, file));
    }
    await runChecked([
      'ssh-keygen',
      '-q',
      '-t',
      'ed25519',
      '-N',
      '',
      '-C',
      `root@${this.name}`,
      '-f',
      join(this.rootDir, HOST_KEY),
    ]);
    this.#hostPublicKey = (await readFile(join(this.rootDir, `${HOST_KEY}.pub`), 'utf8')).trim();
  }

  #enter(): string[] {
    if (!this.#holder) throw new Error(`host ${this.name} is not running`);
    return ['nsenter', '-t', String(this.#holder.pid), '-m', '-u', '-n', '-r', '-w', '--'];
  }

  /** Runs argv as root inside the host (namespaces + chroot, not over SSH), for asserting real state. */
  exec(argv: readonly string[], options: CommandOptions = {}): Promise<CommandResult> {
    return runCommand([...this.#enter(), ...argv], { env: HOST_ENV, ...options });
  }

  /** Starts sshd (idempotent) and waits until it sends its banner. */
  async startSshd(): Promise<void> {
    if (this.#sshd) return;
    this.#sshd = await startDaemon([...this.#enter(), '/usr/sbin/sshd', '-D', '-E', '/var/log/sshd.log']);
    await waitForSshBanner(this.address);
  }

  /** Stops sshd: new connections are refused (sessions already open stay, as with the real service). */
  async stopSshd(): Promise<void> {
    const sshd = this.#sshd;
    if (!sshd) return;
    this.#sshd = undefined;
    process.kill(sshd.pid, this.#frozen ? 'SIGKILL' : 'SIGTERM');
    this.#frozen = false;
    await sshd.exited;
  }

  /** SIGSTOPs sshd: TCP still connects (the kernel accepts) but no banner ever comes, so clients time out. */
  async freeze(): Promise<void> {
    if (!this.#sshd) throw new Error(`host ${this.name}: cannot freeze a stopped sshd`);
    process.kill(this.#sshd.pid, 'SIGSTOP');
    this.#frozen = true;
  }

  /** Resumes a frozen sshd. */
  async thaw(): Promise<void> {
    if (!this.#sshd) throw new Error(`host ${this.name}: cannot thaw a stopped sshd`);
    process.kill(this.#sshd.pid, 'SIGCONT');
    this.#frozen = false;
  }

  /** Takes the link down: the host's address has no route, connects fail as unreachable. */
  async linkDown(): Promise<void> {
    await runChecked(['ip', 'link', 'set', this.name, 'down']);
  }

  /** Brings the link back up (address and route return with it). */
  async linkUp(): Promise<void> {
    await runChecked(['ip', 'link', 'set', this.name, 'up']);
    await runChecked(['ip', '-n', this.name, 'link', 'set', 'eth0', 'up']);
  }

  /** Limits both directions of the host's link to `kbit` kbit/s with a tbf qdisc (the kernel has no netem). */
  async slowLink(kbit: number): Promise<void> {
    if (!Number.isInteger(kbit) || kbit < 8 || kbit > 10_000_000) {
      throw new Error(`slowLink needs a whole number of kbit/s between 8 and 10000000, got ${kbit}`);
    }
    // The bucket must hold at least one full packet and about 10 ms of traffic, or tbf drops everything.
    const burst = Math.max(2048, Math.ceil((kbit * 1000) / 8 / 100));
    const shape = ['root', 'tbf', 'rate', `${kbit}kbit`, 'burst', String(burst), 'latency', '400ms'];
    await runChecked(['tc', 'qdisc', 'replace', 'dev', this.name, ...shape]);
    await runChecked(['tc', '-n', this.name, 'qdisc', 'replace', 'dev', 'eth0', ...shape]);
  }

  /** Removes the rate limit. */
  async normalLink(): Promise<void> {
    // "del" fails when no qdisc was set; that is already the normal state.
    await runCommand(['tc', 'qdisc', 'del', 'dev', this.name, 'root']);
    await runCommand(['tc', '-n', this.name, 'qdisc', 'del', 'dev', 'eth0', 'root']);
  }

  /** Replaces the host key (as a reinstalled machine would) and restarts sshd; returns the new fingerprint. */
  async rotateHostKey(): Promise<string> {
    await this.stopSshd();
    await this.#newHostKey();
    await this.startSshd();
    return this.hostKeyFingerprintSha256;
  }

  /** Kills every process of the host, deletes its namespace and veth, unmounts and deletes its files. */
  async stop(): Promise<void> {
    clearInterval(this.#rebootWatch);
    this.#sshd = undefined;
    this.#holder = undefined;
    await deleteNamespace(this.name);
    await unmountBelow(this.rootDir);
    await rm(this.#plan.hostDir, { recursive: true, force: true });
  }

  toJSON(): FleetHostInfo {
    return {
      name: this.name,
      address: this.address,
      port: this.port,
      user: this.user,
      password: this.password,
      privateKeyPath: this.privateKeyPath,
      hostKeyFingerprintSha256: this.hostKeyFingerprintSha256,
      hostPublicKey: this.hostPublicKey,
      rootDir: this.rootDir,
    };
  }
}
