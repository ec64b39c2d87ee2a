import type { Command } from 'commander';
import { ExitCode, TobiraError } from '../../core';
import {
  chooseConsoleBrowser,
  consoleBrowserSetting,
  consoleUrl,
  openConsole,
  profileConsoleBrowser,
} from '../../core/usecases';
import type { Translate } from '../context';
import type { ContextFactory } from '../context';

interface ConsoleFlags {
  print?: boolean;
  destination?: string;
  region?: string;
  service?: string;
  browser?: string;
  sameWindow?: boolean;
  logoutFirst?: boolean;
}

/**
 * `tobira console NAME [--browser B] [--same-window] [--region R] [--service S | --destination URL] [--print]`
 * (docs/consoles.md): each profile's console in its own browser identity, through the one-shot loopback link.
 */
export function registerConsoleCommand(program: Command, context: ContextFactory, t: Translate): void {
  program
    .command('console')
    .description(t('cli.console.description'))
    .argument('<name>', t('cli.arg.name'))
    .option('--print', t('cli.console.print'))
    .option('--browser <browser>', t('cli.console.browser'))
    .option('--same-window', t('cli.console.sameWindow'))
    .option('--region <region>', t('cli.console.region'))
    .option('--service <service>', t('cli.console.service'))
    .option('--destination <url>', t('cli.console.destination'))
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
      if (options.service !== undefined && options.destination !== undefined) {
        throw new TobiraError('aws.console.serviceAndDestination', ExitCode.usage);
      }
      // Resolved before signing in: a browser that cannot work fails without spending a sign-in token.
      const browser = options.print
        ? undefined
        : profileConsoleBrowser(
            ctx.home,
            ctx.io.env,
            profile,
            chooseConsoleBrowser(
              {
                ...(options.browser !== undefined ? { browser: options.browser } : {}),
                ...(options.sameWindow ? { sameWindow: true } : {}),
              },
              consoleBrowserSetting(ctx.home),
            ),
          );
      const session = await manager.session(name);
      const url = await consoleUrl(
        manager,
        session,
        {
          ...(options.destination !== undefined ? { destination: options.destination } : {}),
          ...(options.region !== undefined ? { region: options.region } : {}),
          ...(options.service !== undefined ? { service: options.service } : {}),
          ...(options.logoutFirst ? { logoutFirst: true } : {}),
        },
        unsupported,
      );
      if (!browser) {
        ctx.io.stdout.write(`${url}\n`);
        return;
      }
      await openConsole(url, {
        name,
        env: ctx.io.env,
        open: (link) => browser.open(link),
        messages: { timeout: 'cli.console.timeout', foreign: 'cli.console.foreign' },
      });
      if (ctx.globals.json) ctx.printJson({ profile: name, opened: true, identity: browser.dir ?? null });
      else if (browser.dir) ctx.notice('cli.console.openedIdentity', { name, dir: browser.dir });
      else ctx.notice('cli.console.opened', { name });
    });
}
