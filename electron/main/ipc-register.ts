import { ipcMain, type IpcMainInvokeEvent, type WebContents } from 'electron';
import { AppError } from '../../shared/errors';
import { channelNames, eventNames, type EventName } from '../../shared/ipc/channel-names';
import { contract, events, fileDialogOf, withChosenFiles } from '../../shared/ipc/contract';
import { err } from '../../shared/result';
import { dispatch } from '../engine/api/dispatch';
import type { Log } from '../engine/log';
import { engineClosedBy } from '../engine/settings/backup-service';
import { isAppUrl } from './app-protocol';
import type { EngineProcess } from './engine-process';
import type { ChooseFile } from './file-dialog';

export interface IpcHooks {
  /** Runs after a `restartsEngine` channel (a restore) closed the engine's database; reloads the window on success. */
  readonly restartEngine: (options: { readonly reloadWindow: boolean }) => Promise<void>;
  /** Shows the save or open dialog of a file channel; no files when the technician cancels. */
  readonly chooseFile: ChooseFile;
}

/** Only the app's own top frame, loaded from app://patchdeck, may call the engine. */
function isTrustedSender(event: IpcMainInvokeEvent, window: WebContents): boolean {
  const frame = event.senderFrame;
  return event.sender === window && frame !== null && frame === event.sender.mainFrame && isAppUrl(frame.url);
}

/**
 * The one place that touches ipcMain. Every channel of the contract is registered here and runs: sender check →
 * parse (the channel's zod schema) → call the engine → Result. Events from the engine go to the window after
 * their own schema check.
 */
export function registerIpc(window: WebContents, engine: EngineProcess, log: Log, hooks: IpcHooks): void {
  for (const channel of channelNames) {
    ipcMain.handle(channel, async (event, raw: unknown) => {
      if (!isTrustedSender(event, window)) {
        log.warn('Refused an IPC call from an untrusted frame', { channel, url: event.senderFrame?.url });
        return err(new AppError('forbidden', 'This window may not call Patchdeck.').toShape());
      }
      // A file channel's path is what the technician picks in main's dialog, never what the renderer sent.
      const fileDialog = fileDialogOf(channel);
      let request = raw;
      if (fileDialog) {
        const chosen = withChosenFiles(fileDialog.spec, raw, await hooks.chooseFile(fileDialog, raw));
        if (chosen === null) return err(new AppError('cancelled', 'No file was chosen.').toShape());
        request = chosen;
      }
      const result = await dispatch(channel, request, engine.call, log);
      // Only a restore that got past its checks closed the engine's database; a refused file leaves the engine and
      // what it runs alone. The window reloads only on success: after a failure its data and message still stand.
      if ('restartsEngine' in contract[channel] && engineClosedBy(result)) {
        setImmediate(() => void hooks.restartEngine({ reloadWindow: result.ok }));
      }
      return result;
    });
  }
  engine.onEvent((event: EventName, payload) => {
    if (!eventNames.includes(event) || !events[event].safeParse(payload).success) {
      log.error('Dropped a malformed engine event', { event });
      return;
    }
    if (!window.isDestroyed()) window.send(event, payload);
  });
}
