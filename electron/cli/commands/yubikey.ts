import type { Command } from 'commander';
import { base32Decode, parseTotpInput } from '../../core/mfa';
import { credentialId, yubikeyAdd, yubikeyList, yubikeyStatus } from '../../core/yubikey';
import type { ContextFactory, Translate } from '../context';
import { readRequiredSecret } from '../context';
import { columns } from '../format';

interface ReaderOption {
  reader?: string;
}

/** `tobira yubikey status | list | add`: the OATH application of YubiKeys, through PC/SC (docs/protocols/yubikey.md). */
export function registerYubikeyCommands(program: Command, context: ContextFactory, t: Translate): void {
  const yubikey = program
    .command('yubikey')
    .description(t('yubikey.cli.description'))
    .addHelpText('after', `\n${t('yubikey.cli.examples')}`);

  yubikey
    .command('status')
    .description(t('yubikey.cli.status.description'))
    .option('--reader <name>', t('yubikey.cli.reader'))
    .action(async (options: ReaderOption, command: Command) => {
      const ctx = context(command);
      const keys = await yubikeyStatus(options.reader ? { reader: options.reader } : {});
      if (ctx.globals.json) return ctx.printJson({ keys });
      const yesNo = (value: boolean) => (value ? t('yubikey.cli.yes') : t('yubikey.cli.no'));
      ctx.print(
        columns([
          [t('yubikey.cli.col.reader'), t('yubikey.cli.col.version'), t('yubikey.cli.col.password')],
          ...keys.map((key) => [key.reader, key.version, yesNo(key.passwordSet)]),
        ]),
      );
    });

  yubikey
    .command('list')
    .description(t('yubikey.cli.list.description'))
    .option('--reader <name>', t('yubikey.cli.reader'))
    .action(async (options: ReaderOption, command: Command) => {
      const ctx = context(command);
      const keys = await yubikeyList(
        { ...(options.reader ? { reader: options.reader } : {}), ...ctx.yubikeyUnlock('YubiKey', true) },
        Math.floor(Date.now() / 1000),
      );
      if (ctx.globals.json) {
        return ctx.printJson({
          keys: keys.map(({ key, credentials }) => ({
            reader: key.reader,
            version: key.version,
            credentials,
          })),
        });
      }
      const yesNo = (value: boolean) => (value ? t('yubikey.cli.yes') : t('yubikey.cli.no'));
      for (const { key, credentials } of keys) {
        if (credentials.length === 0) {
          ctx.notice('yubikey.cli.empty', { reader: key.reader });
          continue;
        }
        ctx.print(
          columns([
            [
              t('yubikey.cli.col.credential'),
              t('yubikey.cli.col.type'),
              t('yubikey.cli.col.touch'),
              t('yubikey.cli.col.reader'),
            ],
            ...credentials.map((credential) => [
              credential.id,
              `${credential.type.toUpperCase()} ${credential.algorithm}${credential.type === 'totp' ? ` ${credential.period}s` : ''}`,
              yesNo(credential.touch),
              key.reader,
            ]),
          ]),
        );
      }
    });

  yubikey
    .command('add')
    .description(t('yubikey.cli.add.description'))
    .argument('<name>', t('yubikey.cli.arg.name'))
    .option('--touch', t('yubikey.cli.touch'))
    .option('--reader <name>', t('yubikey.cli.reader'))
    .action(async (name: string, options: ReaderOption & { touch?: boolean }, command: Command) => {
      const ctx = context(command);
      // The secret first (line 1 of a non-TTY stdin); the OATH password, if the key has one, comes after it.
      const seed = parseTotpInput(await readRequiredSecret(ctx, t('totp.secret.label')));
      const id = credentialId(name, seed.params.period);
      const added = await yubikeyAdd({
        id,
        secret: base32Decode(seed.secret),
        algorithm: seed.params.algorithm,
        digits: seed.params.digits,
        touch: options.touch === true,
        ...(options.reader ? { reader: options.reader } : {}),
        ...ctx.yubikeyUnlock(name, true),
      });
      if (ctx.globals.json)
        ctx.printJson({ reader: added.reader, credential: added.id, touch: options.touch === true });
      else ctx.notice('yubikey.cli.added', { reader: added.reader, credential: added.id });
    });
}
