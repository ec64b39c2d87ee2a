import type { Command } from 'commander';
import { auth0Keys } from '../../core/providers';
import type { CliContext, Translate } from '../context';
import type { ContextFactory } from '../context';
import { columns } from '../format';

type KeyAdmin = auth0Keys.KeyAdmin;

interface SaveOptions {
  saveAs?: string;
  clientId?: string;
}

/** `tobira apikey …` (docs/architecture.md §5): persistent Auth0 API keys managed through an auth0-admin profile. */
export function registerApiKeyCommands(program: Command, context: ContextFactory, t: Translate): void {
  const apikey = program.command('apikey').description(t('cli.apikey.description'));

  apikey
    .command('create')
    .description(t('cli.apikey.create.description'))
    .argument('<admin>', t('cli.apikey.arg.admin'))
    .requiredOption('--name <name>', t('cli.apikey.opt.name'))
    .option('--permissions <list>', t('cli.apikey.opt.permissions'))
    .option('--save-as <profile>', t('cli.apikey.opt.saveAs'))
    .option('--client-id <id>', t('cli.apikey.opt.clientId'))
    .action(
      async (
        admin: string,
        options: { name: string; permissions?: string } & SaveOptions,
        command: Command,
      ) => {
        const ctx = context(command);
        auth0Keys.assertKeyName(options.name);
        const permissions = auth0Keys.parsePermissions(options.permissions);
        const keys = await open(ctx, admin);
        if (options.saveAs !== undefined)
          auth0Keys.checkSaveAs(ctx.vault, keys, options.saveAs, options.clientId);
        const created = await auth0Keys.createKey(keys, { name: options.name, permissions });
        printKey(ctx, created);
        ctx.notice('auth0.create.done', {
          id: created.id,
          name: created.name,
          permissions: listText(permissions),
        });
        await save(ctx, keys, created, options);
      },
    );

  apikey
    .command('list')
    .description(t('cli.apikey.list.description'))
    .argument('<admin>', t('cli.apikey.arg.admin'))
    .action(async (admin: string, _options: unknown, command: Command) => {
      const ctx = context(command);
      const keys = await open(ctx, admin);
      const list = await auth0Keys.listKeys(keys);
      if (ctx.globals.json) return ctx.printJson(list);
      if (list.length === 0) return ctx.notice('auth0.list.empty', { connection: keys.fields.connection });
      ctx.print(
        columns([
          ['ID', 'NAME', 'PERMISSIONS', 'CREATED', 'BLOCKED'],
          ...list.map((key) => [
            key.id,
            key.name || '-',
            listText(key.permissions),
            key.created ?? '-',
            key.blocked ? 'yes' : 'no',
          ]),
        ]),
      );
    });

  apikey
    .command('rotate')
    .description(t('cli.apikey.rotate.description'))
    .argument('<admin>', t('cli.apikey.arg.admin'))
    .argument('<keyId>', t('cli.apikey.arg.keyId'))
    .option('--save-as <profile>', t('cli.apikey.opt.saveAs'))
    .option('--client-id <id>', t('cli.apikey.opt.clientId'))
    .action(async (admin: string, keyId: string, options: SaveOptions, command: Command) => {
      const ctx = context(command);
      const keys = await open(ctx, admin);
      if (options.saveAs !== undefined) {
        auth0Keys.checkSaveAs(ctx.vault, keys, options.saveAs, options.clientId, keyId);
      }
      const result = await auth0Keys.rotateKey(keys, keyId);
      const { created } = result;
      printKey(ctx, created);
      const oldId = keyId.replace(/^auth0\|/, '');
      if (!result.oldStillActive) {
        ctx.notice('auth0.rotate.done', {
          oldId,
          id: created.id,
          name: created.name,
          permissions: listText(created.permissions),
        });
      }
      if (result.warning) ctx.io.stderr.write(`tobira: ${result.warning.render(ctx.globals.lang)}\n`);
      await save(ctx, keys, created, options);
      for (const profile of auth0Keys.profilesHoldingKey(ctx.vault, keys, oldId)) {
        ctx.notice('auth0.rotate.profileHolds', { profile: profile.name, id: oldId });
      }
      if (result.oldStillActive) throw result.oldStillActive;
    });

  apikey
    .command('revoke')
    .description(t('cli.apikey.revoke.description'))
    .argument('<admin>', t('cli.apikey.arg.admin'))
    .argument('<keyId>', t('cli.apikey.arg.keyId'))
    .action(async (admin: string, keyId: string, _options: unknown, command: Command) => {
      const ctx = context(command);
      const { id } = await auth0Keys.revokeKey(await open(ctx, admin), keyId);
      if (ctx.globals.json) ctx.printJson({ id, revoked: true });
      ctx.notice('auth0.revoke.done', { id });
    });

  apikey
    .command('permissions')
    .description(t('cli.apikey.permissions.description'))
    .argument('<admin>', t('cli.apikey.arg.admin'))
    .argument('<keyId>', t('cli.apikey.arg.keyId'))
    .option('--add <list>', t('cli.apikey.opt.add'))
    .option('--remove <list>', t('cli.apikey.opt.remove'))
    .option('--set <list>', t('cli.apikey.opt.set'))
    .action(
      async (
        admin: string,
        keyId: string,
        options: { add?: string; remove?: string; set?: string },
        command: Command,
      ) => {
        const ctx = context(command);
        const change = {
          ...(options.add !== undefined ? { add: auth0Keys.parsePermissions(options.add) } : {}),
          ...(options.remove !== undefined ? { remove: auth0Keys.parsePermissions(options.remove) } : {}),
          ...(options.set !== undefined ? { set: auth0Keys.parsePermissions(options.set) } : {}),
        };
        const result = await auth0Keys.changePermissions(await open(ctx, admin), keyId, change);
        if (ctx.globals.json) return ctx.printJson(result);
        ctx.print(result.permissions.join('\n'));
        ctx.notice('auth0.permissions.done', {
          id: result.id,
          permissions: listText(result.permissions),
          added: listText(result.added),
          removed: listText(result.removed),
        });
      },
    );
}

function open(ctx: CliContext, admin: string): Promise<KeyAdmin> {
  return auth0Keys.openKeyAdmin(ctx.sessions({ readsStdin: false }).services, admin);
}

/** The key goes to stdout exactly once (docs/architecture.md §5); --json: {"id","key","name","permissions"}. */
function printKey(ctx: CliContext, created: auth0Keys.CreatedKey): void {
  if (ctx.globals.json) {
    ctx.printJson({ id: created.id, key: created.key, name: created.name, permissions: created.permissions });
  } else {
    ctx.print(created.key);
  }
}

async function save(ctx: CliContext, keys: KeyAdmin, created: auth0Keys.CreatedKey, options: SaveOptions) {
  if (options.saveAs === undefined) return;
  await auth0Keys.saveKeyProfile(ctx.vault, keys, options.saveAs, created, options.clientId);
  ctx.notice('auth0.saveAs.done', { name: options.saveAs });
}

function listText(names: readonly string[]): string {
  return names.length === 0 ? '-' : names.join(',');
}
