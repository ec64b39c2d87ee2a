import type { Command } from 'commander';
import { ExitCode, TobiraError } from '../../core';
import {
  chooseConsoleBrowser,
  consoleBrowserSetting,
  consolePage,
  consoleUrl,
  openConsole,
  profileConsoleBrowser,
  rememberConsolePage,
  requireCredentials,
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
  remember?: boolean;
}

/**
 * `tobira console NAME [--browser B] [--same-window] [--region R] [--service S | --destination URL] [--remember]`
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
    .option('--remember', t('cli.console.remember'))
    .option('--logout-first', t('cli.console.logoutFirst'))
    .addHelpText('after', t('cli.console.examples'))
    .action(async (name: string, options: ConsoleFlags, command: Command) => {
      const ctx = context(command);
      const manager = ctx.sessions();
      const profile = ctx.vault.get(name);
      const unsupported = new TobiraError('cli.console.unsupported', ExitCode.usage, {
        name,
        type: profile.type,
      });
      requireCredentials(manager.sessionsOf(profile), profile);
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
              ctx.io.env,
            ),
          );
      const flags = {
        ...(options.destination !== undefined ? { destination: options.destination } : {}),
        ...(options.region !== undefined ? { region: options.region } : {}),
        ...(options.service !== undefined ? { service: options.service } : {}),
      };
      const session = await manager.session(name);
      const url = await consoleUrl(
        manager,
        session,
        { ...consolePage(profile, flags), ...(options.logoutFirst ? { logoutFirst: true } : {}) },
        unsupported,
      );
      // Kept once the URL was made, so a page the provider refuses is never remembered.
      if (options.remember) await rememberConsolePage(ctx.vault, name, flags);
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
