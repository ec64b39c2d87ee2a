import type { Command } from 'commander';
import { translate } from '../../../shared/i18n';
import { simStatus } from '../../core/sim';
import type { ContextFactory } from '../context';
import type { Translate } from '../context';
import { columns } from '../format';

export function registerSimCommands(program: Command, context: ContextFactory, t: Translate): void {
  const sim = program.command('sim').description(t('sim.cli.description'));
  sim
    .command('status')
    .description(t('sim.cli.status.description'))
    .action(async (_options: unknown, command: Command) => {
      const ctx = context(command);
      const entries = await simStatus();
      const lang = ctx.globals.lang;
      if (ctx.globals.json) {
        return ctx.printJson({
          readers: entries.map((entry) => ({
            name: entry.name,
            cardPresent: entry.cardPresent,
            ...(entry.atr ? { atr: entry.atr } : {}),
            ...(entry.imsi ? { imsi: entry.imsi } : {}),
            ...(entry.error
              ? {
                  error: {
                    key: entry.error.key,
                    message: translate(lang, entry.error.key, entry.error.params),
                  },
                }
              : {}),
          })),
        });
      }
      if (entries.length === 0) return ctx.notice('sim.reader.none');
      const rows = entries.map((entry) => [
        entry.name,
        entry.cardPresent ? t('sim.cli.status.present') : t('sim.cli.status.empty'),
        entry.imsi ?? (entry.error ? translate(lang, entry.error.key, entry.error.params) : '-'),
      ]);
      ctx.print(columns([[t('sim.cli.status.reader'), t('sim.cli.status.card'), 'IMSI'], ...rows]));
    });
}
