import type { InstalledPackage } from '../../../shared/domain/inventory';
import { ParseError } from './types';

// One tab-separated line per installed package. EPOCH and SOURCERPM print "(none)" when absent.
const rpmQueryFormat = '%{NAME}\\t%{EPOCH}\\t%{VERSION}\\t%{RELEASE}\\t%{ARCH}\\t%{SOURCERPM}\\n';

/**
 * sh function `pd_rpm` listing the rpm database, shared by the RHEL-family and SUSE scans. Scans call it bare;
 * extra arguments go to rpm (tests point it at a database of their own with --dbpath).
 */
export const shRpmFunction = `pd_rpm() {
  rpm -qa "$@" --qf '${rpmQueryFormat}'
}
`;

/** Joins epoch, version and release the way dnf and zypper print them: the epoch only when it is not zero. */
export function rpmEvr(epoch: string | null, version: string, release: string): string {
  return `${epoch && epoch !== '0' ? `${epoch}:` : ''}${version}-${release}`;
}

/**
 * Parses the pd_rpm lines. The source package name and version come from the source rpm's file name
 * ("openssl-3.0.7-24.el9.src.rpm"), with the binary's epoch, which source and binary share.
 */
export function parseRpmPackages(stdout: string): InstalledPackage[] {
  const packages: InstalledPackage[] = [];
  stdout.split('\n').forEach((line, index) => {
    if (line === '') return;
    const fields = line.split('\t');
    const [name, epochField, version, release, archField, sourceRpm] = fields;
    if (fields.length !== 6 || !name || !version || !release || !archField || !sourceRpm) {
      throw new ParseError(
        `Line ${index + 1} of the rpm package list is not "name, epoch, version, release, arch, source rpm": "${line.slice(0, 120)}".`,
      );
    }
    const epoch = epochField === '(none)' ? null : (epochField ?? null);
    const source = /^(.+)-([^-]+)-([^-]+)\.(?:no)?src\.rpm$/.exec(sourceRpm);
    packages.push({
      name,
      version: rpmEvr(epoch, version, release),
      // gpg-pubkey entries carry no architecture.
      arch: archField === '(none)' ? null : archField,
      sourceName: source?.[1] ?? name,
      sourceVersion:
        source?.[2] && source[3] ? rpmEvr(epoch, source[2], source[3]) : rpmEvr(epoch, version, release),
      manager: 'rpm',
    });
  });
  if (packages.length === 0)
    throw new ParseError('rpm listed no installed packages, which a working rpm-based system always has.');
  return packages;
}

/** A package name, epoch-version-release and architecture, as in "openssl-1:3.0.7-25.el9_3.x86_64". */
export interface Nevra {
  readonly name: string;
  readonly evr: string;
  readonly arch: string;
}

/** Splits a NEVRA string; null when it does not have that shape. */
export function parseNevra(text: string): Nevra | null {
  const match = /^(.+)-(?:(\d+):)?([^-:]+)-([^-]+)\.([^.]+)$/.exec(text);
  if (!match?.[1] || !match[3] || !match[4] || !match[5]) return null;
  return { name: match[1], evr: rpmEvr(match[2] ?? null, match[3], match[4]), arch: match[5] };
}

/** Installed versions by "name.arch"; for install-only packages (kernels) the one rpm lists last wins. */
export function installedVersionsByNameArch(packages: readonly InstalledPackage[]): Map<string, string> {
  return new Map(packages.map((pkg) => [`${pkg.name}.${pkg.arch ?? ''}`, pkg.version]));
}
