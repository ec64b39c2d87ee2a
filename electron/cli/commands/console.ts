import type { Command } from 'commander';
import { ExitCode, TobiraError } from '../../core';
import { consoleUrl, openConsole } from '../../core/usecases';
import type { Translate } from '../context';
import type { ContextFactory } from '../context';

interface ConsoleFlags {
  print?: boolean;
  destination?: string;
  region?: string;
  logoutFirst?: boolean;
}

/** `tobira console NAME [--print] [--destination URL] [--region R]` (docs/architecture.md §5). */
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
      const unsupported = new TobiraError('cli.console.unsupported', ExitCode.usage, {
        name,
        type: profile.type,
      });
      if (!manager.sessionsOf(profile).console) throw unsupported;
      const session = await manager.session(name);
      const url = await consoleUrl(
        manager,
        session,
        {
          ...(options.destination !== undefined ? { destination: options.destination } : {}),
          ...(options.region !== undefined ? { region: options.region } : {}),
          ...(options.logoutFirst ? { logoutFirst: true } : {}),
        },
        unsupported,
      );
      if (options.print) {
        ctx.io.stdout.write(`${url}\n`);
        return;
      }
      await openConsole(url, {
        name,
        env: ctx.io.env,
        open: (link) => manager.services.openBrowser(link),
        messages: { timeout: 'cli.console.timeout', foreign: 'cli.console.foreign' },
      });
      if (ctx.globals.json) ctx.printJson({ profile: name, opened: true });
      else ctx.notice('cli.console.opened', { name });
    });
}
