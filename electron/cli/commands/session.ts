import { runChild } from '../../core/exports';
import { Option, type Command } from 'commander';
import { childEnv, describeUnknown, ExitCode, isTobiraError, TobiraError } from '../../core';
import {
  clearConsoleIdentity,
  execWithServer,
  exportText,
  isSessionFormat,
  requireCredentials,
  sessionJson,
} from '../../core/usecases';
import type { CliContext, Translate } from '../context';
import { compactTimeLeft } from '../../../shared/time-left';
import { ChildExit } from '../child-exit';
import type { ContextFactory } from '../context';
import { columns, labelled } from '../format';

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
      if (ctx.globals.json) return ctx.printJson(sessionJson(session, manager.sessionsOf(session.profile)));
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
      // "Logged out" includes the console: the profile's browser identity (its cookies) goes too.
      const identity = clearConsoleIdentity(ctx.home, ctx.vault.get(name));
      if (ctx.globals.json)
        ctx.printJson({ profile: name, loggedOut: hadSession, browserIdentity: identity });
      else {
        ctx.notice(hadSession ? 'cli.logout.done' : 'cli.logout.none', { name });
        if (identity === 'removed') ctx.notice('console.identity.removed', { name });
      }
      if (identity === 'in-use') throw new TobiraError('console.identity.inUse', ExitCode.error, { name });
    });

  program
    .command('status')
    .description(t('cli.status.description'))
    .action(async (_options: unknown, command: Command) => {
      const ctx = context(command);
      // Who serves the other tobira processes (one stat() when nothing runs); a human line, on stderr.
      const { helloAgent } = await import('../../core/agent');
      const server = await helloAgent(ctx.home);
      if (server) ctx.notice(`cli.status.server.${server.kind}`, { since: server.since });
      else ctx.notice('cli.status.server.none');
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
      ctx.print(await exportTextFor(ctx, name, options.format));
    });

  program
    .command('exec')
    .description(t('cli.exec.description'))
    .argument('<name>', t('cli.arg.name'))
    .argument('<command...>', t('cli.exec.command'))
    .option('--nested', t('cli.exec.nested'))
    .option('--server', t('cli.exec.server'))
    .addHelpText('after', `\n${t('cli.exec.examples')}`)
    .action(async (name: string, argv: string[], options: ExecFlags, command: Command) => {
      const ctx = context(command);
      const outer = ctx.io.env.TOBIRA_PROFILE;
      if (outer && !options.nested)
        throw new TobiraError('cli.exec.nestedRefused', ExitCode.usage, { outer, name });
      const manager = ctx.sessions();
      const profile = ctx.vault.get(name);
      requireCredentials(manager.sessionsOf(profile), profile);
      if (options.server) {
        const code = await execWithServer({
          manager,
          profile,
          argv,
          env: ctx.io.env,
          notice: (key, params) => ctx.notice(key, params),
          describe: (error) =>
            isTobiraError(error) ? error.render(ctx.globals.lang) : describeUnknown(error),
        });
        if (code !== 0) throw new ChildExit(code);
        return;
      }
      const session = await manager.session(name);
      const sessions = manager.sessionsOf(session.profile);
      const scrubbed = new Set(sessions.scrubEnv ?? []);
      // The user's environment without Tobira's own variables (TOBIRA_PASSPHRASE above all), then the credentials.
      const inherited = Object.fromEntries(
        Object.entries(childEnv('exec', ctx.io.env)).filter(([variable]) => !scrubbed.has(variable)),
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

interface ExecFlags {
  nested?: boolean;
  server?: boolean;
}

/** `login` flags; commander stores `--no-browser` as `browser: false`. */
interface LoginFlags {
  mfaCode?: string;
  force?: boolean;
  browser?: boolean;
}

async function exportTextFor(ctx: CliContext, name: string, format: string): Promise<string> {
  const profile = ctx.vault.get(name);
  // Provider formats (soracom-profile, ...) answer a tool's pipe: they never ask on stdin.
  const manager = ctx.sessions(
    isSessionFormat(format)
      ? {}
      : {
          readsStdin: false,
          ...(format === 'soracom-profile' ? { waitReason: 'mfa.totp.waitingProfileCommand' as const } : {}),
        },
  );
  return exportText(profile, format, {
    sessions: manager.sessionsOf(profile),
    services: () => manager.services,
    session: () => manager.session(name),
  });
}

export function timeLeft(expiration: string, now = Date.now()): string {
  return compactTimeLeft(expiration, now);
}
