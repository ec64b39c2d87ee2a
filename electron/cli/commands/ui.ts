import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Command } from 'commander';
import { ExitCode, isTobiraError, openBrowser, TobiraError } from '../../core';
import type { Translate } from '../context';
import type { ContextFactory } from '../context';

/** out/renderer next to out/cli (the bundle's folder), or TOBIRA_UI_DIR. */
function rendererDir(env: Readonly<Record<string, string | undefined>>): string {
  if (env.TOBIRA_UI_DIR) return resolve(env.TOBIRA_UI_DIR);
  return resolve(dirname(fileURLToPath(import.meta.url)), '..', 'renderer');
}

/**
 * `tobira ui`: the desktop app's UI in a browser, for WSL and headless machines (docs/architecture.md §4.3–4.5). Prints the one-time
 * URL on stdout and serves until interrupted; it also answers the CLI's prompts like the app would.
 */
export function registerUiCommand(program: Command, context: ContextFactory, t: Translate): void {
  program
    .command('ui')
    .description(t('ui.cli.description'))
    .option('--port <port>', t('ui.cli.port'))
    .option('--open', t('ui.cli.open'))
    .action(async (options: { port?: string; open?: boolean }, command: Command) => {
      const ctx = context(command);
      const port = options.port === undefined ? 0 : Number(options.port);
      if (!Number.isInteger(port) || port < 0 || port > 65535) {
        throw new TobiraError('ui.cli.badPort', ExitCode.usage, { port: options.port ?? '' });
      }
      const dir = rendererDir(ctx.io.env);
      if (!existsSync(join(dir, 'index.html')))
        throw new TobiraError('ui.cli.notBuilt', ExitCode.error, { path: dir });
      ctx.ensureHome();
      const { AppService, appHandlers, serveAgent, startBrowserServer } = await import('../../core/app');
      let agent: Awaited<ReturnType<typeof serveAgent>> | undefined;
      const service = new AppService({
        home: ctx.home,
        env: ctx.io.env,
        platform: { mode: 'browser', systemLang: ctx.globals.lang, agent: () => agent !== undefined },
      });
      try {
        agent = await serveAgent(
          ctx.home,
          service.prompts,
          (message) => service.emit({ kind: 'notice', message }),
          { store: service.agentStore() },
        );
      } catch (error) {
        if (!isTobiraError(error) || error.key !== 'agent.busy') throw error;
        ctx.notice('ui.cli.agentBusy');
      }
      const server = await startBrowserServer({
        handlers: appHandlers(service),
        rendererDir: dir,
        subscribe: (listener) => service.onEvent(listener),
        port,
      });
      ctx.print(server.url);
      ctx.notice('ui.cli.started', { origin: server.origin });
      if (options.open) {
        // The token travels in a launch file, gone once the page redeemed it; the browser's argv holds its path only.
        const launch = await openBrowser(server.url, ctx.io.env, ctx.home);
        void server.redeemed.then(() => launch.remove());
      }
      await new Promise<void>((done) => {
        process.once('SIGINT', done);
        process.once('SIGTERM', done);
      });
      service.close();
      await server.close();
      await agent?.close();
    });
}
