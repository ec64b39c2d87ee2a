import { createServer, request, type Server } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { TobiraError } from '../../../../electron/core/errors';
import { listenLoopback, sameState, type LoopbackServer } from '../../../../electron/core/oauth';
import { closedPorts } from '../../../harness/cli';

const STATE = 'state-0123456789abcdef';
const PATH = '/cli/callback';

async function occupy(port: number): Promise<Server> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return server;
}

/** A raw GET, so the Host header can be set and connection errors seen. */
function get(port: number, path: string, host = `127.0.0.1:${port}`) {
  return new Promise<{ status: number; body: string }>((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, headers: { host }, agent: false }, (res) => {
      let body = '';
      res.setEncoding('utf8').on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject).end();
  });
}

const servers: LoopbackServer[] = [];
const blockers: Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
  await Promise.all(blockers.splice(0).map((server) => new Promise((resolve) => server.close(resolve))));
});

async function start(ports: number[], lang: 'en' | 'ja' = 'en') {
  const server = await listenLoopback({ ports, path: PATH, expectedState: STATE, lang });
  servers.push(server);
  return server;
}

async function expectClosed(port: number) {
  await expect(get(port, `${PATH}?state=${STATE}&code=again`)).rejects.toMatchObject({
    code: 'ECONNREFUSED',
  });
}

describe('loopback redirect server', () => {
  it('port 0 takes a free port from the OS and names it in the redirect URI (IAM Identity Center)', async () => {
    const server = await start([0]);
    expect(server.port).toBeGreaterThan(0);
    expect(server.redirectUri).toBe(`http://127.0.0.1:${server.port}${PATH}`);
    const waiting = server.waitForCallback({ timeoutMs: 5000 });
    expect((await get(server.port, `${PATH}?code=abc&state=${STATE}`)).status).toBe(200);
    expect((await waiting).searchParams.get('code')).toBe('abc');
  });

  it('binds 127.0.0.1 on the first port, takes the genuine callback once, then closes', async () => {
    const ports = await closedPorts(3);
    const server = await start(ports);
    expect(server.port).toBe(ports[0]);
    expect(server.redirectUri).toBe(`http://127.0.0.1:${ports[0]}${PATH}`);
    const waiting = server.waitForCallback({ timeoutMs: 5000 });
    const page = await get(server.port, `${PATH}?code=abc&state=${STATE}&iss=x`);
    expect(page.status).toBe(200);
    expect(page.body).toContain('You can close this tab');
    const url = await waiting;
    expect(url.toString()).toBe(`${server.redirectUri}?code=abc&state=${STATE}&iss=x`);
    expect(server.closed).toBe(true);
    await expectClosed(server.port);
  });

  it('falls back through the range when ports are busy, and says so when all are', async () => {
    const ports = await closedPorts(3);
    blockers.push(await occupy(ports[0] as number), await occupy(ports[1] as number));
    const server = await start(ports);
    expect(server.port).toBe(ports[2]);
    await server.close();
    blockers.push(await occupy(ports[2] as number));
    const error = await start(ports).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(TobiraError);
    expect((error as TobiraError).key).toBe('oauth.portsBusy');
    expect((error as TobiraError).message).toContain(`${ports[0]}–${ports[2]}`);
  });

  it('refuses forged, stale and malformed callbacks without ending the wait', async () => {
    const [port] = await closedPorts(1);
    const server = await start([port as number]);
    const waiting = server.waitForCallback({ timeoutMs: 5000 });
    const forged = await get(server.port, `${PATH}?code=evil&state=not-the-state`);
    expect(forged.status).toBe(400);
    expect(forged.body).toContain('does not belong to the sign-in Tobira started');
    expect((await get(server.port, `${PATH}?code=evil`)).status).toBe(400);
    expect((await get(server.port, `${PATH}?state=${STATE}`)).status).toBe(400);
    expect((await get(server.port, `/other?code=x&state=${STATE}`)).status).toBe(404);
    expect((await get(server.port, `${PATH}?code=x&state=${STATE}`, 'evil.example:80')).status).toBe(400);
    expect(server.closed).toBe(false);
    await get(server.port, `${PATH}?code=real&state=${STATE}`);
    expect((await waiting).searchParams.get('code')).toBe('real');
    await expectClosed(server.port);
  });

  it('hands an error= callback over and shows it to the user (escaped), in Japanese too', async () => {
    const [port] = await closedPorts(1);
    const server = await start([port as number], 'ja');
    const waiting = server.waitForCallback({ timeoutMs: 5000 });
    const page = await get(
      server.port,
      `${PATH}?error=access_denied&error_description=%3Cb%3Eno%3C%2Fb%3E&state=${STATE}`,
    );
    expect(page.body).toContain('<html lang="ja">');
    expect(page.body).toContain('サインインは完了していません');
    expect(page.body).toContain('access_denied');
    expect(page.body).toContain('&lt;b&gt;no&lt;/b&gt;');
    expect((await waiting).searchParams.get('error')).toBe('access_denied');
    await expectClosed(server.port);
  });

  it('times out with oauth.timeout and closes', async () => {
    const [port] = await closedPorts(1);
    const server = await start([port as number]);
    const error = await server.waitForCallback({ timeoutMs: 150 }).catch((caught: unknown) => caught);
    expect((error as TobiraError).key).toBe('oauth.timeout');
    expect(server.closed).toBe(true);
    await expectClosed(server.port);
  });

  it('is cancelled by an AbortSignal, before or while waiting, and closes', async () => {
    const [first, second] = await closedPorts(2);
    const server = await start([first as number]);
    const controller = new AbortController();
    const waiting = server.waitForCallback({ timeoutMs: 5000, signal: controller.signal });
    controller.abort();
    expect(((await waiting.catch((caught: unknown) => caught)) as TobiraError).key).toBe('oauth.cancelled');
    await expectClosed(server.port);

    const other = await start([second as number]);
    const error = await other
      .waitForCallback({ timeoutMs: 5000, signal: AbortSignal.abort() })
      .catch((caught: unknown) => caught);
    expect((error as TobiraError).key).toBe('oauth.cancelled');
    await expectClosed(other.port);
  });

  it('keeps a callback that arrives before the wait starts', async () => {
    const [port] = await closedPorts(1);
    const server = await start([port as number]);
    await get(server.port, `${PATH}?code=early&state=${STATE}`);
    const again = await get(server.port, `${PATH}?code=second&state=${STATE}`).catch(() => undefined);
    if (again) expect(again.status).toBe(410);
    expect((await server.waitForCallback({ timeoutMs: 1000 })).searchParams.get('code')).toBe('early');
    await expectClosed(server.port);
  });
});

describe('sameState', () => {
  it('compares any two strings exactly', () => {
    expect(sameState(STATE, STATE)).toBe(true);
    expect(sameState(`${STATE}x`, STATE)).toBe(false);
    expect(sameState('', STATE)).toBe(false);
    expect(sameState(STATE.toUpperCase(), STATE)).toBe(false);
  });
});
