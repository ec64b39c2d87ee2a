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

/** Where the session secret of this origin (127.0.0.1 and the port of this `tobira ui`) survives a reload. */
const SESSION_KEY = 'tobira.session';

/**
 * Exchanges the one-time token of the printed URL (then removed from the address bar) for the session secret, or
 * takes the one this tab already has. The secret goes only into a header of our own requests: a cookie would be
 * sent to every port of 127.0.0.1, another local user's server included.
 */
async function obtainSession(): Promise<{ secret?: string; linkUsed?: boolean }> {
  const url = new URL(window.location.href);
  const token = url.searchParams.get('token');
  if (token !== null) {
    url.searchParams.delete('token');
    window.history.replaceState(null, '', `${url.pathname}${url.search}${url.hash}`);
    try {
      const response = await fetch('/auth/session', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ token }),
        credentials: 'omit',
      });
      const reply: unknown = response.ok ? await response.json() : undefined;
      if (
        typeof reply === 'object' &&
        reply !== null &&
        'session' in reply &&
        typeof reply.session === 'string'
      ) {
        window.sessionStorage.setItem(SESSION_KEY, reply.session);
        return { secret: reply.session };
      }
      const stored = window.sessionStorage.getItem(SESSION_KEY);
      if (stored !== null) return { secret: stored };
      if (response.status === 401) return { linkUsed: true };
    } catch {
      // Offline: a session from before a reload may still work.
    }
  }
  const stored = window.sessionStorage.getItem(SESSION_KEY);
  return stored === null ? {} : { secret: stored };
}

/** Server-sent events read from a fetch (EventSource cannot send the session header). */
async function readEvents(response: Response, listener: (event: UiEvent) => void): Promise<void> {
  if (!response.body) return;
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return;
    buffer += decoder.decode(value, { stream: true });
    let end: number;
    while ((end = buffer.indexOf('\n\n')) >= 0) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      for (const line of block.split('\n')) {
        if (!line.startsWith('data: ')) continue;
        const parsed = UiEvent.safeParse(JSON.parse(line.slice('data: '.length)));
        if (parsed.success) listener(parsed.data);
      }
    }
  }
}

/** Browser mode (`tobira ui`) marks its pages; the same contract then goes over HTTP to 127.0.0.1. */
function httpBridge(): TobiraApi {
  let session: ReturnType<typeof obtainSession> | undefined;
  const headers = async (): Promise<Record<string, string>> => {
    session ??= obtainSession();
    const { secret } = await session;
    return secret ? { authorization: `Bearer ${secret}` } : {};
  };
  return {
    async invoke<C extends IpcChannel>(channel: C, request: IpcRequest<C>): Promise<IpcResult<IpcReply<C>>> {
      let response: Response;
      try {
        response = await fetch(`/api/${channel}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...(await headers()) },
          body: JSON.stringify(request),
          credentials: 'omit',
        });
      } catch {
        return { ok: false, error: { key: 'ui.error.offline', exitCode: 4 } };
      }
      if (response.status === 401) {
        const key = (await session)?.linkUsed ? 'ui.error.linkUsed' : 'ui.error.sessionEnded';
        return { ok: false, error: { key, exitCode: 1 } };
      }
      if (!response.ok) return { ok: false, error: { key: 'ui.error.offline', exitCode: 4 } };
      return IpcEnvelope.parse(await response.json()) as IpcResult<IpcReply<C>>;
    },
    onEvent(listener) {
      const controller = new AbortController();
      void (async () => {
        while (!controller.signal.aborted) {
          try {
            const response = await fetch('/api/events', {
              headers: await headers(),
              credentials: 'omit',
              signal: controller.signal,
            });
            // A 401 ends the stream for good; the next call shows that the session ended.
            if (response.status === 401) return;
            await readEvents(response, listener);
          } catch {
            // Dropped (server restarting, laptop asleep) or closed by us: retry unless closed.
          }
          await new Promise((resolve) => setTimeout(resolve, 1000));
        }
      })();
      return () => controller.abort();
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
