import { Option, type Command } from 'commander';
import { ExitCode, TobiraError } from '../../core';
import type { ContextFactory, Translate } from '../context';

/**
 * `tobira agent`: unlocks the store once and serves the other tobira processes of this user until a signal, the idle
 * timeout or the lifetime ends it (electron/core/agent/daemon.ts does the work).
 */
export function registerAgentCommand(program: Command, context: ContextFactory, t: Translate): void {
  program
    .command('agent')
    .description(t('cli.agent.description'))
    .addOption(new Option('--idle-timeout <duration>', t('cli.agent.idleTimeout')).default('8h'))
    .addOption(new Option('--lifetime <duration>', t('cli.agent.lifetime')))
    .action(async (options: { idleTimeout: string; lifetime?: string }, command: Command) => {
      const ctx = context(command);
      const { parseDuration, startAgentDaemon } = await import('../../core/agent');
      const idleTimeoutMs = durationOption(parseDuration, '--idle-timeout', options.idleTimeout);
      const lifetimeMs =
        options.lifetime === undefined
          ? undefined
          : durationOption(parseDuration, '--lifetime', options.lifetime);
      // Read once, then dropped from process.env: no later code and no child sees it. (Linux still shows the
      // start-time environment in /proc/PID/environ to the same user; the TTY prompt leaves no such trace.)
      const fromEnv = process.env.TOBIRA_PASSPHRASE;
      delete process.env.TOBIRA_PASSPHRASE;
      ctx.ensureHome();
      const daemon = await startAgentDaemon({
        home: ctx.home,
        env: { ...ctx.io.env, TOBIRA_PASSPHRASE: undefined },
        idleTimeoutMs,
        lifetimeMs,
        lang: ctx.globals.lang,
        notice: (key, params) => ctx.notice(key, params),
        passphrase: async () => {
          if (fromEnv !== undefined && fromEnv.length > 0) return fromEnv;
          const typed = await ctx.input.terminalSecret(`${ctx.t('vault.file.passphrasePrompt')}: `);
          if (typed === undefined)
            throw new TobiraError('vault.file.passphraseNeeded', ExitCode.mfaUnavailable);
          return typed;
        },
      });
      const onSignal = () => void daemon.stop('signal');
      process.once('SIGTERM', onSignal);
      process.once('SIGINT', onSignal);
      ctx.notice('cli.agent.started', { path: daemon.socketPath, store: daemon.store });
      const reason = await daemon.ended;
      process.off('SIGTERM', onSignal);
      process.off('SIGINT', onSignal);
      ctx.notice(`cli.agent.stopped.${reason}`);
    });
}

function durationOption(parse: (text: string) => number | undefined, flag: string, value: string): number {
  const ms = parse(value);
  if (ms === undefined) throw new TobiraError('cli.agent.badDuration', ExitCode.usage, { flag, value });
  return ms;
}
