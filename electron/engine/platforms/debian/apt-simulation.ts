import type { AvailableUpdate, InstalledPackage } from '../../../../shared/domain/inventory';
import { ParseError } from '../types';

/** What a simulated dist-upgrade would do. */
export interface AptSimulation {
  readonly updates: AvailableUpdate[];
  readonly warnings: string[];
}

// Inst NAME [OLD] (NEW ORIGIN, ORIGIN [ARCH]) [] : OLD is absent for a package the upgrade newly installs, and
// the trailing [] names packages it breaks.
const instLine = /^Inst (\S+)(?: \[([^\]]*)\])? \((\S+)(?: (.*?))? \[([^\]]+)\]\)(?: \[.*\])?$/;
const keptBackHeaders =
  /^The following (?:packages have been kept back|upgrades have been deferred due to phasing):$/;

/** An apt origin ("Debian-Security:12/bookworm-security", "Ubuntu:22.04/jammy-security") that carries security fixes. */
export function isSecurityOrigin(origin: string): boolean {
  const [label = '', archive = ''] = origin.split('/');
  return /security/i.test(label.split(':')[0] ?? '') || /-security$/.test(archive);
}

/**
 * Parses `apt-get -s dist-upgrade`: one update per Inst line, security when any of its origins is a security
 * archive; kept-back and removed packages become warnings because they need the technician's attention.
 */
export function parseAptSimulation(stdout: string, installed: readonly InstalledPackage[]): AptSimulation {
  const installedVersions = new Map(installed.map((pkg) => [`${pkg.name}:${pkg.arch ?? ''}`, pkg.version]));
  const updates: AvailableUpdate[] = [];
  const removals: string[] = [];
  const keptBack: string[] = [];
  let inKeptBack = false;
  for (const line of stdout.split('\n')) {
    if (keptBackHeaders.test(line)) {
      inKeptBack = true;
      continue;
    }
    if (inKeptBack && line.startsWith('  ')) {
      keptBack.push(...line.trim().split(/\s+/));
      continue;
    }
    inKeptBack = false;
    if (line.startsWith('Remv ')) {
      removals.push(line.split(' ')[1] ?? '');
    } else if (line.startsWith('Inst ')) {
      const match = instLine.exec(line);
      const [, qualifiedName, , available, originText, arch] = match ?? [];
      if (!match || !qualifiedName || !available || !arch) {
        throw new ParseError(`apt-get printed an Inst line Patchdeck cannot read: "${line.slice(0, 160)}".`);
      }
      const origins = originText ? originText.split(', ').filter((origin) => origin !== '') : [];
      const security = origins.some(isSecurityOrigin);
      // apt qualifies only foreign-architecture packages ("libc6:i386"); the architecture has its own field.
      const name = qualifiedName.endsWith(`:${arch}`)
        ? qualifiedName.slice(0, -arch.length - 1)
        : qualifiedName;
      updates.push({
        name,
        installedVersion: installedVersions.get(`${name}:${arch}`) ?? null,
        availableVersion: available,
        arch,
        origin: origins.length > 0 ? origins.join(', ') : null,
        security,
        classification: security ? 'security' : 'other',
        vendorSeverity: null,
        advisoryIds: [],
        cves: [],
        rebootRequired: null,
        manager: 'dpkg',
      });
    }
  }
  const warnings: string[] = [];
  if (keptBack.length > 0)
    warnings.push(
      `apt keeps back these updates (held, phased or blocked by dependencies): ${keptBack.join(', ')}.`,
    );
  if (removals.length > 0)
    warnings.push(`A full upgrade would remove these packages: ${removals.join(', ')}.`);
  return { updates, warnings };
}
