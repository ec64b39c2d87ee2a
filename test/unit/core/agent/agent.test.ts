import { existsSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createConnection, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  agentSocketPath,
  agentTokenPath,
  askViaAgent,
  commandLineOf,
  noticeViaAgent,
  currentRequester,
  startAgentServer,
  type AgentServer,
  type AskRequest,
  type NoticeRequest,
} from '../../../../electron/core/agent';
import { isTobiraError } from '../../../../electron/core';

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
  onAsk: (request: AskRequest) => Promise<{ value: string } | { error: 'cancelled' | 'timeout' }>,
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
  it('answers an authenticated ask with what the person typed, and passes on who asked', async () => {
    const dir = home();
    const seen: AskRequest[] = [];
    await start(dir, async (request) => {
      seen.push(request);
      return { value: '123456' };
    });
    await expect(askViaAgent(dir, ask)).resolves.toBe('123456');
    expect(seen[0]).toMatchObject({
      kind: 'code',
      profile: 'work',
      provider: 'SORACOM',
      requester: ask.requester,
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

  it('names the requesting process from /proc', () => {
    const requester = currentRequester(['export', 'work', '--format', 'env']);
    expect(requester.pid).toBe(process.ppid);
    expect(requester.tobira).toBe('tobira export work --format env');
    expect(commandLineOf(process.pid, 'linux')).toContain(process.argv[1] ?? 'node');
    expect(commandLineOf(2 ** 22 + 12345, 'linux')).toBeNull();
  });
});
