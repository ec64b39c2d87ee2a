import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { IPC_CHANNELS, IPC_EVENT_CHANNEL, type IpcChannel } from '../../shared/ipc-channels';
import type { TobiraApi, UiEvent } from '../../shared/ipc';

const allowed = new Set<string>(IPC_CHANNELS);

/** Only the typed contract of shared/ipc.ts crosses the bridge: no ipcRenderer, no Node, no arbitrary channels. */
const api: TobiraApi = {
  invoke(channel, request) {
    if (!allowed.has(channel)) return Promise.reject(new Error(`unknown channel ${String(channel)}`));
    return ipcRenderer.invoke(channel as IpcChannel, request);
  },
  onEvent(listener) {
    const forward = (_event: IpcRendererEvent, payload: UiEvent) => listener(payload);
    ipcRenderer.on(IPC_EVENT_CHANNEL, forward);
    return () => ipcRenderer.removeListener(IPC_EVENT_CHANNEL, forward);
  },
};

contextBridge.exposeInMainWorld('tobira', api);
