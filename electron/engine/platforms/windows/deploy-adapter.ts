import type { PlatformDeployment } from '../types';
import {
  checkWindowsItemName,
  checkWindowsVersion,
  parseWindowsItem,
  windowsItemArgument,
  windowsItemFor,
} from './deploy-items';
import { parseWindowsBootId, parseWindowsInstall, parseWindowsPreflight } from './deploy-parse';
import {
  windowsBootIdScript,
  windowsInstallScript,
  windowsInstallStatusScript,
  windowsPreflightScript,
  windowsRebootScript,
} from './deploy-scripts';

/**
 * Windows: Windows Update KBs installed by a one-shot SYSTEM scheduled task (the Windows Update Agent refuses to
 * install from an SSH logon), winget and Chocolatey packages in the same task; rollback uninstalls a KB with wusa
 * where Windows allows it, and reinstalls a winget or Chocolatey version that is still offered. The SSH user must be
 * an administrator; PowerShell scripts take no sudo.
 */
export const windowsDeployment: PlatformDeployment = {
  itemFor: windowsItemFor,
  advisoryOf: () => null,
  // The scan lists installed KBs by their id; winget and Chocolatey versions only in their offers.
  installedName(item) {
    const parsed = parseWindowsItem(item);
    return parsed.source === 'kb' ? parsed.id : null;
  },
  offerSourceOf(item) {
    const source = parseWindowsItem(item).source;
    return source === 'kb' ? 'windows-update' : source;
  },
  removesNewInstalls: true,
  preflightScript: { shell: 'powershell', script: windowsPreflightScript, sudo: false },
  parsePreflight: parseWindowsPreflight,
  checkPackageName: checkWindowsItemName,
  checkVersion: checkWindowsVersion,
  installArguments(tag, mode, packages) {
    return [
      tag,
      mode,
      ...packages.map(({ name, version }) => {
        const item = parseWindowsItem(name);
        if (mode === 'upgrade' || item.source === 'kb') return windowsItemArgument(item, null);
        if (version === null) throw new Error(`A rollback of ${name} needs a version.`);
        return windowsItemArgument(item, version);
      }),
    ];
  },
  installScript: { shell: 'powershell', script: windowsInstallScript, sudo: false },
  installStatusScript: { shell: 'powershell', script: windowsInstallStatusScript, sudo: false },
  parseInstall: parseWindowsInstall,
  rebootScript: { shell: 'powershell', script: windowsRebootScript, sudo: false },
  bootIdScript: { shell: 'powershell', script: windowsBootIdScript, sudo: false },
  parseBootId: parseWindowsBootId,
};
