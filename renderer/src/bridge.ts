import {
  IpcEnvelope,
  UiEvent,
  type IpcChannel,
  type IpcReply,
  type IpcRequest,
  type IpcResult,
  type TobiraApi,
} from '../../shared/ipc';

declare global {
  interface Window {
    tobira?: TobiraApi;
  }
}

/** Browser mode (`tobira ui`) marks its pages; the same contract then goes over HTTP to 127.0.0.1. */
function httpBridge(): TobiraApi {
  return {
    async invoke<C extends IpcChannel>(channel: C, request: IpcRequest<C>): Promise<IpcResult<IpcReply<C>>> {
      let response: Response;
      try {
        response = await fetch(`/api/${channel}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(request),
          credentials: 'same-origin',
        });
      } catch {
        return { ok: false, error: { key: 'ui.error.offline', exitCode: 4 } };
      }
      if (response.status === 401) return { ok: false, error: { key: 'ui.error.sessionEnded', exitCode: 1 } };
      if (!response.ok) return { ok: false, error: { key: 'ui.error.offline', exitCode: 4 } };
      return IpcEnvelope.parse(await response.json()) as IpcResult<IpcReply<C>>;
    },
    onEvent(listener) {
      const source = new EventSource('/api/events');
      source.onmessage = (message: MessageEvent<string>) => {
        const parsed = UiEvent.safeParse(JSON.parse(message.data));
        if (parsed.success) listener(parsed.data);
      };
      return () => source.close();
    },
  };
}

/** The preload's typed bridge in Electron, the HTTP bridge in browser mode, or undefined (opened some other way). */
export function tobiraApi(): TobiraApi | undefined {
  if (window.tobira) return window.tobira;
  if (document.querySelector('meta[name="tobira-bridge"][content="http"]')) return httpBridge();
  return undefined;
}

/** A failed call, carrying the message key to show. */
export class CallError extends Error {
  constructor(readonly error: { key: string; params?: Record<string, string | number>; exitCode: number }) {
    super(error.key);
  }
}

export function caller(api: TobiraApi) {
  return async function call<C extends IpcChannel>(channel: C, request: IpcRequest<C>): Promise<IpcReply<C>> {
    const result = await api.invoke(channel, request);
    if (!result.ok) throw new CallError(result.error);
    return result.value;
  };
}
export type Call = ReturnType<typeof caller>;
