import type { Command } from 'commander';
import { applySsoSync, planSsoSync, type SsoSyncItem } from '../../core/providers';
import type { ContextFactory, Translate } from '../context';
import { columns } from '../format';

interface SyncOptions {
  dryRun?: boolean;
  prefix?: string;
  region?: string;
}

export function registerSsoCommands(program: Command, context: ContextFactory, t: Translate): void {
  const sso = program.command('sso').description(t('sso.cli.description'));
  sso
    .command('sync')
    .description(t('sso.cli.sync.description'))
    .argument('<session>', t('sso.cli.sync.arg'))
    .option('--dry-run', t('sso.cli.sync.dryRun'))
    .option('--prefix <prefix>', t('sso.cli.sync.prefix'))
    .option('--region <region>', t('sso.cli.sync.region'))
    .addHelpText('after', `\n${t('sso.cli.sync.examples')}`)
    .action(async (session: string, options: SyncOptions, command: Command) => {
      const ctx = context(command);
      const manager = ctx.sessions();
      const syncOptions = {
        ...(options.prefix !== undefined ? { prefix: options.prefix } : {}),
        ...(options.region !== undefined ? { region: options.region } : {}),
      };
      const items = await planSsoSync(manager.services, session, syncOptions);
      if (options.dryRun !== true) await applySsoSync(manager.services.vault, session, items, syncOptions);
      if (ctx.globals.json) return ctx.printJson({ dryRun: options.dryRun === true, items });
      const rows = items.map((item: SsoSyncItem) => [
        t(`sso.sync.action.${item.action}`),
        item.name,
        `${item.accountId} ${item.accountName}`.trim(),
        item.roleName,
        item.reason ? t(`sso.sync.reason.${item.reason}`, { other: item.other ?? '' }) : '',
      ]);
      if (rows.length > 0) ctx.print(columns(rows));
      const count = (action: SsoSyncItem['action']) => items.filter((item) => item.action === action).length;
      ctx.notice(options.dryRun === true ? 'sso.sync.planned' : 'sso.sync.done', {
        session,
        created: count('create'),
        updated: count('update'),
        removed: count('remove'),
        skipped: count('skip'),
      });
    });
}
