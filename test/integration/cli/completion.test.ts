import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { liveCompletionSpec } from '../../../electron/cli/completion/live';
import { CLI_PATH, FILE_STORE_ENV, runTobira, tempHome } from '../../harness/cli';

const run = promisify(execFile);
let home = '';
let otherHome = '';
let env: Record<string, string> = {};

/** `tobira` on PATH (a link to the built entry file), a data folder with three profiles and another with one. */
beforeAll(async () => {
  const bin = mkdtempSync(join(tmpdir(), 'tobira-completion-bin-'));
  symlinkSync(CLI_PATH, join(bin, 'tobira'));
  home = tempHome('tobira-completion-');
  otherHome = tempHome('tobira-completion-other-');
  env = {
    ...(process.env as Record<string, string>),
    ...FILE_STORE_ENV,
    PATH: `${bin}:${process.env.PATH ?? ''}`,
    TOBIRA_HOME: home,
    LANG: 'C.UTF-8',
    LC_ALL: '',
  };
  const add = async (args: string[], input: string, where = home) => {
    const result = await runTobira(['profile', 'add', ...args], { home: where, env: FILE_STORE_ENV, input });
    if (result.code !== 0) throw new Error(result.stderr);
  };
  await add(
    ['work-admin', '--type', 'aws-iam-user', '--access-key-id', 'AKIAAAAAAAAAAAAAAAAA'],
    `${'a'.repeat(40)}\n`,
  );
  await add(
    [
      'work-dev',
      '--type',
      'aws-role',
      '--source',
      'work-admin',
      '--role-arn',
      'arn:aws:iam::123456789012:role/Dev',
    ],
    '',
  );
  await add(['codes', '--type', 'totp'], 'JBSWY3DPEHPK3PXP\n');
  await add(['elsewhere', '--type', 'totp'], 'JBSWY3DPEHPK3PXP\n', otherHome);
});

describe('the completion table', () => {
  it('next to the built entry file is the one of the commander program as it is now (rebuild when this fails)', () => {
    const built = JSON.parse(
      readFileSync(join(dirname(CLI_PATH), 'completion-spec.json'), 'utf8'),
    ) as unknown;
    expect(built).toEqual(liveCompletionSpec());
  });
});

describe('bash (complete -F, driven through COMP_LINE/COMP_POINT as readline sets them)', () => {
  async function bash(line: string): Promise<string[]> {
    const script = [
      'source <(tobira completion bash)',
      'complete -p tobira',
      `COMP_LINE=${JSON.stringify(line)}; COMP_POINT=\${#COMP_LINE}`,
      'read -r -a COMP_WORDS <<< "$COMP_LINE"; COMP_CWORD=$(( ${#COMP_WORDS[@]} - 1 ))',
      '_tobira_complete',
      'printf "%s\\n" "${COMPREPLY[@]}"',
    ].join('\n');
    const { stdout } = await run('bash', ['--norc', '-c', script], { env });
    return stdout.trim().split('\n');
  }

  it('registers the function and completes commands, profile names, per-command flags and --format values', async () => {
    const [registered, ...commands] = await bash('tobira lo');
    expect(registered).toBe('complete -F _tobira_complete tobira');
    expect(commands).toEqual(['login', 'logout']);
    expect((await bash('tobira login ')).slice(1).sort()).toEqual(['codes', 'work-admin', 'work-dev']);
    expect((await bash('tobira export work-')).slice(1)).toEqual(['work-admin', 'work-dev']);
    expect((await bash('tobira login --f')).slice(1)).toEqual(['--force']);
    // aws-iam-user offers credential-process besides the shell formats; "--format=" is answered after the "=".
    expect((await bash('tobira export work-admin --format ')).slice(1)).toEqual([
      'env',
      'fish',
      'powershell',
      'json',
      'credential-process',
    ]);
    expect((await bash('tobira export work-admin --format=cr')).slice(1)).toEqual(['credential-process']);
    expect((await bash('tobira profile add x --type aws-')).slice(1)).toEqual(
      expect.arrayContaining(['aws-iam-user', 'aws-role']),
    );
  });

  it('lists the profiles of the --home given on the line', async () => {
    expect((await bash(`tobira --home ${otherHome} login `)).slice(1)).toEqual(['elsewhere']);
  });
});

describe('zsh (compinit, the script sourced, TAB typed into an interactive zsh through zpty)', () => {
  it('completes a profile name and a subcommand', { timeout: 60_000 }, async () => {
    // zpty -r waits until the terminal shows the pattern (no fixed sleeps: the machine may be busy).
    const driver = [
      'zmodload zsh/zpty',
      "zpty z 'zsh -f -i'",
      `zpty -w z 'PS1="> "; autoload -U compinit; compinit -u; source <(tobira completion zsh); print READY'`,
      "zpty -r z line '*READY*'",
      // One TAB each: an unambiguous completion is inserted into the line.
      "zpty -w -n z $'tobira login cod\\t'",
      "zpty -r z first '*tobira login codes*' && print FIRST-OK",
      "zpty -w -n z $'\\C-u'",
      "zpty -w -n z $'tobira prof\\t'",
      "zpty -r z second '*tobira profile*' && print SECOND-OK",
      'zpty -d z',
    ].join('\n');
    const { stdout } = await run('zsh', ['-f', '-c', driver], { env, timeout: 50_000 });
    expect(stdout).toContain('FIRST-OK');
    expect(stdout).toContain('SECOND-OK');
  });
});

describe('fish (complete -C)', () => {
  async function fish(line: string): Promise<string[]> {
    const { stdout } = await run(
      'fish',
      ['--no-config', '-c', `tobira completion fish | source; complete -C ${JSON.stringify(line)}`],
      { env },
    );
    return stdout.trim().split('\n');
  }

  it('completes profile names with their type, commands with their description, and flag values', async () => {
    expect(await fish('tobira login work-')).toEqual(['work-admin\taws-iam-user', 'work-dev\taws-role']);
    expect(await fish('tobira rot')).toEqual([expect.stringMatching(/^rotate\tnew IAM access key/)]);
    expect(await fish('tobira completion ')).toEqual(['bash', 'fish', 'powershell', 'zsh']);
    expect(await fish('tobira profile add x --type so')).toEqual(['soracom', 'soracom-switch']);
  });

  it('describes commands in Japanese under a Japanese locale', async () => {
    const { stdout } = await run(
      'fish',
      ['--no-config', '-c', 'tobira completion fish | source; complete -C "tobira rot"'],
      {
        env: { ...env, LANG: 'ja_JP.UTF-8' },
      },
    );
    expect(stdout).toContain('アクセスキー');
  });
});

describe('tobira __complete (what the scripts call)', () => {
  it('answers without loading the CLI and never fails on a missing data folder', async () => {
    const missing = join(mkdtempSync(join(tmpdir(), 'tobira-completion-none-')), 'nothing');
    const result = await runTobira(['__complete', 'login', ':'], {
      home: missing,
      env: { TOBIRA_TIMINGS: '1' },
    });
    expect(result.code).toBe(0);
    expect(result.stdout).toBe('none\n');
    expect(result.stderr).not.toContain('start.program');
  });

  it('offers commands after `exec NAME --`, then files', async () => {
    expect((await runTobira(['__complete', 'exec', 'codes', '--', ':'], { home })).stdout).toBe('commands\n');
    expect((await runTobira(['__complete', 'exec', 'codes', '--', 'ls', ':'], { home })).stdout).toBe(
      'files\n',
    );
  });
});
