import { spawn } from 'node:child_process';
import { dirname } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CLI_PATH, FILE_STORE_ENV, runTobira, tempHome } from '../../harness/cli';
import { waitFor } from '../../harness/wait';

const OLD_SECRET = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';
const TYPED = 'CanaryTypedAtTheTerminal0000000000000001';
const ROLE = 'arn:aws:iam::210987654321:role/Admin';

/** `tobira ARGS` on a pseudo-terminal (`script`); `answer(screen)` types what the person would. */
async function onTerminal(
  home: string,
  args: string[],
  answers: Array<{ after: string; type: string }>,
): Promise<{ code: number | null; screen: string }> {
  const command = [process.execPath, CLI_PATH, '--home', home, ...args].join(' ');
  const child = spawn('script', ['-qefc', command, '/dev/null'], {
    env: {
      PATH: `${dirname(process.execPath)}:/usr/bin:/bin`,
      LANG: 'C.UTF-8',
      TERM: 'xterm',
      ...FILE_STORE_ENV,
    },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let screen = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (screen += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (screen += chunk));
  const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
  for (const answer of answers) {
    await waitFor(
      () => screen.includes(answer.after),
      20_000,
      `no "${answer.after}" on the terminal: ${screen}`,
    );
    child.stdin.write(`${answer.type}\r`);
  }
  const code = await exited;
  child.stdin.end();
  return { code, screen };
}

async function setUp(): Promise<string> {
  const home = tempHome();
  const env = FILE_STORE_ENV;
  const user = await runTobira(
    ['profile', 'add', 'alice', '--type', 'aws-iam-user', '--access-key-id', 'AKIAIOSFODNN7EXAMPLE'],
    { home, env, input: `${OLD_SECRET}\n` },
  );
  expect(user.code).toBe(0);
  const role = await runTobira(
    ['profile', 'add', 'admin', '--type', 'aws-role', '--source', 'alice', '--role-arn', ROLE],
    { home, env },
  );
  expect(role.code).toBe(0);
  return home;
}

async function names(home: string): Promise<string[]> {
  const listed = await runTobira(['profile', 'list', '--json'], { home });
  return (JSON.parse(listed.stdout) as Array<{ name: string }>).map((profile) => profile.name);
}

describe('profile edit and remove on a terminal', () => {
  it('remove names the dependents and asks whether to remove them too; no keeps both', async () => {
    const home = await setUp();
    const no = await onTerminal(home, ['profile', 'remove', 'alice'], [{ after: '[y/N]', type: 'n' }]);
    expect(no.screen).toContain('admin uses alice as its source. Remove alice and admin?');
    expect(no.code).toBe(0);
    expect(await names(home)).toEqual(['alice', 'admin']);
    const yes = await onTerminal(home, ['profile', 'remove', 'alice'], [{ after: '[y/N]', type: 'y' }]);
    expect(yes.code).toBe(0);
    expect(await names(home)).toEqual([]);
  });

  it('edit asks for a secret only with --secret, hidden; without it the secret is kept and nothing is asked', async () => {
    const home = await setUp();
    const kept = await onTerminal(home, ['profile', 'edit', 'alice', '--region', 'us-west-2'], []);
    expect(kept.code).toBe(0);
    expect(kept.screen).toContain('Updated alice.');
    const replaced = await onTerminal(
      home,
      ['profile', 'edit', 'alice', '--secret'],
      [{ after: 'AWS secret access key', type: TYPED }],
    );
    expect(replaced.code).toBe(0);
    expect(replaced.screen).toContain('its secret was replaced');
    expect(replaced.screen).not.toContain(TYPED);
  });
});
