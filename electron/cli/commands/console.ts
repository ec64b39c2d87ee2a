import type { Command } from 'commander';
import { ExitCode, startConsoleRedirect, TobiraError } from '../../core';
import type { Translate } from '../context';
import type { ContextFactory } from '../context';

interface ConsoleFlags {
  print?: boolean;
  destination?: string;
  region?: string;
  logoutFirst?: boolean;
}

/** `tobira console NAME [--print] [--destination URL] [--region R]` (design.md §3). */
export function registerConsoleCommand(program: Command, context: ContextFactory, t: Translate): void {
  program
    .command('console')
    .description(t('cli.console.description'))
    .argument('<name>', t('cli.arg.name'))
    .option('--print', t('cli.console.print'))
    .option('--destination <url>', t('cli.console.destination'))
    .option('--region <region>', t('cli.console.region'))
    .option('--logout-first', t('cli.console.logoutFirst'))
    .action(async (name: string, options: ConsoleFlags, command: Command) => {
      const ctx = context(command);
      const manager = ctx.sessions();
      const profile = ctx.vault.get(name);
      const sessions = manager.sessionsOf(profile);
      if (!sessions.console) {
        throw new TobiraError('cli.console.unsupported', ExitCode.usage, { name, type: profile.type });
      }
      const session = await manager.session(name);
      const url = await sessions.console(manager.services, session, {
        ...(options.destination !== undefined ? { destination: options.destination } : {}),
        ...(options.region !== undefined ? { region: options.region } : {}),
        ...(options.logoutFirst ? { logoutFirst: true } : {}),
      });
      if (options.print) {
        ctx.io.stdout.write(`${url}\n`);
        return;
      }
      // The browser gets a one-shot loopback URL; the sign-in token only ever travels in the 302 that answers it.
      const timeoutMs = Number(ctx.io.env.TOBIRA_CONSOLE_REDIRECT_TIMEOUT_MS ?? 120_000);
      const redirect = await startConsoleRedirect(url, { timeoutMs });
      try {
        await manager.services.openBrowser(redirect.url);
      } catch (error) {
        redirect.close();
        throw error;
      }
      if ((await redirect.done) === 'timeout') {
        // Only our own browser may take the link; say so when someone else tried.
        const key = redirect.refused > 0 ? 'cli.console.foreign' : 'cli.console.timeout';
        throw new TobiraError(key, ExitCode.error, {
          name,
          seconds: Math.round(timeoutMs / 1000),
        });
      }
      if (ctx.globals.json) ctx.printJson({ profile: name, opened: true });
      else ctx.notice('cli.console.opened', { name });
    });
}
