import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { chmod, copyFile, mkdir, readdir, readFile, rename, rm, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { HOST_SOURCES_LIST, REPOSITORY_MOUNT_POINT } from './apt-repository';
import { withFileLock } from './file-lock';
import { runChecked } from './run-command';
import { INSTALLED_AT_START, OFFERED_AT_START } from './test-catalog';
import { buildTestPackage, debFileName } from './test-package';
import type { TestPackage } from './test-package';

/** Where built images live between runs (override with PATCHDECK_FLEET_CACHE). */
export const FLEET_CACHE_DIR = process.env.PATCHDECK_FLEET_CACHE ?? '/var/cache/patchdeck-fleet';

/** The fleet's login user and password; sudo asks for this password. */
export const TECH_USER = 'tech';
export const TECH_PASSWORD = 'patchdeck-tech-pw';

// python3: Ansible's modules need a full Python on the host (the scan benchmark compares with Ansible).
const DEBOOTSTRAP_INCLUDES = ['openssh-server', 'sudo', 'procps', 'python3'];

// Bump when the recipe below changes in a way the stamp cannot see (the catalog and includes are hashed).
const RECIPE_REVISION = 2;

const SSHD_DROP_IN = [
  '# Patchdeck test fleet: root may not log in; tech logs in with a key or its password.',
  'PermitRootLogin no',
  'PasswordAuthentication yes',
  'KbdInteractiveAuthentication no',
  // One ed25519 host key per host, so the fingerprint a test expects is the one every client sees.
  'HostKey /etc/ssh/ssh_host_ed25519_key',
  'UseDNS no',
  // Scans fan out to many sessions at once; the defaults (10:30:100) would drop some on purpose.
  'MaxStartups 200:30:400',
  'MaxSessions 64',
  '',
].join('\n');

/** A built, cached Debian bookworm image that fleet hosts overlay. */
export interface BaseImage {
  /** Recipe hash; a different recipe gets a different directory. */
  readonly stamp: string;
  /** The debootstrapped root filesystem (lower layer of every host; never written to). */
  readonly rootfsDir: string;
  /** ed25519 private key in tech's authorized_keys (mode 0600, owned by root, readable by the tests). */
  readonly privateKeyPath: string;
  readonly publicKey: string;
  /** Every catalog package as built for this image, for seeding each fleet's repository. */
  readonly debs: readonly { readonly pkg: TestPackage; readonly debPath: string }[];
  /** How long this call took and whether it had to build (ms). */
  readonly buildMs: number;
  readonly built: boolean;
}

function recipeStamp(): string {
  const recipe = JSON.stringify({
    RECIPE_REVISION,
    DEBOOTSTRAP_INCLUDES,
    SSHD_DROP_IN,
    HOST_SOURCES_LIST,
    TECH_USER,
    TECH_PASSWORD,
    INSTALLED_AT_START,
    OFFERED_AT_START,
  });
  return createHash('sha256').update(recipe).digest('hex').slice(0, 12);
}

/**
 * The Debian mirror this machine already uses (first deb source offering bookworm), so the image
 * comes from the same place as the machine's own packages. PATCHDECK_FLEET_MIRROR overrides it.
 */
export async function findDebianMirror(): Promise<string> {
  const override = process.env.PATCHDECK_FLEET_MIRROR;
  if (override) return override;
  const files: string[] = [];
  if (existsSync('/etc/apt/sources.list')) files.push('/etc/apt/sources.list');
  if (existsSync('/etc/apt/sources.list.d')) {
    for (const name of (await readdir('/etc/apt/sources.list.d')).sort()) {
      if (name.endsWith('.sources') || name.endsWith('.list'))
        files.push(join('/etc/apt/sources.list.d', name));
    }
  }
  for (const file of files) {
    const text = await readFile(file, 'utf8');
    if (file.endsWith('.sources')) {
      for (const stanza of text.split(/\n\s*\n/)) {
        const field = (key: string): string[] =>
          (new RegExp(`^${key}:\\s*(.+)$`, 'mi').exec(stanza)?.[1] ?? '').trim().split(/\s+/).filter(Boolean);
        if (field('Types').includes('deb') && field('Suites').includes('bookworm')) {
          const uri = field('URIs')[0];
          if (uri) return uri;
        }
      }
    } else {
      for (const line of text.split('\n')) {
        const match = /^deb\s+(?:\[[^\]]*\]\s+)?(\S+)\s+bookworm\s/.exec(line.trim());
        if (match?.[1]) return match[1];
      }
    }
  }
  throw new Error(
    'no Debian bookworm mirror found in /etc/apt/sources.list{,.d}; set PATCHDECK_FLEET_MIRROR',
  );
}

