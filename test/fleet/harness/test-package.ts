import { chmod, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { runChecked } from './run-command';

/** A small Debian package the harness builds for the local test repository. */
export interface TestPackage {
  readonly name: string;
  readonly version: string;
  /** Which suite of the local repository offers it. */
  readonly suite: 'bookworm' | 'bookworm-security';
  /** Source package name when it differs from the binary name (pd-libfoo1 from pd-foo). */
  readonly source?: string;
  /** A Depends field, e.g. `pd-libfoo1 (>= 1.0-2)`. */
  readonly depends?: string;
  /** Makes the postinst exit 1, so installing it leaves the package half-configured. */
  readonly postinstFails?: boolean;
  /** Makes the postinst request a reboot the Debian way (/var/run/reboot-required). */
  readonly rebootRequired?: boolean;
  /** Makes the postinst print this many numbered lines, one every 0.5 s, as a slow configure step does. */
  readonly postinstSlowLines?: number;
}

// Debian policy: lowercase package names; versions of [epoch:]upstream[-revision] from this alphabet.
const PACKAGE_NAME = /^[a-z0-9][a-z0-9+.-]+$/;
const VERSION = /^(?:\d+:)?[0-9][A-Za-z0-9.+~-]*$/;
const DEPENDS = /^[a-z0-9][a-z0-9+.\-\s(),|<>=:~]*$/;

/** Throws a sentence naming the bad field when a package description cannot become a valid .deb. */
export function validateTestPackage(pkg: TestPackage): void {
  if (!PACKAGE_NAME.test(pkg.name))
    throw new Error(`test package name ${JSON.stringify(pkg.name)} is not a valid Debian package name`);
  if (!VERSION.test(pkg.version))
    throw new Error(
      `test package ${pkg.name}: version ${JSON.stringify(pkg.version)} is not a valid Debian version`,
    );
  if (pkg.source !== undefined && !PACKAGE_NAME.test(pkg.source)) {
    throw new Error(
      `test package ${pkg.name}: source ${JSON.stringify(pkg.source)} is not a valid Debian package name`,
    );
  }
  if (pkg.depends !== undefined && !DEPENDS.test(pkg.depends)) {
    throw new Error(
      `test package ${pkg.name}: depends ${JSON.stringify(pkg.depends)} is not a valid Depends field`,
    );
  }
  if (
    pkg.postinstSlowLines !== undefined &&
    (!Number.isInteger(pkg.postinstSlowLines) || pkg.postinstSlowLines < 1 || pkg.postinstSlowLines > 100)
  ) {
    throw new Error(`test package ${pkg.name}: postinstSlowLines must be a whole number from 1 to 100`);
  }
  if (pkg.suite !== 'bookworm' && pkg.suite !== 'bookworm-security') {
    throw new Error(
      `test package ${pkg.name}: suite ${JSON.stringify(pkg.suite)} is neither bookworm nor bookworm-security`,
    );
  }
}

/** The pool file name apt and dpkg-deb use for a package (epoch colons are not kept in file names). */
export function debFileName(pkg: Pick<TestPackage, 'name' | 'version'>): string {
  return `${pkg.name}_${pkg.version.replace(/^\d+:/, '')}_all.deb`;
}

function controlFile(pkg: TestPackage): string {
  const lines = [
    `Package: ${pkg.name}`,
    `Version: ${pkg.version}`,
    'Architecture: all',
    'Maintainer: Patchdeck Tests <tests@patchdeck.invalid>',
    'Section: misc',
    'Priority: optional',
  ];
  if (pkg.source !== undefined) lines.push(`Source: ${pkg.source}`);
  if (pkg.depends !== undefined) lines.push(`Depends: ${pkg.depends}`);
  lines.push(
    `Description: Patchdeck test package ${pkg.name}`,
    ` Installed by the Patchdeck test fleet; prints its version.`,
  );
  return `${lines.join('\n')}\n`;
}

function postinst(pkg: TestPackage): string | undefined {
  const steps: string[] = [];
  if (pkg.rebootRequired) {
    steps.push('touch /var/run/reboot-required', `echo ${pkg.name} >> /var/run/reboot-required.pkgs`);
  }
  if (pkg.postinstSlowLines !== undefined) {
    steps.push(
      `for line in $(seq 1 ${pkg.postinstSlowLines}); do echo "${pkg.name} postinst: step $line"; sleep 0.5; done`,
    );
  }
  if (pkg.postinstFails) steps.push(`echo "${pkg.name} postinst: failing on purpose" >&2`, 'exit 1');
  if (steps.length === 0) return undefined;
  return [
    '#!/bin/sh',
    'set -e',
    'if [ "$1" = configure ]; then',
    ...steps.map((s) => `  ${s}`),
    'fi',
    'exit 0',
    '',
  ].join('\n');
}

/** Builds `pkg` with dpkg-deb into `outDir` and returns the .deb's path. */
export async function buildTestPackage(pkg: TestPackage, outDir: string): Promise<string> {
  validateTestPackage(pkg);
  const tree = await mkdtemp(join(tmpdir(), `pd-deb-${pkg.name}-`));
  try {
    await mkdir(join(tree, 'DEBIAN'), { recursive: true });
    await writeFile(join(tree, 'DEBIAN', 'control'), controlFile(pkg));
    const script = postinst(pkg);
    if (script !== undefined) {
      await writeFile(join(tree, 'DEBIAN', 'postinst'), script);
      await chmod(join(tree, 'DEBIAN', 'postinst'), 0o755);
    }
    // A real file and a tiny program, so dpkg -L and "run the tool" checks have something to see.
    await mkdir(join(tree, 'usr', 'bin'), { recursive: true });
    await writeFile(join(tree, 'usr', 'bin', pkg.name), `#!/bin/sh\necho "${pkg.name} ${pkg.version}"\n`);
    await chmod(join(tree, 'usr', 'bin', pkg.name), 0o755);
    await mkdir(join(tree, 'usr', 'share', 'doc', pkg.name), { recursive: true });
    await writeFile(join(tree, 'usr', 'share', 'doc', pkg.name, 'VERSION'), `${pkg.version}\n`);
    const debPath = join(outDir, debFileName(pkg));
    await runChecked(['dpkg-deb', '--root-owner-group', '-Zgzip', '--build', tree, debPath]);
    return debPath;
  } finally {
    await rm(tree, { recursive: true, force: true });
  }
}
