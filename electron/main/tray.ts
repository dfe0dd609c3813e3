import { app, Menu, nativeImage, Tray, type BrowserWindow } from 'electron';
import path from 'node:path';

/**
 * Patchdeck keeps running in the tray when its window is closed, so maintenance windows that open at night are
 * still served. Quitting is explicit: from the tray menu or the app menu.
 */
export function keepInTray(window: BrowserWindow, iconPath: string): Tray {
  const tray = new Tray(nativeImage.createFromPath(path.resolve(iconPath)).resize({ width: 16, height: 16 }));
  const show = () => {
    if (window.isMinimized()) window.restore();
    window.show();
    window.focus();
  };
  tray.setToolTip('Patchdeck: scheduled patching is active');
  tray.setContextMenu(
    Menu.buildFromTemplate([
      { label: 'Open Patchdeck', click: show },
      { type: 'separator' },
      { label: 'Quit Patchdeck', click: () => app.quit() },
    ]),
  );
  tray.on('click', show);
  let quitting = false;
  app.on('before-quit', () => (quitting = true));
  window.on('close', (event) => {
    if (quitting) return;
    event.preventDefault();
    window.hide();
  });
  return tray;
}
