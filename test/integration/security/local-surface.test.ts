import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { connect } from 'node:net';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startAgentServer, type AgentServer } from '../../../electron/core/agent';
import { startConsoleRedirect } from '../../../electron/core/console-redirect';
import { listenLoopback } from '../../../electron/core/oauth/loopback';
import { closedPort, spawnTobira, tempHome } from '../../harness/cli';
import { LAUNCH_TARGET_MODULE } from '../../harness/launch-target.mjs';
import { asNobodyAsync, FETCH_AS_NOBODY, watchProcAsNobody } from '../../harness/other-user';
import { addProfiles, awsWorld } from '../providers/aws/fixture';

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
  let session = '';
  const replies: Reply[] = [];
  const token = () => url.searchParams.get('token') ?? '';
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

  const redeem = (token: string, headers: Record<string, string> = {}) =>
    call('/auth/session', {
      method: 'POST',
      headers: { host: host(), origin: url.origin, 'content-type': 'application/json', ...headers },
      body: JSON.stringify({ token }),
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
      expect((await redeem(token(), { host: foreign })).status, foreign).toBe(421);
    }
  });

  it('without the session secret there is nothing but a 401; the page itself holds nothing', async () => {
    expect((await call('/', { headers: { host: host() } })).status).toBe(200);
    expect((await redeem('0000')).status).toBe(401);
    expect((await api({ host: host(), origin: url.origin })).status).toBe(401);
    expect(
      (await api({ host: host(), origin: url.origin, authorization: `Bearer ${'0'.repeat(64)}` })).status,
    ).toBe(401);
    expect((await api({ host: host(), origin: url.origin, cookie: 'tobira_ui=forged' })).status).toBe(401);
  });

  it('a foreign Origin or a cross-site request cannot redeem the token, and does not use it up', async () => {
    expect((await redeem(token(), { origin: 'http://evil.example' })).status).toBe(403);
    expect((await redeem(token(), { 'sec-fetch-site': 'cross-site' })).status).toBe(403);
    expect((await redeem(token(), { origin: '' })).status).toBe(403);
    expect((await redeem(token(), { 'content-type': 'text/plain' })).status).toBe(415);
  });

  it('the one-time token gives a session secret, once, and sets no cookie', async () => {
    const entry = await redeem(token());
    expect(entry.status).toBe(200);
    expect(entry.headers['set-cookie']).toBeUndefined();
    session = (JSON.parse(entry.body) as { session: string }).session;
    expect(session).toMatch(/^[0-9a-f]{64}$/);
    expect((await redeem(token())).status).toBe(401);
    expect((await api({ host: host(), origin: url.origin, authorization: `Bearer ${session}` })).status).toBe(
      200,
    );
    // The same secret as a cookie reads nothing: only the page's own header counts.
    expect((await api({ host: host(), origin: url.origin, cookie: `tobira_ui=${session}` })).status).toBe(
      401,
    );
  });

  it('a foreign Origin or a cross-site fetch is refused even with the session secret', async () => {
    const authorization = `Bearer ${session}`;
    for (const origin of [
      'http://evil.example',
      `http://localhost.evil.example:${url.port}`,
      'null',
      `https://${host()}`,
    ]) {
      expect((await api({ host: host(), origin, authorization })).status, origin).toBe(403);
    }
    expect(
      (await api({ host: host(), origin: url.origin, authorization, 'sec-fetch-site': 'cross-site' })).status,
    ).toBe(403);
    expect((await api({ host: host(), authorization })).status).toBe(403); // no Origin on an API call
    const form = await call('/api/app:info', {
      method: 'POST',
      headers: {
        host: host(),
        origin: url.origin,
        authorization,
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
        authorization: `Bearer ${session}`,
      },
    });
    await call('/', { headers: { host: host(), origin: 'http://evil.example' } });
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

/**
 * Issue 14: another local user (nobody) reads every process's argv in /proc and races every one-shot loopback
 * endpoint. Nothing it can see may open a door, and a door it knocks on first stays shut (403) and unused.
 */
describe.runIf(canDropPrivileges)('another local user (uid 65534) against the browser hand-offs', () => {
  /** A TOBIRA_BROWSER that lingers (so the watcher sees its argv), then does what ACT says with the launch file. */
  function browserScript(dir: string, act: string): string {
    const path = join(dir, `browser-${Math.random().toString(36).slice(2)}.mjs`);
    writeFileSync(
      path,
      `import { writeFileSync } from 'node:fs';
import { launchTarget } from ${JSON.stringify(LAUNCH_TARGET_MODULE)};
const launch = process.argv.at(-1);
await new Promise((resolve) => setTimeout(resolve, 1000));
// A plain URL too, so that this test shows what an older tobira leaked instead of failing on the format.
const url = launch.startsWith('file:') ? launchTarget(launch) : launch;
${act}
`,
    );
    return `${process.execPath} ${path}`;
  }

  it('`ui --open`: the token is in no command line nobody can read, and the page redeems it', async () => {
    const uiDir = mkdtempSync(join(tmpdir(), 'tobira-ui-'));
    writeFileSync(join(uiDir, 'index.html'), '<!doctype html><html><head></head><body>ui</body></html>\n');
    const report = join(uiDir, 'report.json');
    const browser = browserScript(
      uiDir,
      `const target = new URL(url);
if (!launch.startsWith('file:')) await fetch(url, { redirect: 'manual' });
const redeem = await fetch(target.origin + '/auth/session', { method: 'POST', headers: { origin: target.origin, 'content-type': 'application/json' }, body: JSON.stringify({ token: target.searchParams.get('token') }) });
const { session } = await redeem.json().catch(() => ({}));
const info = await fetch(target.origin + '/api/app:info', { method: 'POST', headers: { origin: target.origin, 'content-type': 'application/json', authorization: 'Bearer ' + session }, body: '{}' });
writeFileSync(${JSON.stringify(report)}, JSON.stringify({ launch, redeem: redeem.status, info: info.status }));`,
    );
    const watch = await watchProcAsNobody();
    const home = tempHome();
    const ui = spawnTobira(['ui', '--open'], {
      home,
      env: {
        TOBIRA_SECRET_STORE: 'file',
        TOBIRA_PASSPHRASE: 'surface-test',
        TOBIRA_UI_DIR: uiDir,
        TOBIRA_BROWSER: browser,
      },
      input: null,
    });
    let stdout = '';
    ui.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    try {
      await vi.waitFor(() => expect(existsSync(report)).toBe(true), { timeout: 15_000 });
      const seen = await watch.stop();
      const token = new URL(stdout.trim()).searchParams.get('token') ?? '';
      const result = JSON.parse(readFileSync(report, 'utf8')) as {
        launch: string;
        redeem: number;
        info: number;
      };
      // The watcher did see the browser start: its argv holds the launch file, and nothing more.
      expect(seen.cmdlines.some((line) => line.includes(result.launch))).toBe(true);
      expect(seen.samples).toBeGreaterThan(20);
      expect(token).toMatch(/^[0-9a-f]{48}$/);
      expect([...seen.cmdlines, ...seen.environs].filter((line) => line.includes(token))).toEqual([]);
      expect([result.redeem, result.info]).toEqual([200, 200]);
      // The launch file is gone once the page redeemed the token.
      await vi.waitFor(() => expect(existsSync(fileURLToPath(result.launch))).toBe(false), {
        timeout: 5_000,
      });
    } finally {
      ui.kill('SIGTERM');
      await new Promise((resolve) => ui.on('close', resolve));
    }
  });

  it('`console`: neither the sign-in token nor the one-shot URL is in any command line nobody can read', async () => {
    const w = await awsWorld({ mfa: false });
    try {
      await addProfiles(w, { mfa: false });
      const report = join(w.userHome, 'report.json');
      const browser = browserScript(
        w.userHome,
        `const first = await fetch(url, { redirect: 'manual' });
writeFileSync(${JSON.stringify(report)}, JSON.stringify({ launch, url, status: first.status, location: first.headers.get('location') }));`,
      );
      const watch = await watchProcAsNobody();
      const result = await w.run(['console', 'admin'], '', { TOBIRA_BROWSER: browser });
      const seen = await watch.stop();
      expect(result.code, result.stderr).toBe(0);
      expect(result.stderr).toContain('Opened the console for admin');
      const browsed = JSON.parse(readFileSync(report, 'utf8')) as {
        launch: string;
        url: string;
        status: number;
      };
      expect(browsed.status).toBe(302);
      const signin = w.fake.signins[0]?.token ?? '';
      expect(signin.length).toBeGreaterThan(20);
      expect(seen.cmdlines.some((line) => line.includes(browsed.launch))).toBe(true);
      const leaks = [...seen.cmdlines, ...seen.environs].filter(
        (line) =>
          line.includes(signin) || line.includes(browsed.url) || line.includes(new URL(browsed.url).pathname),
      );
      expect(leaks).toEqual([]);
    } finally {
      await w.fake.close();
    }
  });

  it('`console` fails (exit 1, saying another user tried) when only nobody fetched the link', async () => {
    const w = await awsWorld({ mfa: false });
    try {
      await addProfiles(w, { mfa: false });
      const browser = browserScript(
        w.userHome,
        `import { spawnSync } from 'node:child_process';
spawnSync('setpriv', ['--reuid=65534', '--regid=65534', '--clear-groups', process.execPath, '-e', 'fetch(process.argv[1], { redirect: "manual" }).catch(() => undefined)', url]);`,
      );
      const result = await w.run(['console', 'admin'], '', {
        TOBIRA_BROWSER: browser,
        TOBIRA_CONSOLE_REDIRECT_TIMEOUT_MS: '4000',
      });
      expect(result.code).toBe(1);
      expect(result.stderr).toContain('Another user of this computer asked for the console link of admin');
      expect(result.stderr).not.toContain('Opened the console');
    } finally {
      await w.fake.close();
    }
  });

  it('a nobody request for the console redirect gets 403 and does not use it up', async () => {
    const redirect = await startConsoleRedirect(
      'https://signin.aws.amazon.com/federation?SigninToken=secret',
      {
        timeoutMs: 10_000,
      },
    );
    const stolen = JSON.parse(await asNobodyAsync(FETCH_AS_NOBODY, redirect.url)) as { status: number };
    expect(stolen.status).toBe(403);
    const ours = await fetch(redirect.url, { redirect: 'manual' });
    expect(ours.status).toBe(302);
    expect(ours.headers.get('location')).toContain('SigninToken=secret');
    expect(await redirect.done).toBe('served');
  });

  it('a nobody redemption of the browser-mode token gets 403 and the page still redeems it', async () => {
    const uiDir = mkdtempSync(join(tmpdir(), 'tobira-ui-'));
    writeFileSync(join(uiDir, 'index.html'), '<!doctype html><html><head></head><body>ui</body></html>\n');
    const ui = spawnTobira(['ui'], {
      home: tempHome(),
      env: { TOBIRA_SECRET_STORE: 'file', TOBIRA_PASSPHRASE: 'surface-test', TOBIRA_UI_DIR: uiDir },
      input: null,
    });
    let stdout = '';
    ui.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    try {
      await vi.waitFor(() => expect(stdout).toMatch(/token=\w+/), { timeout: 10_000 });
      const url = new URL(stdout.trim());
      const body = JSON.stringify({ token: url.searchParams.get('token') });
      const stolen = JSON.parse(
        await asNobodyAsync(FETCH_AS_NOBODY, `${url.origin}/auth/session`, 'POST', body, url.origin),
      ) as { status: number; body: string };
      expect(stolen.status).toBe(403);
      expect(stolen.body).not.toMatch(/session/);
      const ours = await fetch(`${url.origin}/auth/session`, {
        method: 'POST',
        headers: { origin: url.origin, 'content-type': 'application/json' },
        body,
      });
      expect(ours.status).toBe(200);
    } finally {
      ui.kill('SIGTERM');
      await new Promise((resolve) => ui.on('close', resolve));
    }
  });

  it('a nobody OAuth callback with the right state gets 403 and the real one still ends the wait', async () => {
    const free = await closedPort();
    const server = await listenLoopback({
      ports: [free],
      path: '/cli/callback',
      expectedState: 'st4te',
      lang: 'en',
    });
    const waiting = server.waitForCallback({ timeoutMs: 10_000 });
    const forged = JSON.parse(
      await asNobodyAsync(FETCH_AS_NOBODY, `${server.redirectUri}?code=mallory-code&state=st4te`),
    ) as { status: number };
    expect(forged.status).toBe(403);
    expect(server.closed).toBe(false);
    const ours = await fetch(`${server.redirectUri}?code=alice-code&state=st4te`);
    expect(ours.status).toBe(200);
    expect((await waiting).searchParams.get('code')).toBe('alice-code');
  });

  it('browser mode: what a browser would attach to another port by itself reads nothing', async () => {
    const uiDir = mkdtempSync(join(tmpdir(), 'tobira-ui-'));
    writeFileSync(join(uiDir, 'index.html'), '<!doctype html><html><head></head><body>ui</body></html>\n');
    const ui = spawnTobira(['ui'], {
      home: tempHome(),
      env: { TOBIRA_SECRET_STORE: 'file', TOBIRA_PASSPHRASE: 'surface-test', TOBIRA_UI_DIR: uiDir },
      input: null,
    });
    let stdout = '';
    ui.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    try {
      await vi.waitFor(() => expect(stdout).toMatch(/token=\w+/), { timeout: 10_000 });
      const url = new URL(stdout.trim());
      // What the victim's browser does: open the printed URL, then (the page) redeem the token.
      const cookies: string[] = [];
      const opened = await fetch(url, { redirect: 'manual' });
      cookies.push(...opened.headers.getSetCookie());
      const redeemed = await fetch(`${url.origin}/auth/session`, {
        method: 'POST',
        headers: { origin: url.origin, 'content-type': 'application/json' },
        body: JSON.stringify({ token: url.searchParams.get('token') }),
      });
      cookies.push(...redeemed.headers.getSetCookie());
      expect(cookies).toEqual([]);
      // A page of nobody's on another 127.0.0.1 port would get those cookies and forge the Origin: it reads nothing,
      // even holding the session secret itself as a cookie.
      const { session } = (await redeemed.json()) as { session: string };
      for (const cookie of [...cookies.map((c) => c.split(';')[0] ?? ''), `tobira_ui=${session}`]) {
        const reveal = await fetch(`${url.origin}/api/export:reveal`, {
          method: 'POST',
          headers: { origin: url.origin, cookie, 'content-type': 'application/json' },
          body: JSON.stringify({ name: 'any', format: 'json', confirm: true }),
        });
        expect(reveal.status).toBe(401);
      }
    } finally {
      ui.kill('SIGTERM');
      await new Promise((resolve) => ui.on('close', resolve));
    }
  });
});
