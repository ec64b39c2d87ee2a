import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createConnection } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runTobira, spawnTobira } from '../../harness/cli';
import { waitFor } from '../../harness/wait';
import { addProfiles, awsWorld, CANARY_SECRET, type AwsWorld } from '../providers/aws/fixture';

type Child = ReturnType<typeof spawnTobira>;

const worlds: AwsWorld[] = [];
const uis: Child[] = [];
afterEach(async () => {
  for (const ui of uis.splice(0)) if (ui.exitCode === null) ui.kill('SIGKILL');
  for (const world of worlds.splice(0)) await world.fake.close();
});

/** `tobira ui` on the world's home, unlocked by TOBIRA_PASSPHRASE given to it only; waits until it serves. */
async function startUi(
  world: AwsWorld,
  env: Record<string, string | undefined> = world.env,
): Promise<{ output: () => string }> {
  const uiDir = mkdtempSync(join(tmpdir(), 'tobira-ui-'));
  writeFileSync(join(uiDir, 'index.html'), '<!doctype html><html><head></head><body>ui</body></html>\n');
  const child = spawnTobira(['ui'], {
    home: world.home,
    env: { ...env, TOBIRA_UI_DIR: uiDir },
    input: null,
  });
  uis.push(child);
  let output = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  await waitFor(() => /token=\w+/.test(output), 20_000, `tobira ui did not start: ${output}`);
  return { output: () => output };
}

/** The world's environment without the passphrase, as another shell or an AWS tool of the user would have it. */
function withoutPassphrase(world: AwsWorld): Record<string, string | undefined> {
  return { ...world.env, TOBIRA_PASSPHRASE: undefined };
}

/** One raw request line to the socket, and its reply lines. */
function rawRequest(home: string, request: Record<string, unknown>): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = createConnection(join(home, 'agent.sock'));
    let text = '';
    socket.setEncoding('utf8');
    socket.on('connect', () => socket.write(`${JSON.stringify(request)}\n`));
    socket.on('data', (chunk: string) => (text += chunk));
    socket.on('close', () => resolve(text));
    socket.on('error', reject);
  });
}

describe('the app is the agent (tobira ui, file store)', () => {
  it('serves credential-process and export to processes without the passphrase or a terminal', async () => {
    const world = await awsWorld({ mfa: false });
    worlds.push(world);
    await addProfiles(world, { mfa: false });
    const passphrase = world.env.TOBIRA_PASSPHRASE as string;
    const ui = await startUi(world);
    const env = { ...withoutPassphrase(world), TOBIRA_DEBUG: '1' };
    // A miss: the app logs in itself, with its unlocked vault.
    const first = await runTobira(['credential-process', 'admin'], {
      home: world.home,
      env,
      noTerminal: true,
    });
    expect({ code: first.code, stderr: first.stderr }).toMatchObject({ code: 0 });
    const role = world.fake.sessions.find((session) => session.kind === 'assumed-role');
    expect(JSON.parse(first.stdout)).toMatchObject({ AccessKeyId: role?.accessKeyId });
    const stsCalls = world.fake.calls.length;
    // Then cache hits: the fast path and the full CLI.
    const fast = await runTobira(['credential-process', 'admin'], {
      home: world.home,
      env,
      noTerminal: true,
    });
    expect({ code: fast.code, stderr: fast.stderr }).toMatchObject({
      code: 0,
      stderr: expect.stringContaining('(fast path)'),
    });
    expect(fast.stdout).toBe(first.stdout);
    const exported = await runTobira(['export', 'admin'], {
      home: world.home,
      env: withoutPassphrase(world),
      noTerminal: true,
    });
    expect(exported.code).toBe(0);
    expect(exported.stdout).toContain(role?.accessKeyId);
    expect(world.fake.calls.length).toBe(stsCalls);
    const everything =
      first.stdout + first.stderr + fast.stdout + exported.stdout + exported.stderr + ui.output();
    expect(everything).not.toContain(passphrase);
    expect(everything).not.toContain(CANARY_SECRET);
  });

  it('hands out sessions only: a cache-get for any other id is refused; the long-term secret never appears', async () => {
    const world = await awsWorld({ mfa: false });
    worlds.push(world);
    await addProfiles(world, { mfa: false });
    expect((await world.run(['credential-process', 'admin'])).code).toBe(0);
    await startUi(world);
    const token = readFileSync(join(world.home, 'agent.token'), 'utf8').trim();
    const secrets = JSON.parse(readFileSync(join(world.home, 'secrets.enc'), 'utf8')) as {
      records: Record<string, unknown>;
    };
    const ids = Object.keys(secrets.records);
    expect(ids.some((id) => !id.startsWith('cache-'))).toBe(true);
    const replies: string[] = [];
    for (const id of ids) {
      const reply = await rawRequest(world.home, { v: 1, token, op: 'cache-get', id });
      replies.push(reply);
      if (id.startsWith('cache-')) expect(reply).toContain('"session"');
      else expect(JSON.parse(reply)).toEqual({ ok: false, error: 'bad-request' });
    }
    const session = await rawRequest(world.home, { v: 1, token, op: 'session', profile: 'admin' });
    replies.push(session);
    expect(session).toContain('"fromCache":true');
    expect(replies.join('\n')).not.toContain(CANARY_SECRET);
  });

  it('while its store is locked (no passphrase yet), it answers as a locked agent: a miss, no login, no prompt', async () => {
    const world = await awsWorld({ mfa: false });
    worlds.push(world);
    await addProfiles(world, { mfa: false });
    expect((await world.run(['credential-process', 'admin'])).code).toBe(0);
    await startUi(world, withoutPassphrase(world));
    const token = readFileSync(join(world.home, 'agent.token'), 'utf8').trim();
    const secrets = JSON.parse(readFileSync(join(world.home, 'secrets.enc'), 'utf8')) as {
      records: Record<string, unknown>;
    };
    const cacheId = Object.keys(secrets.records).find((id) => id.startsWith('cache-'));
    const stsCalls = world.fake.calls.length;
    expect(JSON.parse(await rawRequest(world.home, { v: 1, token, op: 'cache-get', id: cacheId }))).toEqual({
      ok: true,
    });
    const session = await rawRequest(world.home, { v: 1, token, op: 'session', profile: 'admin' });
    expect(
      session
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line) as unknown),
    ).toEqual([{ accepted: true }, { ok: false, error: 'failed' }]);
    expect(world.fake.calls.length).toBe(stsCalls);
  });
});
