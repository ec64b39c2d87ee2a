import type { Command } from 'commander';
import { rotateKey } from '../../core/usecases';
import type { ContextFactory, Translate } from '../context';

export function registerRotateCommand(program: Command, context: ContextFactory, t: Translate): void {
  program
    .command('rotate')
    .description(t('cli.rotate.description'))
    .argument('<name>', t('cli.arg.name'))
    .option('--mfa-code <code>', t('cli.login.mfaCode'))
    .addHelpText('after', `\n${t('cli.rotate.help')}`)
    .action(async (name: string, options: { mfaCode?: string }, command: Command) => {
      const ctx = context(command);
      const result = await rotateKey(
        ctx.sessions(),
        name,
        options.mfaCode !== undefined ? { mfaCode: options.mfaCode } : {},
      );
      // The new secret is never printed: it went straight from IAM's answer into the secret store.
      if (ctx.globals.json) {
        return ctx.printJson({
          profile: result.profile,
          accessKeyId: result.accessKeyId,
          created: result.created,
          deletedAccessKeyId: result.deletedAccessKeyId,
          droppedSessions: result.droppedSessions,
        });
      }
      ctx.notice('cli.rotate.done', {
        name,
        new: result.accessKeyId,
        created: result.created,
        old: result.deletedAccessKeyId,
        sessions: result.droppedSessions.join(', '),
      });
    });
}
