import { AppError } from '../../../../shared/errors';
import type { PlatformDeployment } from '../types';
import { checkMacosItemName, checkMacosVersion, macosItemFor, parseMacosItem } from './deploy-items';
import { parseMacosBootId, parseMacosInstall, parseMacosPreflight } from './deploy-parse';
import {
  macosBootIdScript,
  macosInstallScript,
  macosInstallStatusScript,
  macosPreflightScript,
  macosRebootScript,
} from './deploy-scripts';

/**
 * macOS: Apple's updates with `softwareupdate --install <label> --no-scan` (as root), Homebrew formulae and casks with
 * `brew upgrade` as the prefix's owner. Nothing can be rolled back: Apple updates cannot be uninstalled and Homebrew
 * keeps no older bottles by default, so every pre-flight says so and a rollback is refused.
 */
export const macosDeployment: PlatformDeployment = {
  itemFor: macosItemFor,
  advisoryOf: () => null,
  // brew list names a formula or cask by its short name; Apple updates are not in the installed inventory.
  installedName(item) {
    const parsed = parseMacosItem(item);
    return parsed.source === 'softwareupdate' ? null : (parsed.id.split('/').at(-1) ?? parsed.id);
  },
  offerSourceOf: (item) => (parseMacosItem(item).source === 'softwareupdate' ? 'softwareupdate' : 'brew'),
  removesNewInstalls: false,
  preflightScript: { shell: 'sh', script: macosPreflightScript, sudo: false },
  parsePreflight: parseMacosPreflight,
  checkPackageName: checkMacosItemName,
  checkVersion: checkMacosVersion,
  installArguments(tag, mode, packages) {
    if (mode === 'downgrade') {
      throw new AppError(
        'invalid-input',
        'macOS updates cannot be rolled back: Apple updates cannot be uninstalled and Homebrew keeps no older versions.',
      );
    }
    return [
      tag,
      mode,
      ...packages.map(({ name }) => {
        parseMacosItem(name);
        return name;
      }),
    ];
  },
  installScript: { shell: 'sh', script: macosInstallScript, sudo: true },
  installStatusScript: { shell: 'sh', script: macosInstallStatusScript, sudo: true },
  parseInstall: parseMacosInstall,
  rebootScript: { shell: 'sh', script: macosRebootScript, sudo: true },
  bootIdScript: { shell: 'sh', script: macosBootIdScript, sudo: false },
  parseBootId: parseMacosBootId,
};
