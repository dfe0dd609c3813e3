import { contextBridge, ipcRenderer } from 'electron';
import { channelNames, eventNames, type EventName } from '../../shared/ipc/channel-names';

/**
 * `window.patchdeck`: one function per channel and `on` for events, built from the channel list. The renderer
 * never sees ipcRenderer, process or any Node API.
 */
const api: Record<string, unknown> = Object.fromEntries(
  channelNames.map((channel) => [channel, (request: unknown) => ipcRenderer.invoke(channel, request ?? {})]),
);

api.on = (event: EventName, listener: (payload: unknown) => void) => {
  if (!eventNames.includes(event)) throw new Error(`Unknown event ${String(event)}`);
  const relay = (_event: Electron.IpcRendererEvent, payload: unknown) => listener(payload);
  ipcRenderer.on(event, relay);
  return () => void ipcRenderer.removeListener(event, relay);
};

contextBridge.exposeInMainWorld('patchdeck', Object.freeze(api));
