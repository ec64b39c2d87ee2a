import { connect } from 'node:net';

export interface RawAnswer {
  /** The status code of the first response line, or undefined when the server closed without answering. */
  status: number | undefined;
  text: string;
}

/**
 * Sends one request as raw bytes (any method, request target and headers, even ones fetch() refuses to send) and
 * reads until the server closes. Fails on a hang: a server that neither answers nor closes within `timeoutMs`.
 */
export function rawRequest(port: number, request: string | Buffer, timeoutMs = 3_000): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    const chunks: Buffer[] = [];
    const timer = setTimeout(() => {
      socket.destroy();
      reject(
        new Error(`no answer within ${timeoutMs} ms to ${JSON.stringify(String(request).slice(0, 200))}`),
      );
    }, timeoutMs);
    // write, not end: Node drops a half-closed request whose answer is not ready yet; Connection: close ends it.
    socket.on('connect', () => socket.write(request));
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    socket.on('error', () => undefined); // a reset after the answer is fine; no answer at all is judged below
    socket.on('close', () => {
      clearTimeout(timer);
      const text = Buffer.concat(chunks).toString('latin1');
      const status = /^HTTP\/1\.[01] (\d{3})/.exec(text)?.[1];
      resolve({ status: status === undefined ? undefined : Number(status), text });
    });
  });
}

/** An HTTP/1.1 request head with the given pieces; CR and LF inside pieces are dropped so the framing holds. */
export function requestHead(
  method: string,
  target: string,
  headers: ReadonlyArray<readonly [string, string]>,
  body = '',
): string {
  const clean = (text: string) => text.replace(/[\r\n]/g, '');
  const lines = [
    `${clean(method)} ${clean(target)} HTTP/1.1`,
    ...headers.map(([name, value]) => `${clean(name)}: ${clean(value)}`),
  ];
  if (body !== '') lines.push(`Content-Length: ${Buffer.byteLength(body)}`);
  return `${lines.join('\r\n')}\r\nConnection: close\r\n\r\n${body}`;
}
