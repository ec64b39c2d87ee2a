import { Option, type Command } from 'commander';
import { ExitCode, TobiraError } from '../../core';
import {
  allAddOptions,
  importSources,
  profileImporter,
  providerSpec,
  type ProviderProfileSpec,
} from '../../core/providers';
import { clearConsoleIdentity, hasConsoleIdentity } from '../../core/usecases';
import { ProfileName, profileSummary as summary, type ProfileRecord } from '../../core/vault';
import type { ContextFactory } from '../context';
import { columns, labelled } from '../format';
import { readRequiredSecret, type Translate } from '../context';

export function registerProfileCommands(program: Command, context: ContextFactory, t: Translate): void {
  const profile = program.command('profile').description(t('cli.profile.description'));

  const add = profile
    .command('add')
    .description(t('cli.profile.add.description'))
    .argument('<name>', t('cli.arg.name'))
    .requiredOption('--type <type>', t('cli.profile.add.type'))
    .addHelpText('after', `\n${t('cli.profile.add.examples')}`);
  for (const option of allAddOptions()) add.addOption(new Option(option.flags, t(option.description)));
  add.action(async (name: string, _options: unknown, command: Command) => {
    const ctx = context(command);
    const spec = providerSpec(String(command.getOptionValue('type')));
    const options = optionsForType(command, spec);
    assertProfileName(name);
    const secret = spec.secretInput ? await readRequiredSecret(ctx, t(spec.secretInput.label)) : undefined;
    const built = spec.build(options, secret);
    const record = await ctx.vault.add({ name, type: spec.type, ...built });
    if (ctx.globals.json) ctx.printJson(summary(record));
    else ctx.notice('cli.profile.added', { name, type: spec.type });
  });

  profile
    .command('list')
    .description(t('cli.profile.list.description'))
    .action((_options: unknown, command: Command) => {
      const ctx = context(command);
      const profiles = ctx.vault.list();
      if (ctx.globals.json) return ctx.printJson(profiles.map(summary));
      if (profiles.length === 0) return ctx.notice('cli.profile.list.empty');
      ctx.print(table(profiles));
    });

  profile
    .command('show')
    .description(t('cli.profile.show.description'))
    .argument('<name>', t('cli.arg.name'))
    .action((name: string, _options: unknown, command: Command) => {
      const ctx = context(command);
      const record = ctx.vault.get(name);
      if (ctx.globals.json) return ctx.printJson(summary(record));
      const lines: Array<[string, string]> = [
        ['name', record.name],
        ['type', record.type],
        ...Object.entries(describe(record)),
        ['mfa', record.mfa?.kind ?? '-'],
        ['created', record.createdAt],
        ['updated', record.updatedAt],
      ];
      ctx.print(labelled(Object.fromEntries(lines), ''));
    });

  profile
    .command('remove')
    .description(t('cli.profile.remove.description'))
    .argument('<name>', t('cli.arg.name'))
    .option('-y, --yes', t('cli.profile.remove.yes'))
    .action(async (name: string, options: { yes?: boolean }, command: Command) => {
      const ctx = context(command);
      const record = ctx.vault.get(name);
      const identity = hasConsoleIdentity(ctx.home, record);
      if (!options.yes && ctx.input.interactive) {
        if (identity) ctx.notice('console.identity.removeConfirm', { name });
        const answer = await ctx.input.visible(`${t('cli.profile.remove.confirm', { name })} `);
        if (!/^(y|yes|はい)$/i.test((answer ?? '').trim())) {
          ctx.notice('cli.profile.remove.cancelled');
          return;
        }
      }
      // Its browser identity goes with it; an open window of it stops the removal before anything is removed.
      if (identity && clearConsoleIdentity(ctx.home, record) === 'in-use') {
        throw new TobiraError('console.identity.removeInUse', ExitCode.error, { name });
      }
      await ctx.vault.remove(name);
      if (ctx.globals.json) ctx.printJson({ removed: name });
      else ctx.notice('cli.profile.removed', { name });
    });

  profile
    .command('import')
    .description(t('cli.profile.import.description'))
    .argument('<source>', importSources().join('|'))
    .option('--path <path>', t('cli.profile.import.path'))
    .option('--dry-run', t('cli.profile.import.dryRun'))
    .action(async (source: string, options: { path?: string; dryRun?: boolean }, command: Command) => {
      const ctx = context(command);
      const plan = await profileImporter(source).plan({
        env: ctx.io.env,
        ...(options.path !== undefined ? { path: options.path } : {}),
      });
      const existing = new Set(ctx.vault.list().map((record) => record.name));
      const imported: Array<{ name: string; type: string; origin: string }> = [];
      const skipped = plan.skipped.map((skip) => ({
        name: skip.name,
        origin: skip.origin,
        reason: ctx.t(skip.reason, skip.params),
      }));
      for (const candidate of plan.candidates) {
        if (existing.has(candidate.name)) {
          skipped.push({ name: candidate.name, origin: candidate.origin, reason: ctx.t('import.exists') });
          continue;
        }
        if (!options.dryRun) {
          await ctx.vault.add({
            name: candidate.name,
            type: candidate.type,
            fields: candidate.fields,
            secrets: candidate.secrets,
          });
        }
        imported.push({ name: candidate.name, type: candidate.type, origin: candidate.origin });
      }
      if (ctx.globals.json) return ctx.printJson({ dryRun: options.dryRun === true, imported, skipped });
      const verb = options.dryRun ? 'would import' : 'imported';
      ctx.print(
        columns([
          ['RESULT', 'NAME', 'TYPE', 'FROM / REASON'],
          ...imported.map((row) => [verb, row.name, row.type, row.origin]),
          ...skipped.map((row) => ['skipped', row.name, '-', `${row.origin}: ${row.reason}`]),
        ]),
      );
    });

  profile
    .command('rename')
    .description(t('cli.profile.rename.description'))
    .argument('<old>', t('cli.arg.name'))
    .argument('<new>', t('cli.arg.newName'))
    .action(async (from: string, to: string, _options: unknown, command: Command) => {
      const ctx = context(command);
      assertProfileName(to);
      const record = await ctx.vault.rename(from, to);
      if (ctx.globals.json) ctx.printJson(summary(record));
      else ctx.notice('cli.profile.renamed', { from, to });
    });
}

