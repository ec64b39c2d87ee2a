import { existsSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createConnection, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  agentSocketPath,
  agentTokenPath,
  askViaAgent,
  commandLineOf,
  noticeViaAgent,
  currentRequester,
  MAX_PENDING,
  MAX_PENDING_PER_PROCESS,
  startAgentServer,
  tobiraCommandOf,
  type AgentServer,
  type AskRequest,
  type NoticeRequest,
} from '../../../../electron/core/agent';
import { isTobiraError } from '../../../../electron/core';
import { PromptCenter, serveAgent } from '../../../../electron/core/app';

const servers: AgentServer[] = [];
afterEach(async () => {
  for (const server of servers.splice(0)) await server.close();
});

function home(): string {
  return join(mkdtempSync(join(tmpdir(), 'tobira-agent-')), 'h');
}

const ask = {
  kind: 'code' as const,
  profile: 'work',
  provider: 'SORACOM',
  label: { key: 'mfa.prompt.label', params: { name: 'work', provider: 'SORACOM' } },
  requester: { pid: 42, command: 'aws s3 ls', tobira: 'tobira credential-process work' },
};

async function start(
  dir: string,
  onAsk: (
    request: AskRequest,
    context: { signal: AbortSignal },
  ) => Promise<{ value: string } | { error: 'cancelled' | 'timeout' }>,
) {
  const server = await startAgentServer({ home: dir, onAsk });
  servers.push(server);
  return server;
}

/** Sends one raw line and returns the raw reply line. */
function raw(path: string, line: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = createConnection(path);
    let text = '';
    socket.setEncoding('utf8');
    socket.on('connect', () => socket.write(line));
    socket.on('data', (chunk: string) => (text += chunk));
    socket.on('end', () => resolve(text.trim()));
    socket.on('error', reject);
  });
}

