import type { Command } from 'commander';
import { parseTotpInput, splitCommand } from '../../core/mfa';
import type { ContextFactory } from '../context';
import { readRequiredSecret, type Translate } from '../context';
import { profileSummary as summary } from '../../core/vault';

export function registerMfaCommands(program: Command, context: ContextFactory, t: Translate): void {
  const mfa = program.command('mfa').description(t('cli.mfa.description'));

  mfa
    .command('set')
    .description(t('cli.mfa.set.description'))
    .argument('<name>', t('cli.arg.name'))
    .option('--command <command>', t('cli.mfa.set.command'))
    .addHelpText('after', `\n${t('cli.mfa.set.examples')}`)
    .action(async (name: string, options: { command?: string }, command: Command) => {
      const ctx = context(command);
      ctx.vault.get(name);
      const record =
        options.command !== undefined
          ? await ctx.vault.setMfa(name, { kind: 'command', argv: splitCommand(options.command) })
          : await (async () => {
              const seed = parseTotpInput(await readRequiredSecret(ctx, t('totp.secret.label')));
              return ctx.vault.setMfa(name, { kind: 'totp', secret: seed.secret, params: seed.params });
            })();
      if (ctx.globals.json) ctx.printJson(summary(record));
      else
        ctx.notice(record.mfa?.kind === 'command' ? 'cli.mfa.set.command.done' : 'cli.mfa.set.totp.done', {
          name,
        });
    });

  mfa
    .command('remove')
    .description(t('cli.mfa.remove.description'))
    .argument('<name>', t('cli.arg.name'))
    .action(async (name: string, _options: unknown, command: Command) => {
      const ctx = context(command);
      const record = await ctx.vault.removeMfa(name);
      if (ctx.globals.json) ctx.printJson(summary(record));
      else ctx.notice('cli.mfa.removed', { name });
    });
}
