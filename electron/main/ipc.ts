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

/**
 * The app's own pages: the dev server in development, the packaged files otherwise; never a subframe. With
 * `rendererFileUrl` (the packaged index.html as a file: URL) only that exact file passes, not any other
 * `.../renderer/index.html` on disk.
 */
export function trustedSender(rendererUrl: string | undefined, rendererFileUrl?: string) {
  return (event: Pick<IpcMainInvokeEvent, 'senderFrame'>): boolean => {
    const frame = event.senderFrame;
    if (!frame || frame.parent) return false;
    const url = frame.url ?? '';
    if (rendererUrl) return URL.canParse(url) && new URL(url).origin === new URL(rendererUrl).origin;
    if (!url.startsWith('file://')) return false;
    if (rendererFileUrl) return url.replace(/[?#].*$/, '') === rendererFileUrl;
    return url.includes('/renderer/index.html');
  };
}