describe('agent socket', () => {
  it('answers an authenticated ask with what the person typed, and names who asked as the OS reports it', async () => {
    const dir = home();
    const seen: AskRequest[] = [];
    await start(dir, async (request) => {
      seen.push(request);
      return { value: '123456' };
    });
    await expect(askViaAgent(dir, ask)).resolves.toBe('123456');
    expect(seen[0]).toMatchObject({ kind: 'code', profile: 'work', provider: 'SORACOM' });
    // The client claimed pid 42 and "aws s3 ls"; the agent found the connecting process (this one) instead.
    expect(seen[0]?.requester).toEqual({
      pid: process.ppid,
      command: commandLineOf(process.ppid, 'linux'),
      tobira: commandLineOf(process.pid, 'linux'),
      verified: true,
    });
  });

  it('keeps the socket and the token file 0600 in the 0700 folder, and removes both on close', async () => {
    const dir = home();
    const server = await start(dir, async () => ({ value: '1' }));
    expect(statSync(agentSocketPath(dir)).mode & 0o777).toBe(0o600);
    expect(statSync(agentTokenPath(dir)).mode & 0o777).toBe(0o600);
    expect(statSync(dir).mode & 0o777).toBe(0o700);
    expect(readFileSync(agentTokenPath(dir), 'utf8').trim()).toMatch(/^[0-9a-f]{64}$/);
    await server.close();
    expect(existsSync(agentSocketPath(dir))).toBe(false);
    expect(existsSync(agentTokenPath(dir))).toBe(false);
  });

  it('refuses a wrong token and malformed requests without calling the prompt', async () => {
    const dir = home();
    let asked = 0;
    await start(dir, async () => {
      asked += 1;
      return { value: '1' };
    });
    const socket = agentSocketPath(dir);
    const token = readFileSync(agentTokenPath(dir), 'utf8').trim();
    const wrong = { v: 1, op: 'ask', token: 'f'.repeat(64), ...ask };
    expect(JSON.parse(await raw(socket, `${JSON.stringify(wrong)}\n`))).toEqual({
      ok: false,
      error: 'unauthorized',
    });
    expect(JSON.parse(await raw(socket, 'not json\n'))).toEqual({ ok: false, error: 'bad-request' });
    const extra = { v: 1, op: 'ask', token, ...ask, command: 'rm -rf /' };
    expect(JSON.parse(await raw(socket, `${JSON.stringify(extra)}\n`))).toEqual({
      ok: false,
      error: 'bad-request',
    });
    expect(JSON.parse(await raw(socket, `${JSON.stringify({ v: 1, op: 'ping', token })}\n`))).toEqual({
      ok: true,
    });
    expect(asked).toBe(0);
    // A client with a stale token falls back to the terminal instead of failing.
    writeFileSync(agentTokenPath(dir), `${'0'.repeat(64)}\n`);
    await expect(askViaAgent(dir, ask)).resolves.toBeUndefined();
  });

  it('passes on a notice of why a CLI run waits; other messages, and a wrong token, are refused', async () => {
    const dir = home();
    const notices: NoticeRequest[] = [];
    const server = await startAgentServer({
      home: dir,
      onAsk: async () => ({ value: '1' }),
      onNotice: (request) => notices.push(request),
    });
    servers.push(server);
    const notice = {
      profile: 'sam',
      label: { key: 'mfa.totp.waitingProfileCommand' as const, params: { name: 'sam', seconds: 12 } },
      requester: ask.requester,
    };
    await expect(noticeViaAgent(dir, notice)).resolves.toBe(true);
    expect(notices).toEqual([expect.objectContaining({ op: 'notice', ...notice })]);
    const token = readFileSync(agentTokenPath(dir), 'utf8').trim();
    const other = { v: 1, op: 'notice', token, ...notice, label: { key: 'vault.lock.compromised' } };
    expect(JSON.parse(await raw(agentSocketPath(dir), `${JSON.stringify(other)}\n`))).toEqual({
      ok: false,
      error: 'bad-request',
    });
    writeFileSync(agentTokenPath(dir), `${'0'.repeat(64)}\n`);
    await expect(noticeViaAgent(dir, notice)).resolves.toBe(false);
    expect(notices).toHaveLength(1);
    // No app running: nothing to tell, at once.
    await expect(noticeViaAgent(home(), notice)).resolves.toBe(false);
  });

  it('a cancel in the app fails the CLI with exit 5; a timeout lets the terminal ask instead', async () => {
    const dir = home();
    let outcome: { error: 'cancelled' | 'timeout' } = { error: 'cancelled' };
    await start(dir, async () => outcome);
    const error = await askViaAgent(dir, ask).catch((caught: unknown) => caught);
    expect(isTobiraError(error) && error.exitCode).toBe(5);
    expect(isTobiraError(error) && error.key).toBe('agent.cancelled');
    outcome = { error: 'timeout' };
    await expect(askViaAgent(dir, ask)).resolves.toBeUndefined();
  });

  it('without a running app the CLI gets undefined at once: no socket, or a stale one nobody listens on', async () => {
    const dir = home();
    const started = performance.now();
    await expect(askViaAgent(dir, ask)).resolves.toBeUndefined();
    expect(performance.now() - started).toBeLessThan(50);

    const server = await start(dir, async () => ({ value: '1' }));
    await server.close();
    // A crashed app leaves its socket file behind.
    const stale = createServer();
    await new Promise<void>((resolve) => stale.listen(agentSocketPath(dir), resolve));
    stale.close();
    writeFileSync(agentTokenPath(dir), `${'a'.repeat(64)}\n`);
    await expect(askViaAgent(dir, ask)).resolves.toBeUndefined();
  });

  it('a second app refuses to take over a live socket, and replaces a stale one', async () => {
    const dir = home();
    await start(dir, async () => ({ value: 'first' }));
    const busy = await startAgentServer({ home: dir, onAsk: async () => ({ value: 'second' }) }).catch(
      (e: unknown) => e,
    );
    expect(isTobiraError(busy) && busy.key).toBe('agent.busy');
    await expect(askViaAgent(dir, ask)).resolves.toBe('first');
  });

  it('names a tobira process by its arguments, and anything else verbatim', () => {
    expect(tobiraCommandOf(['/usr/bin/node', '/opt/tobira/out/cli/tobira.mjs', 'login', 'work'])).toBe(
      'tobira login work',
    );
    expect(tobiraCommandOf(['/usr/local/bin/tobira', 'export', 'work'])).toBe('tobira export work');
    expect(tobiraCommandOf(['/opt/Tobira/tobira', '/opt/Tobira/resources/cli/tobira.mjs', 'otp', 'w'])).toBe(
      'tobira otp w',
    );
    expect(tobiraCommandOf(['python3', 'tobira.py', 'login', 'work'])).toBe('python3 tobira.py login work');
    expect(tobiraCommandOf(['/usr/bin/node', '-e', 'evil()'])).toBe('/usr/bin/node -e evil()');
  });

  it('names the requesting process from /proc', () => {
    const requester = currentRequester(['export', 'work', '--format', 'env']);
    expect(requester.pid).toBe(process.ppid);
    expect(requester.tobira).toBe('tobira export work --format env');
    expect(commandLineOf(process.pid, 'linux')).toContain(process.argv[1] ?? 'node');
    expect(commandLineOf(2 ** 22 + 12345, 'linux')).toBeNull();
  });
});

/** Connects, sends one ask line, and resolves with each line the agent sends (closed = done). */
function openAsk(path: string, request: Record<string, unknown>) {
  const socket = createConnection(path);
  const lines: string[] = [];
  let text = '';
  const firstLine = new Promise<string>((resolve, reject) => {
    socket.setEncoding('utf8');
    socket.on('connect', () => socket.write(`${JSON.stringify(request)}\n`));
    socket.on('data', (chunk: string) => {
      text += chunk;
      const parts = text.split('\n');
      text = parts.pop() ?? '';
      lines.push(...parts);
      if (lines.length > 0) resolve(lines[0] as string);
    });
    socket.on('error', reject);
  });
  return { socket, lines, firstLine };
}

