import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, statSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startAgentServer, type AgentServer } from '../../../electron/core/agent';
import { startConsoleRedirect } from '../../../electron/core/console-redirect';
import { spawnTobira, tempHome } from '../../harness/cli';

/**
 * The local attack surface: the agent socket (file modes and token, checked by connecting as `nobody`; the Linux peer
 * lookup that also refuses another uid is in agent-peer.test.ts),
 * browser mode (token, Host, Origin, no CORS), and the console redirect (its nonce, once).
 * Forged OAuth callbacks: test/unit/core/oauth/loopback.test.ts ("refuses forged, stale and malformed callbacks").
 */
const NOBODY = 65534;
const canDropPrivileges = process.getuid?.() === 0 && spawnSync('setpriv', ['--version']).status === 0;

function askLine(path: string, line: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(path);
    let reply = '';
    socket.setEncoding('utf8');
    socket.on('connect', () => socket.write(`${line}\n`));
    socket.on('data', (chunk: string) => (reply += chunk));
    socket.on('end', () => resolve(reply.trim()));
    socket.on('error', reject);
  });
}

/** Runs a Node snippet as uid/gid 65534 (nobody) and returns what it printed. */
function asNobody(script: string, ...args: string[]): string {
  const result = spawnSync(
    'setpriv',
    [`--reuid=${NOBODY}`, `--regid=${NOBODY}`, '--clear-groups', process.execPath, '-e', script, ...args],
    { encoding: 'utf8', timeout: 10_000 },
  );
  return `${result.stdout}${result.stderr}`.trim();
}

const CONNECT_AS_NOBODY = [
  "const net = require('node:net');",
  'const socket = net.connect(process.argv[1]);',
  "socket.on('connect', () => { console.log('CONNECTED'); socket.destroy(); });",
  "socket.on('error', (error) => console.log(error.code));",
].join('\n');

describe('agent socket', () => {
  let home: string;
  let agent: AgentServer;
  let asked = 0;
  beforeAll(async () => {
    home = tempHome();
    agent = await startAgentServer({
      home,
      onAsk: async () => {
        asked += 1;
        return { value: '123456' };
      },
    });
  });
  afterAll(async () => agent.close());

  it('lives in a 0700 folder as a 0600 socket next to a 0600 token file', () => {
    expect(statSync(home).mode & 0o777).toBe(0o700);
    expect(statSync(agent.socketPath).isSocket()).toBe(true);
    expect(statSync(agent.socketPath).mode & 0o777).toBe(0o600);
    expect(statSync(join(home, 'agent.token')).mode & 0o777).toBe(0o600);
  });

  it('refuses a missing, wrong or malformed token before asking anyone', async () => {
    const ask = {
      v: 1,
      op: 'ask',
      kind: 'code',
      profile: 'p',
      provider: 'aws-iam-user',
      label: { key: 'mfa.prompt' },
      requester: { pid: 1, command: 'sh', tobira: 'tobira login p' },
    };
    const cases = [
      JSON.stringify(ask),
      JSON.stringify({ ...ask, token: '0'.repeat(64) }),
      JSON.stringify({ ...ask, token: 'x' }),
      JSON.stringify({ ...ask, token: ['a'] }),
      'not json',
    ];
    const replies = await Promise.all(cases.map((line) => askLine(agent.socketPath, line)));
    expect(replies.slice(0, 4).map((reply) => JSON.parse(reply))).toEqual(
      Array(4).fill({ ok: false, error: 'unauthorized' }),
    );
    expect(JSON.parse(replies[4] as string)).toEqual({ ok: false, error: 'bad-request' });
    expect(asked).toBe(0);
    const token = spawnSync('cat', [join(home, 'agent.token')], { encoding: 'utf8' }).stdout.trim();
    // An ask the agent takes on is acknowledged at once, then answered.
    const answered = (await askLine(agent.socketPath, JSON.stringify({ ...ask, token }))).split('\n');
    expect(answered.map((line) => JSON.parse(line) as unknown)).toEqual([
      { accepted: true },
      { ok: true, value: '123456' },
    ]);
    expect(asked).toBe(1);
  });

  it.runIf(canDropPrivileges)(
    'another uid (nobody) can neither connect nor read the token: the folder, and the socket on its own',
    () => {
      // Let nobody walk down to the data folder: only the folder's and the socket's own modes stand in the way.
      for (let dir = dirname(home); dir !== tmpdir() && dir !== '/'; dir = dirname(dir))
        chmodSync(dir, 0o711);
      expect(asNobody(CONNECT_AS_NOBODY, agent.socketPath)).toBe('EACCES');
      expect(
        asNobody(
          "try { require('node:fs').readFileSync(process.argv[1]); console.log('READ') } catch (e) { console.log(e.code) }",
          join(home, 'agent.token'),
        ),
      ).toBe('EACCES');
      // Even if the folder is loosened (a user's chmod), the 0600 socket still refuses other users.
      chmodSync(home, 0o711);
      try {
        expect(asNobody(CONNECT_AS_NOBODY, agent.socketPath)).toBe('EACCES');
        chmodSync(agent.socketPath, 0o666);
        expect(asNobody(CONNECT_AS_NOBODY, agent.socketPath)).toBe('CONNECTED'); // the check can fail
      } finally {
        chmodSync(agent.socketPath, 0o600);
        chmodSync(home, 0o700);
      }
    },
  );
});

interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** A raw request, so Host and Origin can be anything (fetch would not let us forge Host). */
function raw(
  port: number,
  path: string,
  options: { method?: string; headers?: Record<string, string>; body?: string } = {},
): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port,
        path,
        method: options.method ?? 'GET',
        headers: options.headers,
        setHost: false,
      },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (body += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      },
    );
    req.on('error', reject);
    req.end(options.body);
  });
}

