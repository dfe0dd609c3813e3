import type { PlatformDeployment } from '../types';
import {
  checkDebianPackageName,
  checkDebianVersion,
  parseDebianBootId,
  parseDebianInstall,
  parseDebianPreflight,
} from './deploy-parse';
import {
  debianBootIdScript,
  debianInstallScript,
  debianInstallStatusScript,
  debianPreflightScript,
  debianRebootScript,
} from './deploy-scripts';
import { taggedRunLogScript } from '../tagged-run';

/**
 * Debian/Ubuntu: `apt-get install --only-upgrade` of exactly the named packages, non-interactive and keeping the
 * device's own config files; rollback is `apt-get install --allow-downgrades name=version`.
 */
export const debianDeployment: PlatformDeployment = {
  itemFor: (update) => update.name,
  advisoryOf: () => null,
  installedName: (item) => item,
  removesNewInstalls: false,
  // Without sudo: sudo's password check (yescrypt, slow on purpose) was about half of the pre-flight's CPU
  // time on the device.
  preflightScript: { shell: 'sh', script: debianPreflightScript, sudo: false },
  parsePreflight: parseDebianPreflight,
  checkPackageName: checkDebianPackageName,
  checkVersion: checkDebianVersion,
  installArguments(tag, mode, packages) {
    return [
      tag,
      mode,
      ...packages.map(({ name, version }) => {
        checkDebianPackageName(name);
        if (mode === 'upgrade') return name;
        if (version === null) throw new Error(`A downgrade of ${name} needs a version.`);
        checkDebianVersion(version);
        return `${name}=${version}`;
      }),
    ];
  },
  installScript: { shell: 'sh', script: debianInstallScript, sudo: true },
  installStatusScript: { shell: 'sh', script: debianInstallStatusScript, sudo: true },
  installLogScript: taggedRunLogScript,
  parseInstall: parseDebianInstall,
  rebootScript: { shell: 'sh', script: debianRebootScript, sudo: true },
  bootIdScript: { shell: 'sh', script: debianBootIdScript, sudo: false },
  parseBootId: parseDebianBootId,
};
