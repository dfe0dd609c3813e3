import type { PlatformDeployment } from '../types';
import {
  checkRpmPackageName,
  checkRpmVersion,
  parseRhelBootId,
  parseRhelInstall,
  parseRhelPreflight,
  rhelAdvisoryOf,
} from './deploy-parse';
import {
  rhelBootIdScript,
  rhelInstallScript,
  rhelInstallStatusScript,
  rhelPreflightScript,
  rhelRebootScript,
} from './deploy-scripts';
import { taggedRunLogScript } from '../tagged-run';

/**
 * RHEL family: `dnf -y upgrade` of the named packages, rollback by `dnf -y downgrade name-evr`. An approved advisory
 * is planned as the packages the last scan found it fixing, so each one is recorded, verified and rolled back.
 */
export const rhelDeployment: PlatformDeployment = {
  itemFor: (update) => update.name,
  advisoryOf: rhelAdvisoryOf,
  installedName: (item) => item,
  removesNewInstalls: false,
  preflightScript: { shell: 'sh', script: rhelPreflightScript, sudo: true },
  parsePreflight: parseRhelPreflight,
  checkPackageName: checkRpmPackageName,
  checkVersion: checkRpmVersion,
  installArguments(tag, mode, packages) {
    return [
      tag,
      mode,
      ...packages.map(({ name, version }) => {
        checkRpmPackageName(name);
        if (mode === 'upgrade') return name;
        if (version === null) throw new Error(`A downgrade of ${name} needs a version.`);
        checkRpmVersion(version);
        return `${name}-${version}`;
      }),
    ];
  },
  installScript: { shell: 'sh', script: rhelInstallScript, sudo: true },
  installStatusScript: { shell: 'sh', script: rhelInstallStatusScript, sudo: true },
  installLogScript: taggedRunLogScript,
  parseInstall: parseRhelInstall,
  rebootScript: { shell: 'sh', script: rhelRebootScript, sudo: true },
  bootIdScript: { shell: 'sh', script: rhelBootIdScript, sudo: false },
  parseBootId: parseRhelBootId,
};
