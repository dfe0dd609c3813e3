import type { PlatformDeployment } from '../types';
import {
  checkSusePackageName,
  checkSuseVersion,
  parseSuseBootId,
  parseSuseInstall,
  isSusePatch,
  parseSusePreflight,
} from './deploy-parse';
import {
  suseBootIdScript,
  suseInstallScript,
  suseInstallStatusScript,
  susePreflightScript,
  suseRebootScript,
} from './deploy-scripts';
import { taggedRunLogScript } from '../tagged-run';

/**
 * SUSE: `zypper --non-interactive update` of exactly the named packages, and of the named patches (`patch:<id>`,
 * which brings the package updates the patch holds); rollback is `zypper --non-interactive install --oldpackage
 * name=version`. A patch is an item of its own, like a Windows KB: the scan lists it without its packages, the
 * inventory does not list it, so verify finds it gone from the needed patches; zypper cannot uninstall it.
 */
export const suseDeployment: PlatformDeployment = {
  itemFor: (update) => update.name,
  advisoryOf: () => null,
  installedName: (item) => (isSusePatch(item) ? null : item),
  offerSourceOf: (item) => (isSusePatch(item) ? 'zypper-patches' : 'zypper'),
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
        if (isSusePatch(name)) {
          if (mode === 'downgrade') throw new Error(`zypper cannot uninstall the patch ${name}.`);
          return `patch:${name}`;
        }
        if (mode === 'upgrade') return name;
        if (version === null) throw new Error(`A downgrade of ${name} needs a version.`);
        checkSuseVersion(version);
        return `${name}=${version}`;
      }),
    ];
  },
  installScript: { shell: 'sh', script: suseInstallScript, sudo: true },
  installStatusScript: { shell: 'sh', script: suseInstallStatusScript, sudo: true },
  installLogScript: taggedRunLogScript,
  parseInstall: parseSuseInstall,
  rebootScript: { shell: 'sh', script: suseRebootScript, sudo: true },
  bootIdScript: { shell: 'sh', script: suseBootIdScript, sudo: false },
  parseBootId: parseSuseBootId,
};
