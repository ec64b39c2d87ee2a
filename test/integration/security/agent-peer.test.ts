import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname } from 'node:path';
import { authenticator } from 'otplib';
import { afterEach, describe, expect, it } from 'vitest';
import {
  agentSocketPath,
  agentTokenPath,
  startAgentServer,
  type AgentServer,
  type AskRequest,
} from '../../../electron/core/agent';
import { awsWorld, CANARY_SECRET, MFA_SECRET, type AwsWorld } from '../providers/aws/fixture';

/**
 * The agent as the CLI meets it (T11): a silent socket costs 3 s, not minutes; the prompt names the process the OS
 * sees, not what the client says; a process of another uid is refused even when the socket's modes let it in.
 */
const NOBODY = 65534;
const canDropPrivileges = process.getuid?.() === 0 && spawnSync('setpriv', ['--version']).status === 0;

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** An AWS IAM user whose MFA code can only come from a prompt (no stored seed, no command). */
async function worldNeedingPrompt(): Promise<AwsWorld> {
  const w = await awsWorld();
  cleanups.push(() => w.fake.close());
  const add = await w.run(
    [
      'profile',
      'add',
      'alice',
      '--type',
      'aws-iam-user',
      '--access-key-id',
      w.user.accessKeyId,
      '--mfa-serial',
      w.user.mfa?.serial ?? '',
    ],
    `${CANARY_SECRET}\n`,
  );
  expect(add.code, add.stderr).toBe(0);
  return w;
}

async function agentIn(home: string, onAsk: (request: AskRequest) => Promise<{ value: string }>) {
  const agent: AgentServer = await startAgentServer({ home, onAsk });
  cleanups.push(() => agent.close());
  return agent;
}

describe('the CLI and the agent (T11)', () => {
  it('a socket that accepts and never answers: the CLI says so and exits 5 within seconds, not 191 s', async () => {
    const w = await worldNeedingPrompt();
    writeFileSync(agentTokenPath(w.home), `${'a'.repeat(64)}\n`, { mode: 0o600 });
    const held = new Set<Socket>();
    const silent: Server = createServer((socket) => held.add(socket)); // accepts, reads nothing, says nothing
    await new Promise<void>((resolve) => silent.listen(agentSocketPath(w.home), resolve));
    cleanups.push(() => {
      for (const socket of held) socket.destroy();
      silent.close();
    });
    const started = performance.now();
    const login = await w.run(['login', 'alice']);
    const elapsed = performance.now() - started;
    expect(login.code).toBe(5);
    expect(login.stderr).toContain('The Tobira app did not answer within 3 seconds');
    expect(elapsed).toBeGreaterThan(3000);
    expect(elapsed).toBeLessThan(8000); // 3 s of waiting plus the CLI's start, on a busy 2-core machine
    const ja = await w.run(['login', 'alice', '--lang', 'ja']);
    expect(ja.stderr).toContain('Tobira アプリが 3 秒以内に応答しませんでした');
  });

  it('the prompt names the tobira process and its parent as Linux reports them', async () => {
    const w = await worldNeedingPrompt();
    const seen: AskRequest[] = [];
    await agentIn(w.home, async (request) => {
      seen.push(request);
      return { value: authenticator.generate(MFA_SECRET) };
    });
    const login = await w.run(['login', 'alice']);
    expect(login.code, login.stderr).toBe(0);
    expect(seen).toHaveLength(1);
    const requester = seen[0]?.requester;
    // This test process started the CLI: it is the parent the OS names.
    expect(requester?.verified).toBe(true);
    expect(requester?.pid).toBe(process.pid);
    expect(requester?.command).toBe(readFileSync('/proc/self/cmdline', 'utf8').split('\0').join(' ').trim());
    // `node …/out/cli/tobira.mjs login alice` in /proc, shown as the command the person typed.
    expect(requester?.tobira).toBe('tobira login alice');
  });

  it.runIf(canDropPrivileges)(
    'a process of another uid holding the token is refused, even through a socket loosened to 0666',
    async () => {
      const w = await worldNeedingPrompt();
      let asked = 0;
      const agent = await agentIn(w.home, async () => {
        asked += 1;
        return { value: '123456' };
      });
      // Everything a file mode can give away, given away: the walk to the folder, the socket, the token.
      for (let dir = w.home; dir !== tmpdir() && dir !== '/'; dir = dirname(dir)) chmodSync(dir, 0o711);
      chmodSync(agent.socketPath, 0o666);
      const token = readFileSync(agentTokenPath(w.home), 'utf8').trim();
      const script = [
        "const net = require('node:net');",
        'const socket = net.connect(process.argv[1]);',
        "let text = '';",
        "socket.on('connect', () => socket.write(JSON.stringify({ v: 1, op: 'ask', token: process.argv[2],",
        "  kind: 'code', profile: 'alice', provider: 'AWS', label: { key: 'mfa.prompt.label' },",
        "  requester: { pid: 1, command: 'innocent', tobira: 'tobira login alice' }, clientPid: process.pid }) + '\\n'));",
        "socket.on('data', (chunk) => (text += chunk));",
        "socket.on('close', () => console.log(text.trim()));",
        "socket.on('error', (error) => console.log(error.code));",
      ].join('\n');
      // Asynchronously: the agent answering lives in this very process.
      const child = spawn(
        'setpriv',
        [
          `--reuid=${NOBODY}`,
          `--regid=${NOBODY}`,
          '--clear-groups',
          process.execPath,
          '-e',
          script,
          agent.socketPath,
          token,
        ],
        { stdio: ['ignore', 'pipe', 'inherit'], timeout: 10_000 },
      );
      let stdout = '';
      child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
      await new Promise((resolve) => child.on('close', resolve));
      expect(JSON.parse(stdout.trim())).toEqual({ ok: false, error: 'unauthorized' });
      expect(asked).toBe(0);
    },
  );
});
