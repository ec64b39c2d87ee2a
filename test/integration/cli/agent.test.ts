import { execFile, spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createConnection } from 'node:net';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { authenticator } from 'otplib';
import { CLI_PATH, runTobira, spawnTobira } from '../../harness/cli';
import { waitFor } from '../../harness/wait';
import { addProfiles, awsWorld, CANARY_SECRET, MFA_SECRET, type AwsWorld } from '../providers/aws/fixture';

type Child = ReturnType<typeof spawnTobira>;

const worlds: AwsWorld[] = [];
const agents: Child[] = [];
afterEach(async () => {
  for (const agent of agents.splice(0)) if (agent.exitCode === null) agent.kill('SIGKILL');
  for (const world of worlds.splice(0)) await world.fake.close();
});

/** A file-store vault with profile `admin` whose session is in the cache (one run with the passphrase). */
async function cachedAdmin(): Promise<{ world: AwsWorld; passphrase: string; first: string }> {
  const world = await awsWorld({ mfa: false });
  worlds.push(world);
  await addProfiles(world, { mfa: false });
  const first = await world.run(['credential-process', 'admin']);
  expect(first.code).toBe(0);
  return { world, passphrase: world.env.TOBIRA_PASSPHRASE as string, first: first.stdout };
}

/** The world's environment without the passphrase, as another shell or an AWS tool of the user would have it. */
function withoutPassphrase(world: AwsWorld): Record<string, string | undefined> {
  return { ...world.env, TOBIRA_PASSPHRASE: undefined };
}

/** Starts `tobira agent` (no terminal, TOBIRA_PASSPHRASE given) and waits until it serves. */
async function startAgent(
  world: AwsWorld,
  args: string[] = [],
): Promise<{ child: Child; output: () => string; exited: Promise<number | null> }> {
  const child = spawnTobira(['agent', ...args], { home: world.home, env: world.env, noTerminal: true });
  agents.push(child);
  let output = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
  await waitFor(() => output.includes('Tobira agent serving'), 20_000, `agent did not start: ${output}`);
  return { child, output: () => output, exited };
}

/** One raw request line to the agent's socket, and its reply lines. */
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

