import type { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { complete, defaultHome } from '../../../../electron/cli/completion/complete';
import { liveCompletionSpec } from '../../../../electron/cli/completion/live';
import { completionScript, SHELLS } from '../../../../electron/cli/completion/scripts';
import { ARGUMENT_VALUES } from '../../../../electron/cli/completion/spec';
import { buildProgram } from '../../../../electron/cli/program';
import type { CliIo } from '../../../../electron/cli/io';
import { defaultHome as coreDefaultHome } from '../../../../electron/core';

const spec = liveCompletionSpec();
const profiles = () => [
  { name: 'work', type: 'aws-iam-user' },
  { name: 'codes', type: 'totp' },
  { name: 'sim', type: 'soracom' },
];
const values = (words: string[], env: Record<string, string> = {}) =>
  complete(words, spec, env, profiles).candidates.map((candidate) => candidate.value);

function program(): Command {
  const silent = { write: () => true } as unknown as NodeJS.WritableStream;
  const io = {
    stdout: silent,
    stderr: silent,
    stdin: process.stdin,
    env: {},
    selfPath: '',
  } as unknown as CliIo;
  return buildProgram(io, 'en').program;
}

function everyCommand(command: Command, path: string[] = []): Array<{ path: string[]; command: Command }> {
  return [{ path, command }, ...command.commands.flatMap((sub) => everyCommand(sub, [...path, sub.name()]))];
}

describe('completion covers the whole program', () => {
  it('knows what every positional argument of every command holds (add a new one to ARGUMENT_VALUES)', () => {
    const unknown = everyCommand(program()).flatMap(({ path, command }) =>
      command.registeredArguments
        .filter((argument) => !argument.argChoices && !(argument.name() in ARGUMENT_VALUES))
        .map((argument) => `${path.join(' ')} <${argument.name()}>`),
    );
    expect(unknown).toEqual([]);
  });

  it('offers every command and every long flag of it', () => {
    for (const { path, command } of everyCommand(program())) {
      const name = path.at(-1);
      if (name !== undefined) {
        expect(values([...path.slice(0, -1), name.slice(0, 2)]), path.join(' ')).toContain(name);
      }
      const flags = values([...path, '--']);
      for (const option of command.options.filter((o) => o.long && !o.hidden)) {
        expect(flags, `${path.join(' ')} ${option.long}`).toContain(option.long);
      }
    }
  });
});

describe('complete()', () => {
  it('profile names where a command takes one, and for --source', () => {
    expect(values(['login', ''])).toEqual(['work', 'codes', 'sim']);
    expect(values(['otp', 'c'])).toEqual(['codes']);
    expect(values(['profile', 'add', 'x', '--type', 'aws-role', '--source', 'w'])).toEqual(['work']);
    expect(values(['profile', 'rename', 'work', ''])).toEqual([]);
  });

  it('--format values of the named profile type, all of them without one', () => {
    expect(values(['export', 'work', '--format', ''])).toContain('credential-process');
    expect(values(['export', 'sim', '--format', ''])).toContain('soracom-profile');
    expect(values(['export', 'sim', '--format', ''])).not.toContain('credential-process');
    expect(values(['export', '--format', 'soracom'])).toEqual(['soracom-profile']);
    expect(values(['export', 'work', '--format=c'])).toEqual(['--format=credential-process']);
  });

  it('--type values from the provider registry, and global flags after the command', () => {
    expect(values(['profile', 'add', 'x', '--type', ''])).toEqual(spec.values.profileType);
    expect(values(['--lang', ''])).toEqual(['ja', 'en']);
    expect(values(['status', '--js'])).toEqual(['--json']);
  });

  it('asks the shell for directories after --home and reads profiles from there', () => {
    expect(complete(['--home', ''], spec, {}, profiles).directive).toBe('directories');
    const seen: string[] = [];
    complete(['--home', '/data/t', 'login', ''], spec, { TOBIRA_HOME: '/elsewhere' }, (home) => {
      seen.push(home);
      return [];
    });
    expect(seen).toEqual(['/data/t']);
  });

  it('uses the default data folder of the vault', () => {
    const env = { XDG_CONFIG_HOME: '/x/config', APPDATA: 'C:\\Users\\a\\AppData\\Roaming' };
    for (const platform of ['linux', 'darwin', 'win32'] as const) {
      expect(defaultHome(env, platform)).toBe(coreDefaultHome(env, platform));
    }
  });
});

describe('the shell scripts', () => {
  it('each calls `tobira __complete` with the current word behind a ":"', () => {
    for (const shell of SHELLS) {
      expect(completionScript(shell)).toContain('tobira __complete');
      expect(completionScript(shell)).toMatch(/":\$(cur|\{words\[CURRENT\]\}|current|wordToComplete)"/);
      expect(completionScript(shell)).not.toContain('@{');
    }
  });

  // PowerShell cannot be installed on the test machines: its script is checked as text.
  it('PowerShell: a native argument completer for tobira that splits value and tooltip at the tab', () => {
    const script = completionScript('powershell');
    expect(script).toContain('Register-ArgumentCompleter -Native -CommandName tobira -ScriptBlock {');
    expect(script).toContain('param($wordToComplete, $commandAst, $cursorPosition)');
    expect(script).toContain('$out = @(& tobira __complete @words ":$wordToComplete" 2>$null)');
    expect(script).toContain('$entry -split [char]9, 2');
    expect(script).toContain(
      "[System.Management.Automation.CompletionResult]::new($parts[0], $parts[0], 'ParameterValue', $tip)",
    );
    // Balanced braces and parentheses: a typo would make PowerShell reject the whole script.
    const count = (c: string) => script.split(c).length - 1;
    expect(count('{')).toBe(count('}'));
    expect(count('(')).toBe(count(')'));
  });
});
