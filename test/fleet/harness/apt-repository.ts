import { copyFile, mkdir, readdir, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { runChecked } from './run-command';
import { buildTestPackage, debFileName, validateTestPackage } from './test-package';
import type { TestPackage } from './test-package';

/** Where every fleet host sees the repository (read-only bind mount). */
export const REPOSITORY_MOUNT_POINT = '/srv/patchdeck-repo';

/** The apt sources file every host uses: only the local repository, never the internet. */
export const HOST_SOURCES_LIST = [
  `deb [trusted=yes] file:${REPOSITORY_MOUNT_POINT} bookworm main`,
  `deb [trusted=yes] file:${REPOSITORY_MOUNT_POINT} bookworm-security main`,
  '',
].join('\n');

type Suite = TestPackage['suite'];

// The security suite carries Debian's own Origin/Label so scanners that classify by origin
// (unattended-upgrades, apt list) treat it exactly as they treat security.debian.org.
const RELEASE_FIELDS: Record<Suite, { origin: string; label: string }> = {
  bookworm: { origin: 'Patchdeck Test', label: 'Patchdeck Test' },
  'bookworm-security': { origin: 'Debian', label: 'Debian-Security' },
};

const SUITES: readonly Suite[] = ['bookworm', 'bookworm-security'];

/** A local apt repository (suites bookworm and bookworm-security) that fleet hosts install from. */
export interface TestRepository {
  /** Directory on the test machine; hosts see it at REPOSITORY_MOUNT_POINT. */
  readonly dir: string;
  /** Builds the package, adds it to its suite's pool (old versions stay) and re-indexes; hosts see it after apt-get update. */
  publish(pkg: TestPackage): Promise<void>;
  /** Everything offered so far, in publication order. */
  published(): readonly TestPackage[];
}

async function indexSuite(dir: string, suite: Suite): Promise<void> {
  const binaryDir = join(dir, 'dists', suite, 'main', 'binary-amd64');
  await mkdir(binaryDir, { recursive: true });
  // Run from the repository root so Filename: fields are relative to the URI, as apt expects.
  const packages = await runChecked(['apt-ftparchive', 'packages', `pool/${suite}`], { cwd: dir });
  await writeFile(join(binaryDir, 'Packages.tmp'), packages);
  await writeFile(join(binaryDir, 'Packages.gz.tmp'), gzipSync(packages));
  await rename(join(binaryDir, 'Packages.tmp'), join(binaryDir, 'Packages'));
  await rename(join(binaryDir, 'Packages.gz.tmp'), join(binaryDir, 'Packages.gz'));

  const suiteDir = join(dir, 'dists', suite);
  const { origin, label } = RELEASE_FIELDS[suite];
  // The old Release would be hashed into the new one, so it goes first.
  await rm(join(suiteDir, 'Release'), { force: true });
  const release = await runChecked(
    [
      'apt-ftparchive',
      '-o',
      `APT::FTPArchive::Release::Origin=${origin}`,
      '-o',
      `APT::FTPArchive::Release::Label=${label}`,
      '-o',
      `APT::FTPArchive::Release::Suite=${suite}`,
      '-o',
      `APT::FTPArchive::Release::Codename=${suite}`,
      '-o',
      'APT::FTPArchive::Release::Architectures=amd64',
      '-o',
      'APT::FTPArchive::Release::Components=main',
      'release',
      '.',
    ],
    { cwd: suiteDir },
  );
  await writeFile(join(suiteDir, 'Release.tmp'), release);
  await rename(join(suiteDir, 'Release.tmp'), join(suiteDir, 'Release'));
}

/**
 * Creates the repository in `dir` from already built .debs (`prebuilt`: package → path) and
 * indexes both suites. Later packages are built on publish.
 */
export async function createTestRepository(
  dir: string,
  prebuilt: readonly { readonly pkg: TestPackage; readonly debPath: string }[],
): Promise<TestRepository> {
  const offered: TestPackage[] = [];
  for (const suite of SUITES) await mkdir(join(dir, 'pool', suite), { recursive: true, mode: 0o755 });
  for (const { pkg, debPath } of prebuilt) {
    await copyFile(debPath, join(dir, 'pool', pkg.suite, debFileName(pkg)));
    offered.push(pkg);
  }
  for (const suite of SUITES) await indexSuite(dir, suite);

  // Publishes are serialised: two re-indexes of one suite at once would race on the same files.
  let queue: Promise<unknown> = Promise.resolve();
  const publish = (pkg: TestPackage): Promise<void> => {
    const step = queue.then(async () => {
      validateTestPackage(pkg);
      const existing = await readdir(join(dir, 'pool', pkg.suite));
      if (existing.includes(debFileName(pkg))) {
        throw new Error(
          `${pkg.name} ${pkg.version} is already in ${pkg.suite}; publish a new version instead`,
        );
      }
      await buildTestPackage(pkg, join(dir, 'pool', pkg.suite));
      await indexSuite(dir, pkg.suite);
      offered.push(pkg);
    });
    queue = step.catch(() => undefined);
    return step;
  };
  return { dir, publish, published: () => [...offered] };
}
