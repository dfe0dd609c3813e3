import type { PlatformDeployment } from '../types';
import {
  checkRpmPackageName,
  checkRpmVersion,
  parseRhelBootId,
  parseRhelInstall,
  parseRhelPreflight,
} from './deploy-parse';
import {
  rhelBootIdScript,
  rhelInstallScript,
  rhelInstallStatusScript,
  rhelPreflightScript,
  rhelRebootScript,
} from './deploy-scripts';

/** RHEL family: `dnf -y upgrade` of the named packages (or advisories), rollback by `dnf -y downgrade name-evr`. */
export const rhelDeployment: PlatformDeployment = {
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
  parseInstall: parseRhelInstall,
  rebootScript: { shell: 'sh', script: rhelRebootScript, sudo: true },
  bootIdScript: { shell: 'sh', script: rhelBootIdScript, sudo: false },
  parseBootId: parseRhelBootId,
};
