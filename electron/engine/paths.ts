import os from 'node:os';
import path from 'node:path';

/**
 * The database the desktop app uses: Electron's userData folder for the app name "Patchdeck", computed the same
 * way here so the CLI, scheduled runs and the app share one file. PATCHDECK_DB overrides it.
 */
export function defaultDatabasePath(
  env: NodeJS.ProcessEnv = process.env,
  platform = process.platform,
): string {
  if (env.PATCHDECK_DB) return env.PATCHDECK_DB;
  return path.join(userDataFolder(env, platform), 'patchdeck.db');
}

function userDataFolder(env: NodeJS.ProcessEnv, platform: NodeJS.Platform): string {
  const home = os.homedir();
  switch (platform) {
    case 'win32':
      return path.join(env.APPDATA ?? path.join(home, 'AppData', 'Roaming'), 'Patchdeck');
    case 'darwin':
      return path.join(home, 'Library', 'Application Support', 'Patchdeck');
    default:
      return path.join(env.XDG_CONFIG_HOME ?? path.join(home, '.config'), 'Patchdeck');
  }
}