async function inChroot(rootfs: string, argv: readonly string[], input?: string): Promise<string> {
  return runChecked(['chroot', rootfs, ...argv], {
    input,
    env: { PATH: '/usr/sbin:/usr/bin:/sbin:/bin', LANG: 'C.UTF-8', DEBIAN_FRONTEND: 'noninteractive' },
  });
}

async function configureImage(rootfs: string, keysDir: string, debsDir: string): Promise<void> {
  await inChroot(rootfs, ['useradd', '--create-home', '--shell', '/bin/bash', '--groups', 'sudo', TECH_USER]);
  await inChroot(rootfs, ['chpasswd'], `${TECH_USER}:${TECH_PASSWORD}\n`);
  // Debian's stock sudoers already says "%sudo ALL=(ALL:ALL) ALL": sudo works only with the password.
  // No credential caching either, so every sudo the engine runs must bring the password on stdin.
  await writeFile(join(rootfs, 'etc', 'sudoers.d', 'patchdeck-fleet'), 'Defaults timestamp_timeout=0\n', {
    mode: 0o440,
  });
  await inChroot(rootfs, ['visudo', '--check', '--quiet']);
  // Hosts mount their own devpts instance; /dev/ptmx must lead to it rather than to the machine's.
  await rm(join(rootfs, 'dev', 'ptmx'), { force: true });
  await symlink('pts/ptmx', join(rootfs, 'dev', 'ptmx'));

  const privateKeyPath = join(keysDir, 'tech_ed25519');
  await runChecked([
    'ssh-keygen',
    '-q',
    '-t',
    'ed25519',
    '-N',
    '',
    '-C',
    'tech@patchdeck-fleet',
    '-f',
    privateKeyPath,
  ]);
  const sshDir = join(rootfs, 'home', TECH_USER, '.ssh');
  await mkdir(sshDir, { recursive: true });
  await copyFile(`${privateKeyPath}.pub`, join(sshDir, 'authorized_keys'));
  await chmod(sshDir, 0o700);
  await chmod(join(sshDir, 'authorized_keys'), 0o600);
  await inChroot(rootfs, ['chown', '-R', `${TECH_USER}:${TECH_USER}`, `/home/${TECH_USER}/.ssh`]);

  await writeFile(join(rootfs, 'etc', 'ssh', 'sshd_config.d', 'patchdeck-fleet.conf'), SSHD_DROP_IN);
  for (const name of await readdir(join(rootfs, 'etc', 'ssh'))) {
    if (name.startsWith('ssh_host_')) await rm(join(rootfs, 'etc', 'ssh', name));
  }
  await mkdir(join(rootfs, 'run', 'sshd'), { recursive: true, mode: 0o755 });

  // Only the local repository, never the internet; and no stale lists from the build mirror.
  await rm(join(rootfs, 'etc', 'apt', 'sources.list'), { force: true });
  for (const name of await readdir(join(rootfs, 'etc', 'apt', 'sources.list.d'))) {
    await rm(join(rootfs, 'etc', 'apt', 'sources.list.d', name), { force: true });
  }
  await writeFile(join(rootfs, 'etc', 'apt', 'sources.list.d', 'patchdeck-test.list'), HOST_SOURCES_LIST);
  await mkdir(join(rootfs, REPOSITORY_MOUNT_POINT.slice(1)), { recursive: true });
  // Hosts have no DNS; an empty resolver config makes lookups fail at once instead of timing out.
  await writeFile(join(rootfs, 'etc', 'resolv.conf'), '# no DNS inside the Patchdeck test fleet\n');

  const copied: string[] = [];
  for (const pkg of INSTALLED_AT_START) {
    const name = debFileName(pkg);
    await copyFile(join(debsDir, pkg.suite, name), join(rootfs, 'tmp', name));
    copied.push(`/tmp/${name}`);
  }
  await inChroot(rootfs, ['dpkg', '--install', ...copied]);
  for (const path of copied) await rm(join(rootfs, path.slice(1)));
  await inChroot(rootfs, ['apt-get', 'clean']);
  await rm(join(rootfs, 'var', 'lib', 'apt', 'lists'), { recursive: true, force: true });
  await mkdir(join(rootfs, 'var', 'lib', 'apt', 'lists', 'partial'), { recursive: true });
}

