import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { access, appendFile, chmod, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer, connect as connectTcp, isIP, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import type { SshAuth, SshTarget } from '../../../electron/engine/ssh/target';

const run = promisify(execFile);

/** The local accounts the SSH tests sign in as. Created once per machine; passwords reset on every start. */
export const testUsers = {
  /** May sudo, but only with its password (timestamp_timeout=0: every sudo asks again). */
  sudoer: 'pdssh-test',
  /** Not in sudoers at all. */
  plain: 'pdssh-nosudo',
  /** May sudo without a password (NOPASSWD). */
  passwordless: 'pdssh-nopw',
} as const;

// Quotes, a space and a dollar sign: any shell pasting of the password would break or expand it.
export const testPassword = `Pd-t3st pa'ss $HOME "x"`;

/** A real OpenSSH server on a loopback address and free port, with its own host key and authorized_keys. */
export interface LocalSshd {
  readonly host: string;
  readonly port: number;
  readonly dir: string;
  /** ed25519 private key (no passphrase) that authorized_keys accepts for every test user. */
  readonly clientKeyPath: string;
  /** Directory every test user may write to, for probes that leave traces. */
  readonly scratchDir: string;
  /** Let the key whose `.pub` file sits next to privateKeyPath sign in too. */
  authorize(privateKeyPath: string): Promise<void>;
  /** What sshd has logged so far (LogLevel INFO): one line per sign-in attempt, accepted or failed. */
  log(): string;
  /** The server's host key fingerprint as `ssh-keygen -lf` prints it. */
  hostKeyFingerprint(): Promise<string>;
  /** A target for this server, signing in with the client key unless `auth` says otherwise. */
  target(overrides?: Partial<SshTarget>): SshTarget;
  /** A new host key, as after a reinstall; the server is restarted on the same port. */
  rotateHostKey(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * Start `/usr/sbin/sshd -D -e` as root on host (default 127.0.0.1; ::1 and other 127.x work) at a free port.
 * forceCommand: sshd runs it instead of every command (the original is in $SSH_ORIGINAL_COMMAND), as a device
 * whose login set-up wraps what is run.
 */
export async function startLocalSshd(
  options: { host?: string; forceCommand?: string } = {},
): Promise<LocalSshd> {
  const host = options.host ?? '127.0.0.1';
  await ensureTestUsers();
  const dir = await mkdtemp(join(tmpdir(), 'pdssh-'));
  await chmod(dir, 0o755);
  const hostKeyPath = join(dir, 'host_ed25519');
  const clientKeyPath = join(dir, 'client_ed25519');
  const scratchDir = join(dir, 'scratch');
  await mkdir(scratchDir);
  await chmod(scratchDir, 0o1777);
  await newKey(hostKeyPath);
  await newKey(clientKeyPath);
  const authorizedKeys = join(dir, 'authorized_keys');
  await writeFile(authorizedKeys, await readFile(`${clientKeyPath}.pub`, 'utf8'), { mode: 0o644 });
  const port = await freePort(host);
  const configPath = join(dir, 'sshd_config');
  await writeFile(
    configPath,
    [
      `ListenAddress ${isIP(host) === 6 ? `[${host}]` : host}:${port}`,
      `HostKey ${hostKeyPath}`,
      `PidFile ${join(dir, 'sshd.pid')}`,
      `AuthorizedKeysFile ${authorizedKeys}`,
      // The temp dir's parents are root-owned but /tmp is world-writable; StrictModes would refuse the keys file.
      'StrictModes no',
      'PubkeyAuthentication yes',
      'PasswordAuthentication yes',
      'KbdInteractiveAuthentication no',
      // Without PAM, sshd checks /etc/shadow itself and a wrong password fails at once instead of after PAM's delay.
      'UsePAM no',
      'PermitRootLogin no',
      `AllowUsers ${Object.values(testUsers).join(' ')}`,
      // The pool benchmark opens 32 connections at once; the default 10:30:100 would drop some at random.
      'MaxStartups 1000',
      'MaxSessions 100',
      'UseDNS no',
      'PrintMotd no',
      // INFO logs every sign-in attempt ("Failed password for ..."), which tests read to prove none was made.
      'LogLevel INFO',
      ...(options.forceCommand === undefined ? [] : [`ForceCommand ${options.forceCommand}`]),
      '',
    ].join('\n'),
    { mode: 0o600 },
  );

  const log: SshdLog = { text: '' };
  let child = await spawnSshd(configPath, hostKeyPath, host, port, log);

  const sshd: LocalSshd = {
    host,
    port,
    dir,
    clientKeyPath,
    scratchDir,
    authorize: async (privateKeyPath) => {
      await appendFile(authorizedKeys, await readFile(`${privateKeyPath}.pub`, 'utf8'));
    },
    log: () => log.text,
    hostKeyFingerprint: async () => {
      const { stdout } = await run('ssh-keygen', ['-lf', `${hostKeyPath}.pub`]);
      const fingerprint = stdout.split(' ')[1];
      if (fingerprint === undefined) throw new Error(`ssh-keygen printed no fingerprint: ${stdout}`);
      return fingerprint;
    },
    target: (overrides = {}) => ({
      host,
      port,
      username: testUsers.sudoer,
      auth: { kind: 'key', privateKeyPath: clientKeyPath } satisfies SshAuth,
      pinnedHostKey: null,
      sudo: { password: testPassword },
      ...overrides,
    }),
    rotateHostKey: async () => {
      await stopChild(child);
      await rm(hostKeyPath, { force: true });
      await rm(`${hostKeyPath}.pub`, { force: true });
      await newKey(hostKeyPath);
      child = await spawnSshd(configPath, hostKeyPath, host, port, log);
    },
    stop: async () => {
      await stopChild(child);
      await rm(dir, { recursive: true, force: true });
    },
  };
  return sshd;
}

/** Start `ssh-agent -D` on a socket in its own temp dir and add the key; stop() ends the agent. */
export async function startSshAgent(
  keyPath: string,
): Promise<{ readonly socketPath: string; stop(): Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), 'pdssh-agent-'));
  const socketPath = join(dir, 'agent.sock');
  const agent = spawn('ssh-agent', ['-D', '-a', socketPath], { stdio: ['ignore', 'ignore', 'pipe'] });
  await waitFor(async () => {
    await access(socketPath);
  }, `ssh-agent socket ${socketPath}`);
  await run('ssh-add', ['-q', keyPath], { env: { ...process.env, SSH_AUTH_SOCK: socketPath } });
  return {
    socketPath,
    stop: async () => {
      await stopChild(agent);
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** A free TCP port on host: bound by the OS, released, then handed out (small race, fine for tests). */
export async function freePort(host = '127.0.0.1'): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, host, resolve);
  });
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === 'string') throw new Error('no TCP address');
  return address.port;
}

