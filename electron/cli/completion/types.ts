/** The completion table `tobira __complete` answers from (built from the commander program, see spec.ts). */

export interface Described {
  en: string;
  ja: string;
}

/** Where the values of an argument or option come from. */
export type ValueSource =
  | { kind: 'profile' }
  | { kind: 'profileType' }
  | { kind: 'importSource' }
  | { kind: 'format' }
  | { kind: 'choices'; values: string[] }
  | { kind: 'directory' }
  | { kind: 'file' }
  | { kind: 'command' }
  | { kind: 'none' };

export interface OptionSpec {
  /** e.g. ["-y", "--yes"] */
  names: string[];
  description: Described;
  /** Present when the option takes a value. */
  values?: ValueSource;
}

export interface ArgumentSpec {
  name: string;
  variadic: boolean;
  values: ValueSource;
}

export interface CommandSpec {
  name: string;
  aliases: string[];
  description: Described;
  options: OptionSpec[];
  args: ArgumentSpec[];
  commands: CommandSpec[];
}

export interface CompletionSpec {
  version: 1;
  root: CommandSpec;
  values: {
    profileType: string[];
    importSource: string[];
    /** `export --format` values per profile type. */
    formatsByType: Record<string, string[]>;
  };
}