describe('agent bounds, silence and peers (T11)', () => {
  it('a socket that accepts and never answers is given up on within 3 s, and the CLI is told why', async () => {
    const dir = home();
    await start(dir, async () => ({ value: '1' }));
    const token = readFileSync(agentTokenPath(dir), 'utf8');
    await servers.pop()?.close();
    writeFileSync(agentTokenPath(dir), token);
    const silent = createServer(() => undefined); // accepts, reads nothing, says nothing
    await new Promise<void>((resolve) => silent.listen(agentSocketPath(dir), resolve));
    try {
      const notices: string[] = [];
      const started = performance.now();
      await expect(askViaAgent(dir, ask, { onNotice: (key) => notices.push(key) })).resolves.toBeUndefined();
      const elapsed = performance.now() - started;
      expect(elapsed).toBeGreaterThan(2900);
      expect(elapsed).toBeLessThan(4500); // 3 s, with room for a busy machine
      expect(notices).toEqual(['agent.silent']);
    } finally {
      silent.close();
    }
  });

  it('an agent that is alive and prompting may take longer than 3 s: the person is waited for', async () => {
    const dir = home();
    await start(dir, () => new Promise((resolve) => setTimeout(() => resolve({ value: '654321' }), 3500)));
    const notices: string[] = [];
    await expect(askViaAgent(dir, ask, { onNotice: (key) => notices.push(key) })).resolves.toBe('654321');
    expect(notices).toEqual([]);
  });

  it(`holds at most ${MAX_PENDING_PER_PROCESS} prompts per process; more are refused and the CLI falls back`, async () => {
    const dir = home();
    const signals: AbortSignal[] = [];
    await start(dir, (_request, { signal }) => {
      signals.push(signal);
      return new Promise(() => undefined); // the person never answers
    });
    const token = readFileSync(agentTokenPath(dir), 'utf8').trim();
    const path = agentSocketPath(dir);
    const open = Array.from({ length: MAX_PENDING_PER_PROCESS }, () =>
      openAsk(path, { v: 1, op: 'ask', token, ...ask }),
    );
    for (const { firstLine } of open) expect(JSON.parse(await firstLine)).toEqual({ accepted: true });
    const notices: string[] = [];
    await expect(askViaAgent(dir, ask, { onNotice: (key) => notices.push(key) })).resolves.toBeUndefined();
    expect(notices).toEqual(['agent.tooMany']);
    // Another pid claimed in the request changes nothing: the agent counts the process it sees.
    const forged = openAsk(path, { v: 1, op: 'ask', token, ...ask, clientPid: 1 });
    expect(JSON.parse(await forged.firstLine)).toEqual({ ok: false, error: 'too-many' });
    // A client that hangs up takes its prompt with it, and frees its place.
    open[0]?.socket.destroy();
    // The asks reached onAsk in whatever order their peers were looked up: exactly one of them is aborted.
    await vi.waitFor(() => expect(signals.filter((signal) => signal.aborted)).toHaveLength(1));
    const next = openAsk(path, { v: 1, op: 'ask', token, ...ask });
    expect(JSON.parse(await next.firstLine)).toEqual({ accepted: true });
    for (const { socket } of [...open, forged, next]) socket.destroy();
  });

  it(`holds at most ${MAX_PENDING} prompts in all; where the peer cannot be seen, claims are marked unverified`, async () => {
    const dir = home();
    const seen: AskRequest[] = [];
    // As on macOS: no peer lookup, so the agent can only count by what each client claims.
    const server = await startAgentServer({
      home: dir,
      platform: 'darwin',
      onAsk: (request) => {
        seen.push(request);
        return new Promise(() => undefined);
      },
    });
    servers.push(server);
    const token = readFileSync(agentTokenPath(dir), 'utf8').trim();
    const open = Array.from({ length: MAX_PENDING }, (_, index) =>
      openAsk(server.socketPath, { v: 1, op: 'ask', token, ...ask, clientPid: 1000 + index }),
    );
    for (const { firstLine } of open) expect(JSON.parse(await firstLine)).toEqual({ accepted: true });
    const more = openAsk(server.socketPath, { v: 1, op: 'ask', token, ...ask, clientPid: 99_999 });
    expect(JSON.parse(await more.firstLine)).toEqual({ ok: false, error: 'too-many' });
    expect(seen).toHaveLength(MAX_PENDING);
    expect(seen[0]?.requester).toEqual({ ...ask.requester, verified: false });
    for (const { socket } of [...open, more]) socket.destroy();
  });
  it("the app's prompt names the process as the OS reports it, and goes away when the terminal hangs up", async () => {
    const dir = home();
    const prompts = new PromptCenter();
    servers.push(await serveAgent(dir, prompts));
    const token = readFileSync(agentTokenPath(dir), 'utf8').trim();
    const asking = openAsk(agentSocketPath(dir), { v: 1, op: 'ask', token, ...ask });
    expect(JSON.parse(await asking.firstLine)).toEqual({ accepted: true });
    expect(prompts.list()).toHaveLength(1);
    expect(prompts.list()[0]?.requester).toMatchObject({ pid: process.ppid, verified: true });
    asking.socket.destroy();
    await vi.waitFor(() => expect(prompts.list()).toEqual([]));
  });
});