function imageFrom(
  imageDir: string,
  stamp: string,
  publicKey: string,
  buildMs: number,
  built: boolean,
): BaseImage {
  const debs = [...INSTALLED_AT_START, ...OFFERED_AT_START].map((pkg) => ({
    pkg,
    debPath: join(imageDir, 'debs', pkg.suite, debFileName(pkg)),
  }));
  return {
    stamp,
    rootfsDir: join(imageDir, 'rootfs'),
    privateKeyPath: join(imageDir, 'keys', 'tech_ed25519'),
    publicKey,
    debs,
    buildMs,
    built,
  };
}

async function removeUnusedImages(imagesDir: string, keep: string): Promise<void> {
  const mounts = await readFile('/proc/self/mountinfo', 'utf8');
  for (const name of await readdir(imagesDir)) {
    if (name === keep) continue;
    // An image still under a running fleet's overlay stays until that fleet is gone.
    if (mounts.includes(join(imagesDir, name))) continue;
    await rm(join(imagesDir, name), { recursive: true, force: true });
  }
}

/**
 * Returns the cached base image, building it first (debootstrap, about 30-40 s) when the cache has
 * no image for the current recipe. Concurrent callers wait on a lock instead of building twice.
 */
export async function ensureBaseImage(): Promise<BaseImage> {
  const started = Date.now();
  const stamp = recipeStamp();
  const imagesDir = join(FLEET_CACHE_DIR, 'images');
  const imageDir = join(imagesDir, stamp);
  await mkdir(imagesDir, { recursive: true });
  return withFileLock(join(FLEET_CACHE_DIR, 'build.lock'), async () => {
    if (existsSync(imageDir)) {
      const publicKey = await readFile(join(imageDir, 'keys', 'tech_ed25519.pub'), 'utf8');
      return imageFrom(imageDir, stamp, publicKey.trim(), Date.now() - started, false);
    }
    const partial = `${imageDir}.partial`;
    await rm(partial, { recursive: true, force: true });
    const rootfs = join(partial, 'rootfs');
    const keysDir = join(partial, 'keys');
    const debsDir = join(partial, 'debs');
    await mkdir(keysDir, { recursive: true, mode: 0o700 });
    for (const pkg of [...INSTALLED_AT_START, ...OFFERED_AT_START]) {
      await mkdir(join(debsDir, pkg.suite), { recursive: true });
      await buildTestPackage(pkg, join(debsDir, pkg.suite));
    }
    const mirror = await findDebianMirror();
    await runChecked(
      [
        'debootstrap',
        '--variant=minbase',
        `--include=${DEBOOTSTRAP_INCLUDES.join(',')}`,
        'bookworm',
        rootfs,
        mirror,
      ],
      { timeoutMs: 900_000 },
    );
    await configureImage(rootfs, keysDir, debsDir);
    await writeFile(join(rootfs, 'etc', 'patchdeck-fleet-image'), `${stamp}\n`);
    // The rename is the commit: a crash before it leaves only a .partial that the next build deletes.
    await rename(partial, imageDir);
    await removeUnusedImages(imagesDir, stamp);
    const publicKey = await readFile(join(imageDir, 'keys', 'tech_ed25519.pub'), 'utf8');
    return imageFrom(imageDir, stamp, publicKey.trim(), Date.now() - started, true);
  });
}
