import { Argument, type Command } from 'commander';
import { completionScript, SHELLS, type Shell } from '../completion/scripts';
import type { ContextFactory, Translate } from '../context';

export function registerCompletionCommand(program: Command, context: ContextFactory, t: Translate): void {
  program
    .command('completion')
    .description(t('cli.completion.description'))
    .addArgument(new Argument('<shell>', t('cli.completion.shell')).choices(SHELLS))
    .addHelpText('after', `\n${t('cli.completion.install')}`)
    .action((shell: Shell, _options: unknown, command: Command) => {
      context(command).print(completionScript(shell));
    });
}
