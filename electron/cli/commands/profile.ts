import { Option, type Command } from 'commander';
import { ExitCode, TobiraError } from '../../core';
import {
  allAddOptions,
  importSources,
  profileImporter,
  providerSpec,
  type ProviderProfileSpec,
} from '../../core/providers';
import {
  addBuiltProfile,
  allDependents,
  clearConsoleIdentity,
  editProfile,
  hasConsoleIdentity,
  learnKeyAge,
  removeProfile,
  renameProfile,
} from '../../core/usecases';
import { ProfileName, profileSummary as summary, type ProfileRecord } from '../../core/vault';
import type { CliContext, ContextFactory } from '../context';
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
    const record = await addBuiltProfile(ctx.vault, name, spec.type, built);
    if (ctx.globals.json) ctx.printJson(summary(record));
    else ctx.notice('cli.profile.added', { name, type: spec.type });
  });

  const edit = profile
    .command('edit')
    .description(t('cli.profile.edit.description'))
    .argument('<name>', t('cli.arg.name'))
    .option('--secret', t('cli.profile.edit.secret'))
    .addHelpText('after', `\n${t('cli.profile.edit.examples')}`);
  for (const option of allAddOptions()) {
    edit.addOption(new Option(option.flags, t(option.description)));
    // A switch (--sandbox) can be turned off again on edit.
    if (!option.flags.includes('<')) {
      edit.addOption(
        new Option(option.flags.replace(/^--/, '--no-'), t('cli.profile.edit.off', { flag: option.flags })),
      );
    }
  }
  edit.action(async (name: string, _options: unknown, command: Command) => {
    const ctx = context(command);
    const record = ctx.vault.get(name);
    const spec = providerSpec(record.type);
    const options = optionsForType(command, spec, ['secret']);
    const askSecret = command.getOptionValue('secret') === true;
    if (askSecret && !spec.secretInput) {
      throw new TobiraError('profile.edit.noSecret', ExitCode.usage, { type: spec.type });
    }
    const secret = spec.secretInput ? await editSecret(ctx, t(spec.secretInput.label), askSecret) : undefined;
    if (Object.keys(options).length === 0 && secret === undefined) {
      throw new TobiraError('profile.edit.unchanged', ExitCode.usage, { name });
    }
    const result = await editProfile(ctx.vault, name, {
      options,
      replace: false,
      ...(secret !== undefined ? { secret } : {}),
    });
    if (ctx.globals.json) ctx.printJson(summary(result.profile));
    else ctx.notice(result.secretReplaced ? 'cli.profile.edited.secret' : 'cli.profile.edited', { name });
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
    .action(async (name: string, _options: unknown, command: Command) => {
      const ctx = context(command);
      let record = ctx.vault.get(name);
      // An access key added by hand: its age asked of IAM once (never with a prompt), then stored.
      const age = await learnKeyAge({ vault: ctx.vault, env: ctx.io.env }, record);
      if (age === 'learnt') record = ctx.vault.get(name);
      if (age === 'mfaSession') ctx.notice('aws.keyAge.needsMfaSession', { name });
      // details: what the human view lists (e.g. an IAM user's accessKeyAge); never a secret.
      if (ctx.globals.json) return ctx.printJson({ ...summary(record), details: describe(record) });
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
    .option('--with-dependents', t('cli.profile.remove.withDependents'))
    .action(async (name: string, options: { yes?: boolean; withDependents?: boolean }, command: Command) => {
      const ctx = context(command);
      const record = ctx.vault.get(name);
      const dependents = allDependents(name, ctx.vault.list());
      let withDependents = options.withDependents === true;
      const identity = hasConsoleIdentity(ctx.home, record);
      if (!options.yes && ctx.input.interactive) {
        if (identity) ctx.notice('console.identity.removeConfirm', { name });
        // On a terminal the question names the dependents, and a yes removes them too.
        const question =
          dependents.length > 0 && !withDependents
            ? t('profile.remove.confirmBoth', { name, dependents: dependents.join(', ') })
            : t('cli.profile.remove.confirm', { name });
        const answer = await ctx.input.visible(`${question} `);
        if (!/^(y|yes|はい)$/i.test((answer ?? '').trim())) {
          ctx.notice('cli.profile.remove.cancelled');
          return;
        }
        withDependents = true;
      }
      // Its browser identity goes with it; an open window of it stops the removal before anything is removed. (With
      // dependents and no --with-dependents, removeProfile refuses first and the identity stays.)
      const removing = dependents.length === 0 || withDependents;
      if (removing && identity && clearConsoleIdentity(ctx.home, record) === 'in-use') {
        throw new TobiraError('console.identity.removeInUse', ExitCode.error, { name });
      }
      const removed = await removeProfile(ctx.vault, name, withDependents);
      for (const gone of removed.slice(1)) clearConsoleIdentity(ctx.home, gone);
      const names = removed.map((gone) => gone.name);
      if (ctx.globals.json)
        ctx.printJson({ removed: name, ...(names.length > 1 ? { dependents: names.slice(1) } : {}) });
      else for (const gone of names) ctx.notice('cli.profile.removed', { name: gone });
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
        existing: new Map(ctx.vault.list().map((record) => [record.name, record.type])),
        ...(options.path !== undefined ? { path: options.path } : {}),
      });
      const skipped = plan.skipped.map((skip) => ({
        name: skip.name,
        origin: skip.origin,
        reason: ctx.t(skip.reason, skip.params),
      }));
      // One transaction for the whole import (Vault.addMany); a dry run asks the same question of the current file.
      const taken = new Set(ctx.vault.list().map((record) => record.name));
      const fresh = options.dryRun
        ? new Set(plan.candidates.map((candidate) => candidate.name).filter((name) => !taken.has(name)))
        : new Set((await ctx.vault.addMany(plan.candidates)).added.map((record) => record.name));
      const imported: Array<{ name: string; type: string; origin: string }> = [];
      for (const candidate of plan.candidates) {
        // The first candidate of a name is the one added; a later one of the same name is skipped.
        if (fresh.delete(candidate.name)) {
          imported.push({ name: candidate.name, type: candidate.type, origin: candidate.origin });
        } else {
          skipped.push({ name: candidate.name, origin: candidate.origin, reason: ctx.t('import.exists') });
        }
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
      const { profile: record, relinked } = await renameProfile(ctx.vault, from, to);
      if (ctx.globals.json)
        ctx.printJson({ ...summary(record), ...(relinked.length > 0 ? { relinked } : {}) });
      else {
        ctx.notice('cli.profile.renamed', { from, to });
        if (relinked.length > 0)
          ctx.notice('cli.profile.edited.links', { name: to, dependents: relinked.join(', ') });
      }
    });
}

/** The flags given on the command line, refusing those that belong to other types (exit 2). */
function optionsForType(
  command: Command,
  spec: ProviderProfileSpec,
  ownOptions: readonly string[] = ['type'],
): Record<string, unknown> {
  const allowed = new Set(spec.addOptions.map((option) => option.key));
  const options: Record<string, unknown> = {};
  for (const option of command.options) {
    const key = option.attributeName();
    if (ownOptions.includes(key) || command.getOptionValueSource(key) !== 'cli') continue;
    if (!allowed.has(key))
      throw new TobiraError('profile.badOption', ExitCode.usage, {
        option: option.long ?? key,
        type: spec.type,
      });
    options[key] = command.getOptionValue(key);
  }
  return options;
}

/**
 * The new secret of an edit, or undefined to keep the stored one. A non-TTY stdin that carries a line replaces it
 * (an empty stdin keeps it, unless --secret asked for a new one); on a terminal only --secret asks, in a hidden prompt.
 */
async function editSecret(ctx: CliContext, label: string, asked: boolean): Promise<string | undefined> {
  if (asked) return readRequiredSecret(ctx, label);
  if (ctx.input.interactive) return undefined;
  const secret = await ctx.input.secret(ctx.t('input.secret.prompt', { label }));
  return secret.length > 0 ? secret : undefined;
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
