import type { Command, Option } from 'commander';
import { importSources, profileTypes, providerSessions } from '../../core/providers';
import { CONSOLE_BROWSER_NAMES } from '../../core/console-browser';
import { exportFormats } from '../../core/usecases';
import type { CompletionSpec, CommandSpec, OptionSpec, ValueSource, Described } from './types';

/**
 * What a positional argument of a command holds, by its name in the commander definition. Every argument name the
 * program uses must be listed here: test/unit/cli/completion.test.ts fails on one that is not, so a new command's
 * arguments cannot go without completion.
 */
export const ARGUMENT_VALUES: Readonly<Record<string, ValueSource>> = {
  name: { kind: 'profile' },
  old: { kind: 'profile' },
  admin: { kind: 'profile' },
  org: { kind: 'profile' },
  session: { kind: 'profile' },
  source: { kind: 'importSource' },
  shell: { kind: 'choices', values: ['bash', 'zsh', 'fish', 'powershell'] },
  new: { kind: 'none' },
  keyId: { kind: 'none' },
  command: { kind: 'command' },
  credential: { kind: 'none' },
};

/**
 * The value of an option that takes one, by its long flag, where the values come from somewhere (a registry, the
 * profiles, the file system); commander's own `.choices()` are used as they are, and any other option's value is
 * free text. Values are never listed here by hand: they come from the registry that owns them.
 */
export const OPTION_VALUES: Readonly<Record<string, ValueSource>> = {
  '--type': { kind: 'profileType' },
  '--format': { kind: 'format' },
  '--source': { kind: 'profile' },
  '--session': { kind: 'profile' },
  '--verify-with': { kind: 'profile' },
  '--home': { kind: 'directory' },
  '--path': { kind: 'file' },
  // The browsers `console --browser` knows (a command of your own is typed out).
  '--browser': { kind: 'choices', values: [...CONSOLE_BROWSER_NAMES] },
};

type Describe = (command: Command) => Described;

/**
 * The completion table of the whole program, read off the commander definition (so it cannot drift from it), with
 * the descriptions in both languages and the values of the registries: `tobira __complete` answers from it without
 * loading commander.
 */
export function completionSpec(programs: { en: Command; ja: Command }): CompletionSpec {
  const jaIndex = new Map<string, Command>();
  const walkJa = (command: Command, path: string) => {
    jaIndex.set(path, command);
    for (const sub of command.commands) walkJa(sub, `${path} ${sub.name()}`);
  };
  walkJa(programs.ja, '');
  const describe =
    (path: string): Describe =>
    (command) => ({
      en: command.description(),
      ja: jaIndex.get(path)?.description() ?? command.description(),
    });
  const formatsByType: Record<string, string[]> = {};
  for (const type of profileTypes()) formatsByType[type] = exportFormats(providerSessions(type));
  return {
    version: 1,
    root: commandSpec(programs.en, '', describe, jaIndex),
    values: {
      profileType: profileTypes(),
      importSource: importSources(),
      formatsByType,
    },
  };
}

function commandSpec(
  command: Command,
  path: string,
  describe: (path: string) => Describe,
  ja: Map<string, Command>,
): CommandSpec {
  const jaOptions = new Map((ja.get(path)?.options ?? []).map((option) => [option.flags, option]));
  return {
    name: command.name(),
    aliases: command.aliases(),
    description: describe(path)(command),
    options: command.options
      .filter((option) => !option.hidden)
      .map((option) => optionSpec(option, jaOptions.get(option.flags))),
    args: command.registeredArguments.map((argument) => ({
      name: argument.name(),
      variadic: argument.variadic,
      values: argument.argChoices
        ? { kind: 'choices', values: [...argument.argChoices] }
        : (ARGUMENT_VALUES[argument.name()] ?? { kind: 'none' }),
    })),
    commands: command.commands
      .filter((sub) => !(sub as unknown as { _hidden?: boolean })._hidden)
      .map((sub) => commandSpec(sub, `${path} ${sub.name()}`, describe, ja)),
  };
}

function optionSpec(option: Option, ja: Option | undefined): OptionSpec {
  const names = [option.short, option.long].filter((name): name is string => name !== undefined);
  const takesValue = option.required || option.optional;
  const values: ValueSource | undefined = !takesValue
    ? undefined
    : option.argChoices
      ? { kind: 'choices', values: [...option.argChoices] }
      : (OPTION_VALUES[option.long ?? ''] ?? { kind: 'none' });
  return {
    names,
    description: { en: option.description, ja: ja?.description ?? option.description },
    ...(values ? { values } : {}),
  };
}
