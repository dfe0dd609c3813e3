import type { PlatformDeployment } from '../types';
import {
  checkArchPackageName,
  checkArchVersion,
  parseArchBootId,
  parseArchInstall,
  parseArchPreflight,
} from './deploy-parse';
import {
  archBootIdScript,
  archInstallScript,
  archInstallStatusScript,
  archPreflightScript,
  archRebootScript,
} from './deploy-scripts';
import { taggedRunLogScript } from '../tagged-run';

/**
 * Arch Linux: `pacman -S --noconfirm --needed` of exactly the named packages from the sync databases as last
 * synced; rollback reinstalls the cached package file of the recorded version with `pacman -U`.
 */
export const archDeployment: PlatformDeployment = {
  itemFor: (update) => update.name,
  advisoryOf: () => null,
  installedName: (item) => item,
  removesNewInstalls: false,
  preflightScript: { shell: 'sh', script: archPreflightScript, sudo: true },
  parsePreflight: parseArchPreflight,
  checkPackageName: checkArchPackageName,
  checkVersion: checkArchVersion,
  installArguments(tag, mode, packages) {
    return [
      tag,
      mode,
      ...packages.map(({ name, version }) => {
        checkArchPackageName(name);
        if (mode === 'upgrade') return name;
        if (version === null) throw new Error(`A downgrade of ${name} needs a version.`);
        checkArchVersion(version);
        return `${name}=${version}`;
      }),
    ];
  },
  installScript: { shell: 'sh', script: archInstallScript, sudo: true },
  installStatusScript: { shell: 'sh', script: archInstallStatusScript, sudo: true },
  installLogScript: taggedRunLogScript,
  parseInstall: parseArchInstall,
  rebootScript: { shell: 'sh', script: archRebootScript, sudo: true },
  bootIdScript: { shell: 'sh', script: archBootIdScript, sudo: false },
  parseBootId: parseArchBootId,
};
