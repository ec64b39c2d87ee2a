import type { Command } from 'commander';
import { parseTotpInput, splitCommand } from '../../core/mfa';
import { ExitCode, TobiraError } from '../../core';
import { yubikeyFind } from '../../core/yubikey';
import type { CliContext, ContextFactory } from '../context';
import { readRequiredSecret, type Translate } from '../context';

interface MfaSetOptions {
  command?: string;
  yubikey?: string;
  reader?: string;
  remember?: boolean;
}

/**
 * `mfa set NAME --yubikey CREDENTIAL`: the profile's codes come from that credential on a YubiKey, checked present
 * now. With --remember, the key derived from the OATH password is kept in the secret store (never the password).
 */
async function setYubikey(ctx: CliContext, name: string, options: MfaSetOptions): Promise<void> {
  const credential = options.yubikey as string;
  if (options.command !== undefined) throw new TobiraError('yubikey.mfa.yubikeyWithCommand', ExitCode.usage);
  const found = await yubikeyFind({
    credential,
    ...(options.reader ? { reader: options.reader } : {}),
    ...ctx.yubikeyUnlock(name, true),
  });
  const accessKeyHex = options.remember ? found.derivedKey?.toString('hex') : undefined;
  const record = await ctx.vault.setMfa(name, {
    kind: 'yubikey',
    credential,
    ...(options.reader ? { reader: options.reader } : {}),
    ...(accessKeyHex ? { accessKeyHex } : {}),
  });
  if (ctx.globals.json) return ctx.printJson(summary(record));
  ctx.notice('yubikey.mfa.set.done', { name, credential });
  if (accessKeyHex) ctx.notice('yubikey.mfa.remembered');
}
import { profileSummary as summary } from '../../core/vault';

export function registerMfaCommands(program: Command, context: ContextFactory, t: Translate): void {
  const mfa = program.command('mfa').description(t('cli.mfa.description'));

  mfa
    .command('set')
    .description(t('cli.mfa.set.description'))
    .argument('<name>', t('cli.arg.name'))
    .option('--command <command>', t('cli.mfa.set.command'))
    .option('--yubikey <credential>', t('cli.mfa.set.yubikey'))
    .option('--reader <name>', t('yubikey.cli.reader'))
    .option('--remember', t('yubikey.cli.remember'))
    .addHelpText('after', `\n${t('cli.mfa.set.examples')}`)
    .action(async (name: string, options: MfaSetOptions, command: Command) => {
      const ctx = context(command);
      ctx.vault.get(name);
      if (options.yubikey !== undefined) return setYubikey(ctx, name, options);
      if (options.reader !== undefined || options.remember)
        throw new TobiraError('cli.mfa.set.yubikeyOnly', ExitCode.usage);
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
