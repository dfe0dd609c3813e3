import { app, BrowserWindow, dialog } from 'electron';
import fs from 'node:fs';
import path from 'node:path';
import type { EventPayload } from '../../shared/ipc/contract';
import type { Log } from '../engine/log';
import { defaultDatabasePath } from '../engine/paths';
import { registerAppScheme, serveRenderer } from './app-protocol';
import { superviseEngine } from './engine-supervisor';
import { electronFileChooser } from './file-dialog';
import { registerIpc } from './ipc-register';
import { RENDERER_JS_FLAGS } from './renderer-js-flags';
import { createSafeStorageVault } from './safe-storage-vault';
import { keepInTray } from './tray';
import { startUpdater } from './updater';
import { createMainWindow, installWebContentsGuards } from './window';

const log: Log = {
  info: (message, details) => console.log(message, details ?? ''),
  warn: (message, details) => console.warn(message, details ?? ''),
  error: (message, details) => console.error(message, details ?? ''),
};

/** The Electron build of better-sqlite3, kept apart from the Node build that tests and the CLI use. */
function electronNativeBinding(): string | null {
  const candidates = [
    path.join(process.resourcesPath, 'native', 'better_sqlite3.node'),
    path.join(app.getAppPath(), 'build', 'native', 'electron', 'better_sqlite3.node'),
  ];
  return candidates.find((file) => fs.existsSync(file)) ?? null;
}

async function start(): Promise<void> {
  installWebContentsGuards();
  serveRenderer(path.join(__dirname, '..', 'renderer'));
  const engine = await superviseEngine({
    hostScript: path.join(__dirname, 'engine-host.cjs'),
    dbPath: defaultDatabasePath(),
    nativeBinding: electronNativeBinding(),
    version: app.getVersion(),
    vault: createSafeStorageVault(),
  });
  const window = createMainWindow(path.join(__dirname, 'preload.cjs'));
  registerIpc(window.webContents, engine, log, {
    // A restored database is opened by a fresh engine; the console then reloads its data from it.
    restartEngine: async ({ reloadWindow }) => {
      await engine.restart();
      if (reloadWindow) window.webContents.reload();
    },
    chooseFile: electronFileChooser(window),
  });
  keepInTray(window, path.join(app.getAppPath(), 'resources', 'icon.png'));
  window.webContents.once('did-finish-load', () =>
    startUpdater((state: EventPayload<'updater:state'>) => window.webContents.send('updater:state', state)),
  );
  app.on('before-quit', () => engine.stop());
}

// Before the app is ready, as Chromium's other switches: it passes them to each renderer it starts (not to this process).
app.commandLine.appendSwitch('js-flags', RENDERER_JS_FLAGS);
registerAppScheme();
if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.on('second-instance', () => {
    const [window] = BrowserWindow.getAllWindows();
    if (window) {
      if (window.isMinimized()) window.restore();
      window.focus();
    }
  });
  // The window hides to the tray (see tray.ts); the app quits from the tray or the app menu.
  app.on('window-all-closed', () => undefined);
  void app
    .whenReady()
    .then(start)
    .catch((error: Error) => {
      dialog.showErrorBox('Patchdeck could not start', error.message);
      app.exit(1);
    });
}
