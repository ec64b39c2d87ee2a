import { spawn } from 'node:child_process';
import { dirname } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startAgentServer } from '../../../electron/core/agent/server';
import type { AskRequest } from '../../../electron/core/agent/protocol';
import { CLI_PATH, runTobira } from '../../harness/cli';
import { waitFor } from '../../harness/wait';
import { addProfiles, adminRoleArgs, awsWorld, OTHER_ACCOUNT, type AwsWorld } from '../providers/aws/fixture';

const AWS = '/usr/bin/aws';
const PROMPT = 'Passphrase for the Tobira secrets file';

const worlds: AwsWorld[] = [];
afterEach(async () => {
  for (const created of worlds.splice(0)) await created.fake.close();
});

/** A file-store vault with role profile `prod` linked into ~/.aws/config; the passphrase is the world's. */
async function linkedProd(): Promise<{ world: AwsWorld; passphrase: string }> {
  const world = await awsWorld({ mfa: false });
  worlds.push(world);
  await addProfiles(world, { mfa: false });
  expect((await world.run(adminRoleArgs('prod'))).code).toBe(0);
  expect((await world.run(['link', 'prod'])).code).toBe(0);
  return { world, passphrase: world.env.TOBIRA_PASSPHRASE as string };
}

/** What the user's shell would hand the AWS CLI: no TOBIRA_PASSPHRASE. */
function userEnv(world: AwsWorld): Record<string, string> {
  const env: Record<string, string> = {
    PATH: `${dirname(process.execPath)}:/usr/bin:/bin`,
    HOME: world.userHome,
    LANG: 'C.UTF-8',
    TERM: 'xterm',
    AWS_EC2_METADATA_DISABLED: 'true',
  };
  for (const [key, value] of Object.entries(world.env)) {
    if (key !== 'TOBIRA_PASSPHRASE' && (key.startsWith('TOBIRA_') || key.startsWith('AWS_')))
      env[key] = value;
  }
  return env;
}

function awsArgs(world: AwsWorld): string[] {
  return ['sts', 'get-caller-identity', '--profile', 'prod', '--endpoint-url', world.fake.origin];
}

describe('the file store passphrase under an AWS tool (credential_process)', () => {
  it('is asked on the terminal through /dev/tty, hidden, while aws captures stdout and stderr', async () => {
    const { world, passphrase } = await linkedProd();
    const command = [AWS, ...awsArgs(world), '--region', 'us-east-1', '--output', 'json'].join(' ');
    // `script` gives aws a pseudo-terminal with ECHO on (its stdin is a pipe): whatever the terminal echoes, we see.
    const child = spawn('script', ['-qefc', command, '/dev/null'], {
      env: userEnv(world),
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let screen = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (screen += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (screen += chunk));
    const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
    await waitFor(() => screen.includes(PROMPT), 20_000, `no passphrase prompt on the terminal: ${screen}`);
    child.stdin.write(`${passphrase}\r`);
    const code = await exited;
    child.stdin.end();
    expect({ code, screen }).toMatchObject({
      code: 0,
      screen: expect.stringContaining(`"${OTHER_ACCOUNT}"`),
    });
    expect(screen).not.toContain(passphrase);
    const role = world.fake.sessions.find((session) => session.kind === 'assumed-role');
    expect(world.fake.calls.at(-1)).toMatchObject({
      action: 'GetCallerIdentity',
      accessKeyId: role?.accessKeyId,
    });
  });

  it('Ctrl-C at the hidden prompt cancels cleanly: exit 1 with a message, no stack', async () => {
    const { world } = await linkedProd();
    const command = `${process.execPath} ${CLI_PATH} credential-process prod`;
    const child = spawn('script', ['-qefc', command, '/dev/null'], {
      env: { ...userEnv(world), TOBIRA_HOME: world.home },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let screen = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (screen += chunk));
    const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
    await waitFor(() => screen.includes(PROMPT), 20_000, 'no passphrase prompt on the terminal');
    child.stdin.write('\u0003');
    const code = await exited;
    child.stdin.end();
    expect(code).toBe(1);
    expect(screen).toContain('Cancelled at the prompt (Ctrl-C).');
    expect(screen).not.toMatch(/internal error|at .*\.mjs/);
  });

  it('with the app running, the passphrase is asked in the app (agent socket) instead', async () => {
    const { world, passphrase } = await linkedProd();
    const asked: AskRequest[] = [];
    const app = await startAgentServer({
      home: world.home,
      onAsk: async (request) => {
        asked.push(request);
        return { value: passphrase };
      },
    });
    try {
      const result = await runTobira(['credential-process', 'prod'], {
        home: world.home,
        env: { ...world.env, TOBIRA_PASSPHRASE: undefined },
        noTerminal: true,
      });
      expect({ code: result.code, stderr: result.stderr }).toEqual({ code: 0, stderr: '' });
      expect(JSON.parse(result.stdout)).toMatchObject({ Version: 1 });
      expect(asked).toEqual([
        expect.objectContaining({
          kind: 'secret',
          label: { key: 'vault.file.passphrasePrompt', params: {} },
        }),
      ]);
    } finally {
      await app.close();
    }
  });

  it('without a controlling terminal, credential-process exits 5 naming TOBIRA_PASSPHRASE and the app', async () => {
    const { world } = await linkedProd();
    const result = await runTobira(['credential-process', 'prod'], {
      home: world.home,
      env: { ...world.env, TOBIRA_PASSPHRASE: undefined },
      noTerminal: true,
    });
    expect(result.code).toBe(5);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(/TOBIRA_PASSPHRASE/);
    expect(result.stderr).toMatch(/app \(or agent\)/);
  });

  it('the AWS CLI shows that message when run without a terminal', async () => {
    const { world } = await linkedProd();
    const call = await new Promise<{ code: number | null; stderr: string }>((resolve, reject) => {
      const child = spawn(AWS, [...awsArgs(world), '--region', 'us-east-1'], {
        env: userEnv(world),
        stdio: ['ignore', 'pipe', 'pipe'],
        detached: true, // a new session: no controlling terminal, as under cron or a CI runner
      });
      let stderr = '';
      child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
      child.on('error', reject);
      child.on('close', (code) => resolve({ code, stderr }));
    });
    expect(call.code).not.toBe(0);
    expect(call.stderr).toMatch(/TOBIRA_PASSPHRASE, or run the Tobira app \(or agent\)/);
  });
});
