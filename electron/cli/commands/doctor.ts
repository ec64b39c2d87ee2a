import type { Command } from 'commander';
import { ExitCode, TobiraError } from '../../core';
import {
  diagnoseVault,
  fixPlan,
  fixVault,
  hasFixes,
  type DoctorProblem,
  type DoctorReport,
  type FixPlan,
} from '../../core/vault';
import type { CliContext, ContextFactory, Translate } from '../context';
import { QuietExit } from '../report';

/**
 * `tobira doctor [--fix] [--yes]`: reports the vault's health on stdout (exit 0 healthy, 1 problems found);
 * `--fix`, after a confirmation, moves misplaced secrets into the vault's store, removes orphan secrets, and moves the
 * whole vault to the store TOBIRA_SECRET_STORE names when that differs from the recorded one.
 */
export function registerDoctorCommand(program: Command, context: ContextFactory, t: Translate): void {
  program
    .command('doctor')
    .description(t('cli.doctor.description'))
    .option('--fix', t('cli.doctor.fix'))
    .option('-y, --yes', t('cli.doctor.yes'))
    .addHelpText('after', `\n${t('cli.doctor.examples')}`)
    .action(async (options: { fix?: boolean; yes?: boolean }, command: Command) => {
      const ctx = context(command);
      const report = await diagnoseVault(ctx.vault, ctx.io.env);
      // Keychain secrets that may be another home's go only after a person's answer, never with --yes alone.
      const fixOptions = { includeShared: options.yes !== true };
      const plan = fixPlan(report, fixOptions);
      if (!options.fix || !hasFixes(plan)) {
        if (options.fix && report.problems.length > 0) ctx.notice('doctor.fix.nothing');
        show(ctx, report);
        return exitFor(report);
      }
      if (!ctx.globals.json) ctx.print(renderReport(ctx, report));
      await confirm(ctx, report, plan, options.yes === true);
      const fixed = await fixVault(ctx.vault, report, fixOptions);
      ctx.notice('doctor.fix.done', { removed: fixed.removed.length, moved: fixed.moved.length });
      if (fixed.migrated) ctx.notice('doctor.fix.migrated', { ...fixed.migrated });
      const after = await diagnoseVault(ctx.vault, ctx.io.env);
      if (ctx.globals.json) ctx.printJson({ ...jsonReport(after), fixed });
      else ctx.print(after.problems.length === 0 ? ctx.t('doctor.healthy') : renderProblems(ctx, after));
      exitFor(after);
    });
}

/** --yes, or a [y/N] on the terminal after the list of changes; no terminal and no --yes is exit 5. */
async function confirm(ctx: CliContext, report: DoctorReport, plan: FixPlan, yes: boolean): Promise<void> {
  if (yes) return;
  if (!ctx.input.interactive) throw new TobiraError('doctor.fix.needsConfirmation', ExitCode.mfaUnavailable);
  if (report.problems.some((problem) => problem.kind === 'orphanSecret' && problem.shared)) {
    ctx.notice('doctor.fix.sharedWarning');
  }
  ctx.notice('doctor.fix.plan');
  if (plan.migrate) ctx.io.stderr.write(`  - ${ctx.t('doctor.fix.plan.migrate', { ...plan.migrate })}\n`);
  if (plan.misplaced > 0) {
    ctx.io.stderr.write(`  - ${ctx.t('doctor.fix.plan.misplaced', { count: plan.misplaced })}\n`);
  }
  if (plan.orphans > 0)
    ctx.io.stderr.write(`  - ${ctx.t('doctor.fix.plan.orphans', { count: plan.orphans })}\n`);
  const answer = await ctx.input.visible(`${ctx.t('doctor.fix.proceed')} `);
  if (!/^(y|yes|はい)$/i.test((answer ?? '').trim())) {
    ctx.notice('doctor.fix.cancelled');
    throw new QuietExit(ExitCode.error);
  }
}

function show(ctx: CliContext, report: DoctorReport): void {
  if (ctx.globals.json) ctx.printJson(jsonReport(report));
  else ctx.print(renderReport(ctx, report));
}

/** Exit 1 when problems remain (documented: 0 healthy, 1 problems found). */
function exitFor(report: DoctorReport): void {
  if (report.problems.length > 0) throw new QuietExit(ExitCode.error);
}

function jsonReport(report: DoctorReport): Record<string, unknown> {
  return { ...report, healthy: report.problems.length === 0 };
}

function renderReport(ctx: CliContext, report: DoctorReport): string {
  const t = ctx.t.bind(ctx);
  const lines = [
    t('doctor.summary.home', { home: report.home }),
    t('doctor.summary.store', {
      store: report.store,
      recorded: report.recordedStore ?? t('doctor.summary.none'),
      requested: report.requestedStore,
    }),
    t(`doctor.keychain.${report.keychain}`),
    t(report.secretsFile ? 'doctor.file.present' : 'doctor.file.absent'),
    '',
    report.problems.length === 0 ? t('doctor.healthy') : renderProblems(ctx, report),
  ];
  return lines.join('\n');
}

function renderProblems(ctx: CliContext, report: DoctorReport): string {
  return [
    ctx.t('doctor.problems', { count: report.problems.length }),
    ...report.problems.map((problem) => `  - ${describeProblem(ctx, problem)}`),
  ].join('\n');
}

function describeProblem(ctx: CliContext, problem: DoctorProblem): string {
  switch (problem.kind) {
    case 'storeMismatch':
      return ctx.t('doctor.problem.storeMismatch', { ...problem });
    case 'storeUnavailable':
      return ctx.t(`doctor.problem.keychain.${problem.state}`);
    case 'missingSecret':
      return ctx.t('doctor.problem.missingSecret', { ...problem });
    case 'misplacedSecret':
      return ctx.t('doctor.problem.misplacedSecret', { ...problem });
    case 'orphanSecret':
      return ctx.t(problem.shared ? 'doctor.problem.orphanShared' : 'doctor.problem.orphan', {
        store: problem.store,
        secretId: problem.secretId,
      });
  }
}