describe('browser mode (tobira ui)', () => {
  let server: ReturnType<typeof spawnTobira>;
  let url: URL;
  let cookie = '';
  const replies: Reply[] = [];
  beforeAll(async () => {
    const uiDir = mkdtempSync(join(tmpdir(), 'tobira-ui-'));
    writeFileSync(join(uiDir, 'index.html'), '<!doctype html><html><head></head><body>ui</body></html>\n');
    server = spawnTobira(['ui'], {
      home: tempHome(),
      env: { TOBIRA_SECRET_STORE: 'file', TOBIRA_PASSPHRASE: 'surface-test', TOBIRA_UI_DIR: uiDir },
      input: null,
    });
    let stdout = '';
    server.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    await vi.waitFor(() => expect(stdout).toMatch(/token=\w+/), { timeout: 10_000 });
    url = new URL(stdout.trim().split('\n')[0] as string);
  });
  afterAll(async () => {
    server.kill('SIGTERM');
    await new Promise((resolve) => server.on('close', resolve));
  });
  const host = () => `127.0.0.1:${url.port}`;
  const port = () => Number(url.port);
  const call = async (path: string, options: Parameters<typeof raw>[2] = {}) => {
    const reply = await raw(port(), path, options);
    replies.push(reply);
    return reply;
  };
  const api = (headers: Record<string, string>) =>
    call('/api/app:info', {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: '{}',
    });

  it('a foreign Host (DNS rebinding) is refused even with the right token', async () => {
    for (const foreign of [
      `evil.example:${url.port}`,
      'evil.example',
      `127.0.0.1.evil.example:${url.port}`,
      '',
    ]) {
      const reply = await call(`/${url.search}`, { headers: { host: foreign } });
      expect(reply.status, foreign).toBe(421);
      expect(reply.headers['set-cookie']).toBeUndefined();
    }
  });

  it('without the token or with a wrong one there is nothing but a 401', async () => {
    expect((await call('/', { headers: { host: host() } })).status).toBe(401);
    expect((await call('/?token=0000', { headers: { host: host() } })).status).toBe(401);
    expect((await api({ host: host(), origin: url.origin })).status).toBe(401);
    expect((await api({ host: host(), origin: url.origin, cookie: 'tobira_ui=forged' })).status).toBe(401);
  });

  it('the one-time token gives a strict cookie, once', async () => {
    const entry = await call(`/${url.search}`, { headers: { host: host() } });
    expect(entry.status).toBe(303);
    const setCookie = String(entry.headers['set-cookie']);
    expect(setCookie).toMatch(/HttpOnly/);
    expect(setCookie).toMatch(/SameSite=Strict/);
    cookie = setCookie.split(';')[0] as string;
    expect((await call(`/${url.search}`, { headers: { host: host() } })).status).toBe(401);
    expect((await api({ host: host(), origin: url.origin, cookie })).status).toBe(200);
  });

  it('a foreign Origin or a cross-site fetch is refused even with the session cookie', async () => {
    for (const origin of [
      'http://evil.example',
      `http://localhost.evil.example:${url.port}`,
      'null',
      `https://${host()}`,
    ]) {
      expect((await api({ host: host(), origin, cookie })).status, origin).toBe(403);
    }
    expect(
      (await api({ host: host(), origin: url.origin, cookie, 'sec-fetch-site': 'cross-site' })).status,
    ).toBe(403);
    expect((await api({ host: host(), cookie })).status).toBe(403); // no Origin on an API call
    const form = await call('/api/app:info', {
      method: 'POST',
      headers: {
        host: host(),
        origin: url.origin,
        cookie,
        'content-type': 'application/x-www-form-urlencoded',
      },
      body: 'a=b',
    });
    expect(form.status).toBe(415);
  });

  it('sends no CORS headers on any answer, preflights included', async () => {
    await call('/api/app:info', {
      method: 'OPTIONS',
      headers: {
        host: host(),
        origin: 'http://evil.example',
        'access-control-request-method': 'POST',
        cookie,
      },
    });
    await call('/', { headers: { host: host(), origin: 'http://evil.example', cookie } });
    expect(replies.length).toBeGreaterThan(12);
    for (const reply of replies) {
      expect(Object.keys(reply.headers).filter((name) => name.startsWith('access-control-'))).toEqual([]);
    }
  });
});

describe('console redirect (one-shot loopback 302)', () => {
  it('answers only its nonce, only once, on 127.0.0.1', async () => {
    const redirect = await startConsoleRedirect(
      'https://signin.aws.amazon.com/federation?SigninToken=secret',
      {
        timeoutMs: 5000,
      },
    );
    const target = new URL(redirect.url);
    expect(target.hostname).toBe('127.0.0.1');
    expect(target.pathname).toMatch(/^\/[\w-]{32}$/);
    const port = Number(target.port);
    const wrong = await raw(port, '/not-the-nonce', { headers: { host: target.host } });
    expect(wrong.status).toBe(404);
    expect(wrong.headers.location).toBeUndefined();
    const first = await raw(port, target.pathname, { headers: { host: target.host } });
    expect(first.status).toBe(302);
    expect(first.headers.location).toContain('SigninToken=secret');
    expect(first.headers['referrer-policy']).toBe('no-referrer');
    expect(await redirect.done).toBe('served');
    await expect(raw(port, target.pathname, { headers: { host: target.host } })).rejects.toThrow(
      /ECONNREFUSED/,
    );
  });
});
