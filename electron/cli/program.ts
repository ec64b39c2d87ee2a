import { Command, CommanderError, Option } from 'commander';
import { ExitCode, TobiraError, TOBIRA_VERSION } from '../core';
import { setDebugSink } from '../core/debug';
import { setLockNotice } from '../core/vault';
import { isLang, langFromLocale, type Lang } from '../../shared/i18n';
import { CliContext, type ContextFactory, type GlobalOptions } from './context';
import type { CliIo } from './io';
import { registerProfileCommands } from './commands/profile';
import { registerMfaCommands } from './commands/mfa';
import { registerOtpCommand } from './commands/otp';
import { registerSessionCommands } from './commands/session';
import { ChildExit } from './child-exit';
import { registerLinkCommands } from './commands/link';
import { registerConsoleCommand } from './commands/console';
import { registerCredentialProcessCommand } from './commands/credential-process';
import { registerUiCommand } from './commands/ui';
import { registerDoctorCommand } from './commands/doctor';
import { registerProviderCommands } from './commands/providers';
import { registerAgentCommand } from './commands/agent';
import { registerYubikeyCommands } from './commands/yubikey';
import { registerRotateCommand } from './commands/rotate';
import { registerCompletionCommand } from './commands/completion';
import { QuietExit, reportError } from './report';

/** Reads --lang before commander runs, so help and errors are already in the right language. */
export function preScanLang(argv: readonly string[], env: CliIo['env']): Lang {
  for (let index = 0; index < argv.length; index += 1) {
    const arg = argv[index] as string;
    const value = arg === '--lang' ? argv[index + 1] : arg.startsWith('--lang=') ? arg.slice(7) : undefined;
    if (value !== undefined && isLang(value)) return value;
  }
  return langFromLocale(env);
}

export function buildProgram(io: CliIo, lang: Lang): { program: Command; contexts: CliContext[] } {
  const probe = new CliContext(io, { json: false, home: undefined, lang });
  const t = probe.t.bind(probe);
  const contexts: CliContext[] = [];
  const program = new Command('tobira');
  program
    .description(t('cli.description'))
    .version(TOBIRA_VERSION, '--version', t('cli.opt.version'))
    .helpOption('-h, --help', t('cli.opt.help'))
    .helpCommand(false)
    .option('--json', t('cli.opt.json'))
    .option('--debug', t('cli.opt.debug'))
    .option('--home <dir>', t('cli.opt.home'))
    .addOption(new Option('--lang <lang>', t('cli.opt.lang')).choices(['ja', 'en']))
    .showSuggestionAfterError(true)
    .exitOverride()
    .configureOutput({
      writeOut: (text) => io.stdout.write(text),
      writeErr: (text) => io.stderr.write(text),
      outputError: () => undefined, // reported, translated, by reportError
    })
    .addHelpText('after', `\n${t('cli.help.examples')}`);

  const context: ContextFactory = (command) => {
    const globals = command.optsWithGlobals<{ json?: boolean; home?: string; lang?: Lang }>();
    const options: GlobalOptions = {
      json: globals.json === true,
      home: globals.home,
      lang: globals.lang ?? lang,
    };
    const created = new CliContext(io, options);
    // A lock wait longer than a second says what it waits for, in the command's language.
    setLockNotice((key, params) => created.notice(key, params));
    contexts.push(created);
    return created;
  };
  registerProfileCommands(program, context, t);
  registerMfaCommands(program, context, t);
  registerOtpCommand(program, context, t);
  registerSessionCommands(program, context, t);
  registerLinkCommands(program, context, t);
  registerConsoleCommand(program, context, t);
  registerCredentialProcessCommand(program, context, t);
  registerUiCommand(program, context, t);
  registerProviderCommands(program, context, t);
  registerDoctorCommand(program, context, t);
  registerAgentCommand(program, context, t);
  registerYubikeyCommands(program, context, t);
  registerRotateCommand(program, context, t);
  registerCompletionCommand(program, context, t);
  for (const command of program.commands) inheritSettings(command, io);
  return { program, contexts };
}

function inheritSettings(command: Command, io: CliIo): void {
  command.exitOverride().configureOutput({
    writeOut: (text) => io.stdout.write(text),
    writeErr: (text) => io.stderr.write(text),
    outputError: () => undefined,
  });
  for (const sub of command.commands) inheritSettings(sub, io);
}

/** Runs the CLI and returns the process exit code; never throws. */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  const lang = preScanLang(argv, io.env);
  const debug = io.env.TOBIRA_DEBUG === '1' || preScanDebug(argv);
  if (debug) setDebugSink((line) => io.stderr.write(`${line}\n`));
  try {
    const { program } = buildProgram(io, lang);
    await program.parseAsync([...argv], { from: 'user' });
    return ExitCode.ok;
  } catch (error) {
    if (error instanceof ChildExit || error instanceof QuietExit) return error.code;
    if (error instanceof CommanderError) {
      if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version') return ExitCode.ok;
      if (error.code === 'commander.help' || error.code === 'commander.executeSubCommandAsync')
        return ExitCode.ok;
    }
    const usage = error instanceof CommanderError ? toUsageError(error) : error;
    return reportError(usage, io, lang, debug);
  } finally {
    if (debug) setDebugSink(undefined);
  }
}

/** `--debug` anywhere before `--` (what follows `--` belongs to `exec`'s command), read before commander runs. */
export function preScanDebug(argv: readonly string[]): boolean {
  const end = argv.indexOf('--');
  return (end < 0 ? argv : argv.slice(0, end)).includes('--debug');
}

function toUsageError(error: CommanderError): TobiraError {
  return new TobiraError('cli.error.usage', ExitCode.usage, {
    detail: error.message.replace(/^error: /, ''),
  });
}
