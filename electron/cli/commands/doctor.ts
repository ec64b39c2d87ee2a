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
import type { CliContext, Translate } from '../context';
import type { ContextFactory } from '../program';
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
      const vault = ctx.vault;
      let report = await diagnoseVault(vault, ctx.io.env);
      const plan = fixPlan(report);
      if (!options.fix || !hasFixes(plan)) {
        if (options.fix && report.problems.length > 0) ctx.notice('doctor.fix.nothing');
        return finish(ctx, report);
      }
      if (!ctx.globals.json) ctx.print(renderReport(ctx, report));
      if (!options.yes) {
        if (!ctx.input.interactive)
          throw new TobiraError('doctor.fix.needsConfirmation', ExitCode.mfaUnavailable);
        const shared = report.problems.some((problem) => problem.kind === 'orphanSecret' && problem.shared);
        if (shared) ctx.notice('doctor.fix.sharedWarning');
        const answer = await ctx.input.visible(`${confirmation(ctx, plan)} `);
        if (!/^(y|yes|はい)$/i.test((answer ?? '').trim())) {
          ctx.notice('doctor.fix.cancelled');
          throw new QuietExit(ExitCode.error);
        }
      }
      const fixed = await fixVault(vault, report);
      ctx.notice('doctor.fix.done', { removed: fixed.removed.length, moved: fixed.moved.length });
      if (fixed.migrated) ctx.notice('doctor.fix.migrated', { ...fixed.migrated });
      report = await diagnoseVault(vault, ctx.io.env);
      if (ctx.globals.json) {
        ctx.printJson({ ...jsonReport(report), fixed });
        if (report.problems.length > 0) throw new QuietExit(ExitCode.error);
        return;
      }
      return finish(ctx, report, true);
    });
}

/** The [y/N] question: what --fix is about to do, one line per kind of change. */
function confirmation(ctx: CliContext, plan: FixPlan): string {
  const lines = [ctx.t('doctor.fix.plan')];
  if (plan.migrate) lines.push(`  - ${ctx.t('doctor.fix.plan.migrate', { ...plan.migrate })}`);
  if (plan.misplaced > 0) lines.push(`  - ${ctx.t('doctor.fix.plan.misplaced', { count: plan.misplaced })}`);
  if (plan.orphans > 0) lines.push(`  - ${ctx.t('doctor.fix.plan.orphans', { count: plan.orphans })}`);
  lines.push(ctx.t('doctor.fix.proceed'));
  return lines.join('\n');
}

/** Prints the report and exits 1 when it holds problems. */
function finish(ctx: CliContext, report: DoctorReport, afterFix = false): void {
  if (ctx.globals.json) ctx.printJson(jsonReport(report));
  else if (afterFix && report.problems.length > 0) ctx.print(renderProblems(ctx, report));
  else if (!afterFix) ctx.print(renderReport(ctx, report));
  else ctx.print(ctx.t('doctor.healthy'));
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
