import type { IpcMain, IpcMainInvokeEvent } from 'electron';
import { ipcContract, type IpcChannel, type IpcReply, type IpcRequest } from '../../shared/ipc';

export type Handlers = { [C in IpcChannel]: (request: IpcRequest<C>) => Promise<IpcReply<C>> };

/**
 * Registers one handler per contract channel. Each call is refused unless it comes from the app's own main frame
 * (`isTrustedSender`), and its request is parsed with the channel's zod schema before the handler sees it.
 */
export function registerIpcHandlers(
  ipcMain: Pick<IpcMain, 'handle'>,
  handlers: Handlers,
  isTrustedSender: (event: IpcMainInvokeEvent) => boolean,
): void {
  for (const channel of Object.keys(ipcContract) as IpcChannel[]) {
    ipcMain.handle(channel, async (event, raw: unknown) => {
      if (!isTrustedSender(event)) throw new Error('IPC refused: untrusted sender');
      const request = ipcContract[channel].request.parse(raw ?? {});
      const handler = handlers[channel] as (request: unknown) => Promise<unknown>;
      return ipcContract[channel].reply.parse(await handler(request));
    });
  }
}
