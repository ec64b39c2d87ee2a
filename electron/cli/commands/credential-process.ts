import type { Command } from 'commander';
import { ExitCode, TobiraError } from '../../core';
import { requireCredentials } from '../../core/usecases';
import type { Translate } from '../context';
import type { ContextFactory } from '../context';

const FORMAT = 'credential-process';

/**
 * `tobira credential-process NAME`: AWS's credential_process JSON on stdout, for `credential_process = …` in
 * ~/.aws/config. Never reads stdin (it belongs to the AWS tool that runs us); MFA comes from a stored secret or
 * command, else exit 5 with how to fix it.
 */
export function registerCredentialProcessCommand(
  program: Command,
  context: ContextFactory,
  t: Translate,
): void {
  program
    .command(FORMAT)
    .description(t('cli.credentialProcess.description'))
    .argument('<name>', t('cli.arg.name'))
    .action(async (name: string, _options: unknown, command: Command) => {
      const ctx = context(command);
      const profile = ctx.vault.get(name);
      const manager = ctx.sessions({ readsStdin: false });
      requireCredentials(manager.sessionsOf(profile), profile);
      const producer = manager.sessionsOf(profile).formats?.[FORMAT];
      if (!producer)
        throw new TobiraError('cli.export.badFormat', ExitCode.usage, { format: FORMAT, type: profile.type });
      ctx.print(await producer(manager.services, profile));
    });
}
