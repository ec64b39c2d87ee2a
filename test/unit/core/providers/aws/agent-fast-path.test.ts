import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { AGENT_SOCKET_NAME, AGENT_TOKEN_NAME } from '../../../../../electron/core/agent/protocol';
import {
  answerOf,
  credentialProcessFromAgent,
  FAST_AGENT_SOCKET_NAME,
  FAST_AGENT_TOKEN_NAME,
} from '../../../../../electron/core/providers/aws/agent-fast-path';

const NOW = Date.parse('2026-01-01T00:00:00Z');
const PROFILE_ID = '0f8fad5b-d9cb-469f-a165-70867728950e';
const TOKEN = 'a'.repeat(64);
const session = (expiration: string) =>
  JSON.stringify({
    version: 1,
    expiration,
    obtainedAt: '2026-01-01T00:00:00.000Z',
    data: {
      accessKeyId: 'ASIAEXAMPLE000000001',
      secretAccessKey: 'secret',
      sessionToken: 'token',
      partition: 'aws',
      origin: 'assumed-role',
    },
  });

const cleanups: Array<() => void> = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup();
});

/** A data folder with a file-store profile `work` and a fake agent that answers each request with `reply`. */
async function folderWithAgent(
  reply: (request: Record<string, unknown>) => string | undefined,
  store = 'file',
): Promise<{ home: string; requests: Array<Record<string, unknown>> }> {
  const home = mkdtempSync(join(tmpdir(), 'tobira-fast-agent-'));
  writeFileSync(
    join(home, 'profiles.json'),
    JSON.stringify({ schemaVersion: 1, secretStore: store, profiles: [{ id: PROFILE_ID, name: 'work' }] }),
  );
  writeFileSync(join(home, AGENT_TOKEN_NAME), `${TOKEN}\n`);
  const requests: Array<Record<string, unknown>> = [];
  const server: Server = createServer((socket) => {
    socket.setEncoding('utf8');
    socket.on('data', (line: string) => {
      const request = JSON.parse(line) as Record<string, unknown>;
      requests.push(request);
      const answer = reply(request);
      if (answer !== undefined) socket.end(`${answer}\n`);
    });
  });
  await new Promise<void>((resolve) => server.listen(join(home, AGENT_SOCKET_NAME), resolve));
  cleanups.push(() => {
    server.close();
    rmSync(home, { recursive: true, force: true });
  });
  return { home, requests };
}

describe('credential-process through tobira agent (fast path)', () => {
  it('uses the protocol’s socket and token names', () => {
    expect(FAST_AGENT_SOCKET_NAME).toBe(AGENT_SOCKET_NAME);
    expect(FAST_AGENT_TOKEN_NAME).toBe(AGENT_TOKEN_NAME);
  });

  it('asks cache-get for the profile’s cache record with the token, and prints the session', async () => {
    const { home, requests } = await folderWithAgent(() =>
      JSON.stringify({ ok: true, session: session('2026-01-01T01:00:00Z') }),
    );
    const answer = await credentialProcessFromAgent(
      ['credential-process', 'work'],
      { TOBIRA_HOME: home },
      () => NOW,
    );
    expect(JSON.parse(answer ?? '{}')).toMatchObject({ Version: 1, AccessKeyId: 'ASIAEXAMPLE000000001' });
    expect(requests).toEqual([
      { v: 1, token: TOKEN, op: 'cache-get', id: `cache-${PROFILE_ID}`, clientPid: process.pid },
    ]);
  });

  it('falls through (undefined) on a miss, an expiring session, an odd reply, or silence', async () => {
    for (const reply of [
      JSON.stringify({ ok: true }),
      JSON.stringify({ ok: true, session: session('2026-01-01T00:01:00Z') }),
      JSON.stringify({ ok: false, error: 'unauthorized' }),
      'not json',
      JSON.stringify({ ok: true, session: 42 }),
      undefined,
    ]) {
      const { home } = await folderWithAgent(() => reply);
      const argv = ['credential-process', 'work'];
      expect(
        await credentialProcessFromAgent(argv, { TOBIRA_HOME: home }, () => NOW, 200),
        reply,
      ).toBeUndefined();
    }
  });

  it('leaves the keychain store, other commands and unknown profiles to the others', async () => {
    const { home, requests } = await folderWithAgent(() => JSON.stringify({ ok: true }), 'keychain');
    const env = { TOBIRA_HOME: home };
    expect(await credentialProcessFromAgent(['credential-process', 'work'], env, () => NOW)).toBeUndefined();
    expect(await credentialProcessFromAgent(['export', 'work'], env, () => NOW)).toBeUndefined();
    expect(await credentialProcessFromAgent(['credential-process', 'nope'], env, () => NOW)).toBeUndefined();
    expect(requests).toEqual([]);
    expect(answerOf('null', NOW)).toBeUndefined();
  });
});
