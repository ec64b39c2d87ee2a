import { contextBridge, ipcRenderer } from 'electron';
import { IPC_CHANNELS, type IpcChannel } from '../../shared/ipc-channels';
import type { TobiraApi } from '../../shared/ipc';

const allowed = new Set<string>(IPC_CHANNELS);

/** Only the typed contract of shared/ipc.ts crosses the bridge: no ipcRenderer, no Node, no arbitrary channels. */
const api: TobiraApi = {
  invoke(channel, request) {
    if (!allowed.has(channel)) return Promise.reject(new Error(`unknown channel ${String(channel)}`));
    return ipcRenderer.invoke(channel as IpcChannel, request);
  },
};

contextBridge.exposeInMainWorld('tobira', api);
