import { app } from 'electron';
import electronUpdater from 'electron-updater';
import type { UpdaterState } from '../../shared/domain/app';

/**
 * electron-updater, wired to report its state to the renderer. It checks only in packaged builds: a development
 * run, or a machine that is offline on site, simply reports why it is not checking.
 */
export function startUpdater(report: (state: UpdaterState) => void): void {
  if (!app.isPackaged) {
    report({ state: 'disabled', reason: 'Updates are checked only in installed builds.' });
    return;
  }
  const { autoUpdater } = electronUpdater;
  autoUpdater.autoDownload = true;
  autoUpdater.on('checking-for-update', () => report({ state: 'checking' }));
  autoUpdater.on('update-not-available', () => report({ state: 'up-to-date' }));
  autoUpdater.on('update-available', (info) => report({ state: 'available', version: info.version }));
  autoUpdater.on('download-progress', (progress) =>
    report({ state: 'downloading', percent: progress.percent }),
  );
  autoUpdater.on('update-downloaded', (info) => report({ state: 'ready', version: info.version }));
  autoUpdater.on('error', (error) => report({ state: 'error', message: error.message }));
  void autoUpdater
    .checkForUpdates()
    .catch((error: Error) => report({ state: 'error', message: error.message }));
}
