import type { IpcMain, IpcMainInvokeEvent } from 'electron';
import { IPC_CHANNELS } from '../../shared/ipc';
import { dispatch, type Handlers } from '../core/app';

export type { Handlers };

/**
 * Registers one handler per contract channel. Each call is refused unless it comes from the app's own main frame
 * (`isTrustedSender`); then `dispatch` parses the request with the channel's zod schema, runs the handler and
 * validates the reply, answering an envelope whose failures carry only a message key.
 */
export function registerIpcHandlers(
  ipcMain: Pick<IpcMain, 'handle'>,
  handlers: Handlers,
  isTrustedSender: (event: IpcMainInvokeEvent) => boolean,
): void {
  for (const channel of IPC_CHANNELS) {
    ipcMain.handle(channel, async (event, raw: unknown) => {
      if (!isTrustedSender(event)) throw new Error('IPC refused: untrusted sender');
      return dispatch(handlers, channel, raw);
    });
  }
}

/** The app's own pages: the dev server in development, the packaged files otherwise; never a subframe. */
export function trustedSender(rendererUrl: string | undefined) {
  return (event: Pick<IpcMainInvokeEvent, 'senderFrame'>): boolean => {
    const frame = event.senderFrame;
    if (!frame || frame.parent) return false;
    const url = frame.url ?? '';
    if (rendererUrl) return new URL(url).origin === new URL(rendererUrl).origin;
    return url.startsWith('file://') && url.includes('/renderer/index.html');
  };
}