describe('tobira agent (file store)', () => {
  it('serves credential-process cache hits to processes without the passphrase or a terminal', async () => {
    const { world, passphrase, first } = await cachedAdmin();
    await startAgent(world);
    const stsCalls = world.fake.calls.length;
    const fast = await runTobira(['credential-process', 'admin'], {
      home: world.home,
      env: { ...withoutPassphrase(world), TOBIRA_DEBUG: '1' },
      noTerminal: true,
    });
    expect({ code: fast.code, stderr: fast.stderr }).toMatchObject({
      code: 0,
      stderr: expect.stringContaining('answered from tobira agent (fast path)'),
    });
    expect(fast.stdout).toBe(first);
    // The full CLI (export) gets its cache hit from the agent too.
    const exported = await runTobira(['export', 'admin'], {
      home: world.home,
      env: withoutPassphrase(world),
      noTerminal: true,
    });
    expect(exported.code).toBe(0);
    expect(exported.stdout).toContain(JSON.parse(first).AccessKeyId);
    expect(world.fake.calls.length).toBe(stsCalls); // served from the cache, no new login
    expect(fast.stdout + exported.stdout + exported.stderr).not.toContain(passphrase);
  });

  it('on a cache miss the agent logs in itself (no prompt needed): still no passphrase in the asking process', async () => {
    const world = await awsWorld({ mfa: false });
    worlds.push(world);
    await addProfiles(world, { mfa: false });
    const agent = await startAgent(world);
    const env = { ...withoutPassphrase(world), TOBIRA_DEBUG: '1' };
    const first = await runTobira(['credential-process', 'admin'], {
      home: world.home,
      env,
      noTerminal: true,
    });
    expect({ code: first.code, stderr: first.stderr }).toMatchObject({
      code: 0,
      stderr: expect.stringContaining('admin: session from tobira agent (its login)'),
    });
    const role = world.fake.sessions.find((session) => session.kind === 'assumed-role');
    expect(JSON.parse(first.stdout)).toMatchObject({ AccessKeyId: role?.accessKeyId });
    // The agent wrote its login to the cache: the next call is a fast-path hit.
    const second = await runTobira(['credential-process', 'admin'], {
      home: world.home,
      env,
      noTerminal: true,
    });
    expect(second.stderr).toContain('answered from tobira agent (fast path)');
    expect(second.stdout).toBe(first.stdout);
    expect(first.stdout + first.stderr + agent.output()).not.toContain(CANARY_SECRET);
  });

  it('a login that needs a typed MFA code, with no one to type it (credential-process, no terminal): exit 5, no STS call', async () => {
    const world = await awsWorld({ mfa: true });
    worlds.push(world);
    const added = await world.run(
      [
        'profile',
        'add',
        'alice',
        '--type',
        'aws-iam-user',
        '--access-key-id',
        world.user.accessKeyId,
        '--mfa-serial',
        world.user.mfa?.serial ?? '',
      ],
      `${CANARY_SECRET}\n`,
    );
    expect(added.code).toBe(0);
    const agent = await startAgent(world);
    const result = await runTobira(['credential-process', 'alice'], {
      home: world.home,
      env: withoutPassphrase(world),
      noTerminal: true,
    });
    expect(result.code).toBe(5);
    expect(world.fake.calls.filter((call) => call.action === 'GetSessionToken')).toEqual([]);
    // The agent goes on serving.
    expect(agent.child.exitCode).toBeNull();
    const status = await runTobira(['status'], { home: world.home, env: withoutPassphrase(world) });
    expect(status.stderr).toContain('Served by: tobira agent');
  });

  it('a login that needs a typed MFA code: the asking terminal is asked for the code, the agent logs in', async () => {
    const world = await awsWorld({ mfa: true });
    worlds.push(world);
    const added = await world.run(
      [
        'profile',
        'add',
        'alice',
        '--type',
        'aws-iam-user',
        '--access-key-id',
        world.user.accessKeyId,
        '--mfa-serial',
        world.user.mfa?.serial ?? '',
      ],
      `${CANARY_SECRET}\n`,
    );
    expect(added.code).toBe(0);
    await startAgent(world);
    const env: Record<string, string> = {};
    for (const [key, value] of Object.entries({
      ...process.env,
      ...withoutPassphrase(world),
      LANG: 'C.UTF-8',
    })) {
      if (value !== undefined && key !== 'TOBIRA_PASSPHRASE') env[key] = value;
    }
    env.TOBIRA_HOME = world.home;
    const child = spawn('script', ['-qefc', `${process.execPath} ${CLI_PATH} login alice`, '/dev/null'], {
      env,
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let screen = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (screen += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (screen += chunk));
    const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
    await waitFor(() => screen.includes('MFA code for alice (AWS)'), 20_000, `no MFA prompt: ${screen}`);
    child.stdin.write(`${authenticator.generate(MFA_SECRET)}\r`);
    const code = await exited;
    child.stdin.end();
    expect({ code, screen }).toMatchObject({ code: 0, screen: expect.stringContaining('alice') });
    expect(screen).not.toContain('Passphrase');
    expect(world.fake.calls.map((call) => call.action)).toContain('GetSessionToken');
  });

  it('without the agent, the same call still needs the passphrase (exit 5)', async () => {
    const { world } = await cachedAdmin();
    const result = await runTobira(['credential-process', 'admin'], {
      home: world.home,
      env: withoutPassphrase(world),
      noTerminal: true,
    });
    expect(result.code).toBe(5);
  });

  it('hands out sessions only: long-term secret ids are refused, the passphrase never appears', async () => {
    const { world, passphrase } = await cachedAdmin();
    const agent = await startAgent(world);
    const token = readFileSync(join(world.home, 'agent.token'), 'utf8').trim();
    const secrets = JSON.parse(readFileSync(join(world.home, 'secrets.enc'), 'utf8')) as {
      records: Record<string, unknown>;
    };
    const replies: string[] = [];
    for (const id of Object.keys(secrets.records)) {
      const reply = await rawRequest(world.home, { v: 1, token, op: 'cache-get', id });
      replies.push(reply);
      if (id.startsWith('cache-')) expect(reply).toContain('"session"');
      else expect(JSON.parse(reply)).toEqual({ ok: false, error: 'bad-request' });
    }
    expect(Object.keys(secrets.records).some((id) => !id.startsWith('cache-'))).toBe(true);
    const wrongToken = await rawRequest(world.home, {
      v: 1,
      token: '0'.repeat(64),
      op: 'cache-get',
      id: Object.keys(secrets.records).find((id) => id.startsWith('cache-')),
    });
    expect(JSON.parse(wrongToken)).toEqual({ ok: false, error: 'unauthorized' });
    const everything = replies.join('\n') + agent.output();
    expect(everything).not.toContain(passphrase);
    expect(everything).not.toContain(CANARY_SECRET);
    // The session op answers with the cache record too, and refuses nothing else.
    const session = await rawRequest(world.home, { v: 1, token, op: 'session', profile: 'admin' });
    expect(session).toContain('"fromCache":true');
    expect(session).not.toContain(CANARY_SECRET);
    expect(session).not.toContain(passphrase);
  });

  it('only one agent per data folder: a second one refuses with exit 6; status names the agent', async () => {
    const { world } = await cachedAdmin();
    await startAgent(world);
    const second = await runTobira(['agent'], { home: world.home, env: world.env, noTerminal: true });
    expect(second.code).toBe(6);
    expect(second.stderr).toContain('An agent already serves this data folder (agent, since');
    const status = await runTobira(['status'], {
      home: world.home,
      env: withoutPassphrase(world),
      noTerminal: true,
    });
    expect(status.stderr).toMatch(/Served by: tobira agent \(since \d{4}-\d\d-\d\dT/);
  });

  it('SIGTERM stops it: socket and token removed; then the passphrase is needed again', async () => {
    const { world } = await cachedAdmin();
    const agent = await startAgent(world);
    agent.child.kill('SIGTERM');
    expect(await agent.exited).toBe(0);
    expect(agent.output()).toContain('key wiped, socket removed');
    expect(existsSync(join(world.home, 'agent.sock'))).toBe(false);
    expect(existsSync(join(world.home, 'agent.token'))).toBe(false);
    const after = await runTobira(['credential-process', 'admin'], {
      home: world.home,
      env: withoutPassphrase(world),
      noTerminal: true,
    });
    expect(after.code).toBe(5);
  });

  it('--idle-timeout ends it after that long without a request', async () => {
    const { world } = await cachedAdmin();
    const agent = await startAgent(world, ['--idle-timeout', '2s']);
    expect(await agent.exited).toBe(0);
    expect(agent.output()).toContain('stopped after its idle timeout');
    expect(existsSync(join(world.home, 'agent.sock'))).toBe(false);
  });

  it('a bad duration is a usage error (exit 2)', async () => {
    const { world } = await cachedAdmin();
    const result = await runTobira(['agent', '--lifetime', '8 hours'], { home: world.home, env: world.env });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--lifetime 8 hours is not a duration');
  });

  it('serves nothing to another user (uid 65534)', async () => {
    const { world } = await cachedAdmin();
    await startAgent(world);
    const script = `require('net').createConnection(${JSON.stringify(join(world.home, 'agent.sock'))})
      .on('connect', () => { console.log('connected'); process.exit(0); })
      .on('error', (e) => { console.log(e.code); process.exit(0); });`;
    const stdout = await new Promise<string>((resolve) =>
      execFile(
        'setpriv',
        ['--reuid=65534', '--regid=65534', '--clear-groups', process.execPath, '-e', script],
        (_error, out) => resolve(out),
      ),
    );
    expect(stdout.trim()).toBe('EACCES');
  });
});