/**
 * A TCP listener that accepts connections and never says a word: an SSH handshake against it stalls. It reads what
 * the client sends (as sshd would), so it sees the client hang up; `open` counts the connections still up.
 */
export async function startSilentListener(
  host = '127.0.0.1',
): Promise<{ readonly port: number; open(): number; stop(): Promise<void> }> {
  const sockets = new Set<Socket>();
  const server: Server = createServer((socket) => {
    sockets.add(socket);
    socket.on('error', () => undefined);
    socket.on('close', () => sockets.delete(socket));
    socket.resume();
  });
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('no TCP address');
  return {
    port: address.port,
    open: () => sockets.size,
    stop: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/**
 * A port that does not answer: a listener with backlog 0 that never accepts. Its one queue place is taken by a
 * filler connection, so the kernel drops every further SYN and a client's connect hangs, as with a host that is
 * off or behind a dropping firewall. Node cannot listen without accepting, hence the few lines of Perl.
 */
export async function startUnansweringPort(
  host = '127.0.0.1',
): Promise<{ readonly port: number; stop(): Promise<void> }> {
  const port = await freePort(host);
  const listener = spawn(
    'perl',
    [
      '-MSocket',
      '-e',
      'socket(my $s, PF_INET, SOCK_STREAM, 0) or die "socket: $!";' +
        'bind($s, sockaddr_in($ARGV[1], inet_aton($ARGV[0]))) or die "bind: $!";' +
        'listen($s, 0) or die "listen: $!"; $| = 1; print "listening\\n"; sleep 3600;',
      host,
      String(port),
    ],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  await new Promise<void>((resolve, reject) => {
    listener.once('error', reject);
    listener.once('exit', (code) => reject(new Error(`perl listener exited with ${String(code)}`)));
    listener.stdout?.once('data', () => resolve());
  });
  const filler = connectTcp({ host, port });
  filler.on('error', () => undefined);
  await new Promise<void>((resolve) => filler.once('connect', () => resolve()));
  return {
    port,
    stop: async () => {
      filler.destroy();
      await stopChild(listener);
    },
  };
}

async function ensureTestUsers(): Promise<void> {
  const sudoers = join(await mkdtemp(join(tmpdir(), 'pdssh-sudoers-')), 'pdssh-test');
  await writeFile(
    sudoers,
    [
      `Defaults:${testUsers.sudoer} !lecture, timestamp_timeout=0`,
      `${testUsers.sudoer} ALL=(ALL:ALL) ALL`,
      `${testUsers.passwordless} ALL=(ALL:ALL) NOPASSWD: ALL`,
      '',
    ].join('\n'),
  );
  // Several test files may start at once: the lock keeps useradd and the sudoers install from racing.
  const script = [
    'set -e',
    'sudoers=$1; shift',
    'for u in "$@"; do id -u "$u" >/dev/null 2>&1 || useradd -m -s /bin/sh "$u"; done',
    'chpasswd',
    'visudo -cqf "$sudoers"',
    'install -m 0440 "$sudoers" /etc/sudoers.d/pdssh-test',
    'mkdir -p /run/sshd',
  ].join('\n');
  const users = Object.values(testUsers);
  try {
    await new Promise<void>((resolve, reject) => {
      const child = spawn(
        'flock',
        ['/tmp/pdssh-users.lock', 'sh', '-c', script, 'setup', sudoers, ...users],
        {
          stdio: ['pipe', 'ignore', 'pipe'],
        },
      );
      let stderr = '';
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      child.on('error', reject);
      child.on('exit', (code) =>
        code === 0 ? resolve() : reject(new Error(`test user setup failed (${String(code)}): ${stderr}`)),
      );
      // chpasswd reads "user:password" lines, so the password is never on a command line here either.
      child.stdin.end(users.map((user) => `${user}:${testPassword}\n`).join(''));
    });
  } finally {
    await rm(dirname(sudoers), { recursive: true, force: true });
  }
}

/** A new ed25519 key pair at path and path.pub, encrypted when a passphrase is given. */
export async function newKey(path: string, passphrase = ''): Promise<void> {
  await run('ssh-keygen', ['-q', '-t', 'ed25519', '-N', passphrase, '-C', 'patchdeck-test', '-f', path]);
}

/** sshd's log (its stderr under -e), kept across restarts; capped so a benchmark's thousands of lines stay cheap. */
interface SshdLog {
  text: string;
}
const logCap = 1024 * 1024;

async function spawnSshd(
  configPath: string,
  hostKeyPath: string,
  host: string,
  port: number,
  log: SshdLog,
): Promise<ChildProcess> {
  const child = spawn('/usr/sbin/sshd', ['-D', '-e', '-f', configPath, '-h', hostKeyPath], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  const startedAt = log.text.length;
  child.stderr?.on('data', (chunk: Buffer) => {
    log.text = (log.text + chunk.toString()).slice(-logCap);
  });
  const stderr = (): string => log.text.slice(startedAt);
  let exited = false;
  child.once('exit', () => (exited = true));
  await waitFor(async () => {
    if (exited) throw new Error(`sshd exited: ${stderr()}`);
    await new Promise<void>((resolve, reject) => {
      const probe = connectTcp({ host, port });
      probe.once('connect', () => {
        probe.destroy();
        resolve();
      });
      probe.once('error', reject);
    });
  }, `sshd on ${host}:${port}`);
  return child;
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  await new Promise<void>((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}

async function waitFor(check: () => Promise<void>, what: string, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      await check();
      return;
    } catch (error) {
      if (error instanceof Error && error.message.startsWith('sshd exited')) throw error;
      if (Date.now() > deadline) {
        throw new Error(`${what} did not come up within ${timeoutMs} ms: ${String(error)}`, { cause: error });
      }
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  }
}
