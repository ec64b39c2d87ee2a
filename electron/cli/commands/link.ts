import type { Command } from 'commander';
import { defaultHome, ExitCode, TobiraError } from '../../core';
import { providerLinker, type LinkContext } from '../../core/providers';
import type { CliContext, Translate } from '../context';
import type { ContextFactory } from '../context';

export function registerLinkCommands(program: Command, context: ContextFactory, t: Translate): void {
  for (const verb of ['link', 'unlink'] as const) {
    program
      .command(verb)
      .description(t(verb === 'link' ? 'cli.link.description' : 'cli.unlink.description'))
      .argument('<name>', t('cli.arg.name'))
      .action(async (name: string, _options: unknown, command: Command) => {
        const ctx = context(command);
        const profile = ctx.vault.get(name);
        const linker = providerLinker(profile.type);
        if (!linker)
          throw new TobiraError('cli.link.unsupported', ExitCode.usage, { name, type: profile.type });
        const result = await linker[verb](linkContext(ctx), profile);
        for (const notice of result.notices ?? []) ctx.notice(notice.key, notice.params);
        if (ctx.globals.json)
          return ctx.printJson({ profile: name, path: result.path, changed: result.changed });
        const key = verb === 'link' ? 'cli.link' : 'cli.unlink';
        ctx.notice(`${key}.${result.changed ? 'changed' : 'unchanged'}`, { name, path: result.path });
      });
  }
}

/** The command written into other tools' configs: works from any directory and finds this vault. */
function linkContext(ctx: CliContext): LinkContext {
  const custom = ctx.home !== defaultHome(ctx.io.env);
  return {
    env: ctx.io.env,
    tobiraCommand: [ctx.io.selfPath, ...(custom ? ['--home', ctx.home] : [])],
    profileOf: (name) => ctx.vault.list().find((candidate) => candidate.name === name),
  };
}