/** The flags given on the command line, refusing those that belong to other types (exit 2). */
function optionsForType(command: Command, spec: ProviderProfileSpec): Record<string, unknown> {
  const allowed = new Set(spec.addOptions.map((option) => option.key));
  const options: Record<string, unknown> = {};
  for (const option of command.options) {
    const key = option.attributeName();
    if (key === 'type' || command.getOptionValueSource(key) !== 'cli') continue;
    if (!allowed.has(key))
      throw new TobiraError('profile.badOption', ExitCode.usage, {
        option: option.long ?? key,
        type: spec.type,
      });
    options[key] = command.getOptionValue(key);
  }
  return options;
}

function assertProfileName(name: string): void {
  if (!ProfileName.safeParse(name).success)
    throw new TobiraError('profile.badName', ExitCode.usage, { name });
}

function describe(record: ProfileRecord): Record<string, string> {
  try {
    return providerSpec(record.type).describe(record.fields);
  } catch {
    return {}; // a type this version does not know: still listable and removable
  }
}

function table(profiles: ProfileRecord[]): string {
  const rows = profiles.map((record) => [
    record.name,
    record.type,
    record.mfa ? `mfa:${record.mfa.kind}` : '',
    Object.entries(describe(record))
      .map(([key, value]) => `${key}=${value}`)
      .join(' '),
  ]);
  return columns([['NAME', 'TYPE', 'MFA', 'DETAILS'], ...rows]);
}
