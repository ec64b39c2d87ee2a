import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import type { CommandSpec, CompletionSpec, OptionSpec, ValueSource } from './types';

/**
 * `tobira __complete WORD...`: the candidates for the last word of a command line, from the completion table and
 * profiles.json, without commander, zod or the message catalogs (a shell runs it on every TAB). Only node:fs, os and
 * path: test/integration/cli/entry-bundle.test.ts keeps it that way.
 */

export type Directive = 'none' | 'files' | 'directories' | 'commands';

export interface Candidate {
  value: string;
  description?: string;
}

export interface Completion {
  /** What the shell should offer besides the candidates: nothing, file names, directory names, or commands. */
  directive: Directive;
  candidates: Candidate[];
}

export interface ProfileEntry {
  name: string;
  type: string;
}

type Env = Readonly<Record<string, string | undefined>>;

export function complete(
  words: readonly string[],
  spec: CompletionSpec,
  env: Env,
  profiles: (home: string) => ProfileEntry[] = readProfiles,
): Completion {
  const current = words.at(-1) ?? '';
  const before = words.slice(0, -1);
  const lang = (env.LC_ALL || env.LC_MESSAGES || env.LANG || '').toLowerCase().startsWith('ja') ? 'ja' : 'en';
  let command = spec.root;
  const globals = spec.root.options;
  let pending: OptionSpec | undefined;
  let positional = 0;
  let home: string | undefined;
  let afterDashes = false;
  let commandWords = 0;
  const given: string[] = [];

  for (const word of before) {
    if (afterDashes) {
      commandWords += 1;
      continue;
    }
    if (pending) {
      if (pending.names.includes('--home')) home = word;
      pending = undefined;
      continue;
    }
    if (word === '--') {
      afterDashes = true;
      continue;
    }
    if (word.startsWith('-') && word.length > 1) {
      const [flag = '', inline] = splitInline(word);
      const option = findOption(command, globals, flag);
      if (option?.names.includes('--home') && inline !== undefined) home = inline;
      if (option?.values && inline === undefined) pending = option;
      continue;
    }
    const sub = positional === 0 ? findCommand(command, word) : undefined;
    if (sub) {
      command = sub;
      continue;
    }
    given.push(word);
    positional += 1;
  }

  const lister = () => profiles(resolve(home ?? (env.TOBIRA_HOME || defaultHome(env))));
  const valuesOf = (source: ValueSource) => sourceValues(source, spec, lister, given, command);

  // `exec NAME -- CMD ARGS`: a command, then its own arguments (files, as far as Tobira can tell).
  if (afterDashes) return { directive: commandWords === 0 ? 'commands' : 'files', candidates: [] };
  if (pending?.values) return filtered(valuesOf(pending.values), current);
  if (current.startsWith('--') && current.includes('=')) {
    const [flag = '', inline = ''] = splitInline(current);
    const option = findOption(command, globals, flag);
    if (!option?.values) return { directive: 'none', candidates: [] };
    const answer = filtered(valuesOf(option.values), inline);
    return {
      directive: answer.directive,
      candidates: answer.candidates.map((c) => ({ ...c, value: `${flag}=${c.value}` })),
    };
  }
  if (current.startsWith('-')) {
    const options = command === spec.root ? globals : [...command.options, ...globals];
    const candidates = options.flatMap((option) =>
      option.names
        .filter((name) => name.startsWith('--'))
        .map((name) => ({ value: name, description: option.description[lang] })),
    );
    return filtered({ directive: 'none', candidates }, current);
  }
  if (positional === 0 && command.commands.length > 0) {
    const candidates = command.commands.flatMap((sub) =>
      [sub.name, ...sub.aliases].map((value) => ({ value, description: sub.description[lang] })),
    );
    return filtered({ directive: 'none', candidates }, current);
  }
  const argument =
    command.args[positional] ?? (command.args.at(-1)?.variadic ? command.args.at(-1) : undefined);
  if (!argument) return { directive: 'none', candidates: [] };
  return filtered(valuesOf(argument.values), current);
}

