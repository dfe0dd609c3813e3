import type { PlatformDeployment } from '../types';
import {
  checkSusePackageName,
  checkSuseVersion,
  parseSuseBootId,
  parseSuseInstall,
  parseSusePreflight,
  susePatchOf,
} from './deploy-parse';
import {
  suseBootIdScript,
  suseInstallScript,
  suseInstallStatusScript,
  susePreflightScript,
  suseRebootScript,
} from './deploy-scripts';

/**
 * SUSE: `zypper --non-interactive update` of exactly the named packages; rollback is
 * `zypper --non-interactive install --oldpackage name=version`.
 */
export const suseDeployment: PlatformDeployment = {
  itemFor: (update) => update.name,
  advisoryOf: susePatchOf,
  installedName: (item) => item,
  removesNewInstalls: false,
  preflightScript: { shell: 'sh', script: susePreflightScript, sudo: true },
  parsePreflight: parseSusePreflight,
  checkPackageName: checkSusePackageName,
  checkVersion: checkSuseVersion,
  installArguments(tag, mode, packages) {
    return [
      tag,
      mode,
      ...packages.map(({ name, version }) => {
        checkSusePackageName(name);
        if (mode === 'upgrade') return name;
        if (version === null) throw new Error(`A downgrade of ${name} needs a version.`);
        checkSuseVersion(version);
        return `${name}=${version}`;
      }),
    ];
  },
  installScript: { shell: 'sh', script: suseInstallScript, sudo: true },
  installStatusScript: { shell: 'sh', script: suseInstallStatusScript, sudo: true },
  parseInstall: parseSuseInstall,
  rebootScript: { shell: 'sh', script: suseRebootScript, sudo: true },
  bootIdScript: { shell: 'sh', script: suseBootIdScript, sudo: false },
  parseBootId: parseSuseBootId,
};
