import { runChild } from '../../core/exports';
import { Option, type Command } from 'commander';
import { ExitCode, TobiraError } from '../../core';
import { shellExports, type ShellFormat } from '../../core/exports';
import type { ActiveSession, SessionManager } from '../../core/providers';
import type { CliContext, Translate } from '../context';
import type { ContextFactory } from '../program';
import { columns, labelled } from '../format';

const SHELL_FORMATS = new Set<string>(['env', 'fish', 'powershell']);

export function registerSessionCommands(program: Command, context: ContextFactory, t: Translate): void {
  program
    .command('login')
    .description(t('cli.login.description'))
    .argument('<name>', t('cli.arg.name'))
    .option('--mfa-code <code>', t('cli.login.mfaCode'))
    .option('--force', t('cli.login.force'))
    .option('--no-browser', t('cli.login.noBrowser'))
    .action(async (name: string, options: LoginFlags, command: Command) => {
      const ctx = context(command);
      const manager = ctx.sessions();
      const session = await manager.session(name, {
        ...(options.mfaCode !== undefined ? { mfaCode: options.mfaCode } : {}),
        force: options.force === true,
        ...(options.browser === false ? { noBrowser: true } : {}),
      });
      if (ctx.globals.json) return ctx.printJson(sessionJson(manager, session));
      const { identity, details } = manager.sessionsOf(session.profile).identify(session);
      const key = session.fromCache ? 'cli.login.cached' : 'cli.login.done';
      ctx.print(
        ctx.t(key, { name, identity, expiration: session.expiration, left: timeLeft(session.expiration) }),
      );
      ctx.print(labelled(details));
    });

  program
    .command('logout')
    .description(t('cli.logout.description'))
    .argument('<name>', t('cli.arg.name'))
    .action(async (name: string, _options: unknown, command: Command) => {
      const ctx = context(command);
      const { hadSession } = await ctx.sessions().logout(name);
      if (ctx.globals.json) ctx.printJson({ profile: name, loggedOut: hadSession });
      else ctx.notice(hadSession ? 'cli.logout.done' : 'cli.logout.none', { name });
    });

  program
    .command('status')
    .description(t('cli.status.description'))
    .action(async (_options: unknown, command: Command) => {
      const ctx = context(command);
      const rows = await ctx.sessions().status();
      if (ctx.globals.json) {
        return ctx.printJson(
          rows.map((row) => ({
            profile: row.profile.name,
            type: row.profile.type,
            state: row.state,
            expiration: row.expiration ?? null,
          })),
        );
      }
      if (rows.length === 0) return ctx.notice('cli.status.empty');
      const table = rows.map((row) => [
        row.profile.name,
        row.profile.type,
        row.state,
        row.expiration ? `${row.expiration} (${timeLeft(row.expiration)})` : '-',
      ]);
      ctx.print(columns([['PROFILE', 'TYPE', 'STATE', 'EXPIRES'], ...table]));
    });

  program
    .command('export')
    .description(t('cli.export.description'))
    .argument('<name>', t('cli.arg.name'))
    .addOption(new Option('--format <format>', t('cli.export.format')).default('env'))
    .action(async (name: string, options: { format: string }, command: Command) => {
      const ctx = context(command);
      ctx.print(await exportText(ctx, name, options.format));
    });

  program
    .command('exec')
    .description(t('cli.exec.description'))
    .argument('<name>', t('cli.arg.name'))
    .argument('<command...>', t('cli.exec.command'))
    .option('--nested', t('cli.exec.nested'))
    .action(async (name: string, argv: string[], options: { nested?: boolean }, command: Command) => {
      const ctx = context(command);
      const outer = ctx.io.env.TOBIRA_PROFILE;
      if (outer && !options.nested)
        throw new TobiraError('cli.exec.nestedRefused', ExitCode.usage, { outer, name });
      const manager = ctx.sessions();
      const session = await manager.session(name);
      const sessions = manager.sessionsOf(session.profile);
      const scrubbed = new Set(sessions.scrubEnv ?? []);
      const inherited = Object.fromEntries(
        Object.entries(ctx.io.env).filter(([variable]) => !scrubbed.has(variable)),
      );
      const env = {
        ...inherited,
        ...sessions.exportEnv(session),
        TOBIRA_PROFILE: name,
      };
      const code = await runChild(argv, env);
      if (code !== 0) throw new ChildExit(code);
    });
}

/** `login` flags; commander stores `--no-browser` as `browser: false`. */
interface LoginFlags {
  mfaCode?: string;
  force?: boolean;
  browser?: boolean;
}

/** The child's own exit status, passed through as ours (design.md §3: exec exits with the child's code). */
export class ChildExit extends Error {
  constructor(readonly code: number) {
    super(`child exited with ${code}`);
  }
}

async function exportText(ctx: CliContext, name: string, format: string): Promise<string> {
  const profile = ctx.vault.get(name);
  if (SHELL_FORMATS.has(format) || format === 'json') {
    const manager = ctx.sessions();
    const session = await manager.session(name);
    if (format === 'json') return JSON.stringify(sessionJson(manager, session), null, 2);
    return shellExports(
      manager.sessionsOf(session.profile).exportEnv(session),
      format as ShellFormat,
    ).trimEnd();
  }
  const manager = ctx.sessions({ readsStdin: false });
  const producer = manager.sessionsOf(profile).formats?.[format];
  if (!producer)
    throw new TobiraError('cli.export.badFormat', ExitCode.usage, { format, type: profile.type });
  return producer(manager.services, profile);
}

function sessionJson(manager: SessionManager, session: ActiveSession): Record<string, unknown> {
  const sessions = manager.sessionsOf(session.profile);
  return {
    profile: session.profile.name,
    provider: sessions.provider,
    expiration: session.expiration,
    ...sessions.exportJson(session),
  };
}

export function timeLeft(expiration: string, now = Date.now()): string {
  const seconds = Math.max(0, Math.round((Date.parse(expiration) - now) / 1000));
  const hours = Math.floor(seconds / 3600);
  const minutes = Math.floor((seconds % 3600) / 60);
  return hours > 0
    ? `${hours}h${String(minutes).padStart(2, '0')}m`
    : `${minutes}m${String(seconds % 60).padStart(2, '0')}s`;
}