function sourceValues(
  source: ValueSource,
  spec: CompletionSpec,
  profiles: () => ProfileEntry[],
  given: readonly string[],
  command: CommandSpec,
): Completion {
  const plain = (values: readonly string[]): Completion => ({
    directive: 'none',
    candidates: values.map((value) => ({ value })),
  });
  switch (source.kind) {
    case 'profile':
      return {
        directive: 'none',
        candidates: safely(profiles).map((p) => ({ value: p.name, description: p.type })),
      };
    case 'profileType':
      return plain(spec.values.profileType);
    case 'importSource':
      return plain(spec.values.importSource);
    case 'choices':
      return plain(source.values);
    case 'format': {
      // The formats of the named profile's type when the line names one (export NAME --format …), else all.
      const named = command.args[0]?.values.kind === 'profile' ? given[0] : undefined;
      const type = named === undefined ? undefined : safely(profiles).find((p) => p.name === named)?.type;
      const formats =
        type !== undefined && spec.values.formatsByType[type]
          ? spec.values.formatsByType[type]
          : [...new Set(Object.values(spec.values.formatsByType).flat())];
      return plain(formats);
    }
    case 'directory':
      return { directive: 'directories', candidates: [] };
    case 'file':
      return { directive: 'files', candidates: [] };
    case 'command':
      return { directive: 'commands', candidates: [] };
    case 'none':
      return { directive: 'none', candidates: [] };
  }
}

function safely(profiles: () => ProfileEntry[]): ProfileEntry[] {
  try {
    return profiles();
  } catch {
    return []; // no data folder yet, or an unreadable profiles.json: nothing to offer
  }
}

function filtered(completion: Completion, prefix: string): Completion {
  return {
    directive: completion.directive,
    candidates: completion.candidates.filter((candidate) => candidate.value.startsWith(prefix)),
  };
}

function splitInline(word: string): [string, string | undefined] {
  const at = word.indexOf('=');
  return at < 0 ? [word, undefined] : [word.slice(0, at), word.slice(at + 1)];
}

function findOption(
  command: CommandSpec,
  globals: readonly OptionSpec[],
  flag: string,
): OptionSpec | undefined {
  return [...command.options, ...globals].find((option) => option.names.includes(flag));
}

function findCommand(command: CommandSpec, word: string): CommandSpec | undefined {
  return command.commands.find((sub) => sub.name === word || sub.aliases.includes(word));
}

/** The profiles' names and types, read by hand (no zod here); throws when the file cannot be read. */
export function readProfiles(home: string): ProfileEntry[] {
  const file = JSON.parse(readFileSync(join(home, 'profiles.json'), 'utf8')) as { profiles?: unknown };
  if (!Array.isArray(file.profiles)) return [];
  return file.profiles.flatMap((profile: unknown) => {
    const { name, type } = (profile ?? {}) as { name?: unknown; type?: unknown };
    return typeof name === 'string' && typeof type === 'string' ? [{ name, type }] : [];
  });
}

/** The default data folder (core/home.ts defaultHome; the unit test checks the two agree). */
export function defaultHome(env: Env, platform: NodeJS.Platform = process.platform): string {
  if (platform === 'darwin') return join(homedir(), 'Library', 'Application Support', 'Tobira');
  if (platform === 'win32') return join(env.APPDATA ?? join(homedir(), 'AppData', 'Roaming'), 'Tobira');
  const xdg = env.XDG_CONFIG_HOME;
  return join(xdg && xdg.length > 0 ? xdg : join(homedir(), '.config'), 'tobira');
}

/** One line of directive, then `value<TAB>description` lines: what the shell scripts read. */
export function completionText(completion: Completion): string {
  const lines = completion.candidates.map((c) =>
    c.description ? `${c.value}\t${c.description.replace(/[\t\n]/g, ' ')}` : c.value,
  );
  return `${[completion.directive, ...lines].join('\n')}\n`;
}
