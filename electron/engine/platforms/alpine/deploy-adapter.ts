import type { PlatformDeployment } from '../types';
import {
  checkApkPackageName,
  checkApkVersion,
  parseAlpineBootId,
  parseAlpineInstall,
  parseAlpinePreflight,
} from './deploy-parse';
import {
  alpineBootIdScript,
  alpineInstallScript,
  alpineInstallStatusScript,
  alpinePreflightScript,
  alpineRebootScript,
} from './deploy-scripts';
import { taggedRunLogScript } from '../tagged-run';

/**
 * Alpine: `apk add --upgrade` of exactly the named packages; rollback is `apk add name=version`, possible only
 * while a repository or the apk cache still has that version.
 */
export const alpineDeployment: PlatformDeployment = {
  itemFor: (update) => update.name,
  advisoryOf: () => null,
  installedName: (item) => item,
  removesNewInstalls: false,
  preflightScript: { shell: 'sh', script: alpinePreflightScript, sudo: true },
  parsePreflight: parseAlpinePreflight,
  checkPackageName: checkApkPackageName,
  checkVersion: checkApkVersion,
  installArguments(tag, mode, packages) {
    return [
      tag,
      mode,
      ...packages.map(({ name, version }) => {
        checkApkPackageName(name);
        if (mode === 'upgrade') return name;
        if (version === null) throw new Error(`A downgrade of ${name} needs a version.`);
        checkApkVersion(version);
        return `${name}=${version}`;
      }),
    ];
  },
  installScript: { shell: 'sh', script: alpineInstallScript, sudo: true },
  installStatusScript: { shell: 'sh', script: alpineInstallStatusScript, sudo: true },
  installLogScript: taggedRunLogScript,
  parseInstall: parseAlpineInstall,
  rebootScript: { shell: 'sh', script: alpineRebootScript, sudo: true },
  bootIdScript: { shell: 'sh', script: alpineBootIdScript, sudo: false },
  parseBootId: parseAlpineBootId,
};
