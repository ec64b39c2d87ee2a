import { readFileSync } from 'node:fs';
import { Option, type Command } from 'commander';
import { ExitCode, TobiraError } from '../../core';
import { runMfaSetup, type SetupChange } from '../../core/providers';
import type { Translate } from '../context';
import type { ContextFactory } from '../context';

interface MfaSetupOptions {
  tenant: string;
  smsSender: 'no_action' | 'http_request';
  senderUrl?: string;
  retryLimit?: string;
  expireSeconds?: string;
  dryRun?: boolean;
  verifyWith?: string;
  policyFile?: string;
}

function whole(value: string | undefined, option: string, fallback: number): number {
  if (value === undefined) return fallback;
  if (!/^\d{1,9}$/.test(value)) throw new TobiraError('idp.setup.badNumber', ExitCode.usage, { option });
  return Number(value);
}

function readPolicy(path: string): unknown {
  try {
    return JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new TobiraError('idp.setup.policyFile', ExitCode.usage, {
      path,
      detail: error instanceof Error ? error.message : String(error),
    });
  }
}

export function registerIdpServerCommands(program: Command, context: ContextFactory, t: Translate): void {
  const group = program.command('idp-server').description(t('cli.idp.description'));
  group
    .command('mfa-setup')
    .description(t('cli.idp.mfaSetup.description'))
    .argument('<admin>', t('cli.idp.arg.admin'))
    .requiredOption('--tenant <id>', t('cli.idp.opt.tenant'))
    .addOption(
      new Option('--sms-sender <type>', t('cli.idp.opt.sender'))
        .choices(['no_action', 'http_request'])
        .default('no_action'),
    )
    .option('--sender-url <url>', t('cli.idp.opt.senderUrl'))
    .option('--retry-limit <n>', t('cli.idp.opt.retryLimit'))
    .option('--expire-seconds <s>', t('cli.idp.opt.expireSeconds'))
    .option('--dry-run', t('cli.idp.opt.dryRun'))
    .option('--verify-with <profile>', t('cli.idp.opt.verifyWith'))
    .option('--policy-file <path>', t('cli.idp.opt.policyFile'))
    .action(async (admin: string, options: MfaSetupOptions, command: Command) => {
      const ctx = context(command);
      const policy = options.policyFile !== undefined ? readPolicy(options.policyFile) : undefined;
      const manager = ctx.sessions();
      const show = (change: SetupChange) => {
        if (ctx.globals.json) return;
        ctx.notice(`idp.setup.change.${change.action}`, { collection: change.collection, id: change.id });
        if (change.diff.length > 0) ctx.print(change.diff.join('\n'));
      };
      const report = await runMfaSetup(
        manager.services,
        {
          admin,
          tenant: options.tenant,
          sms: {
            senderType: options.smsSender,
            ...(options.senderUrl !== undefined ? { senderUrl: options.senderUrl } : {}),
            retryLimit: whole(options.retryLimit, '--retry-limit', 5),
            expireSeconds: whole(options.expireSeconds, '--expire-seconds', 300),
          },
          dryRun: options.dryRun === true,
          ...(policy !== undefined ? { policy } : {}),
          ...(options.verifyWith !== undefined ? { verifyWith: options.verifyWith } : {}),
        },
        show,
      );
      const changed = report.changes.filter((change) => change.action !== 'unchanged').length;
      if (ctx.globals.json) ctx.printJson(report);
      else if (report.dryRun) ctx.notice('idp.setup.dryRun', { count: changed });
      else
        ctx.notice(changed > 0 ? 'idp.setup.applied' : 'idp.setup.nothing', {
          tenant: report.tenant,
          count: changed,
        });
      if (report.verification) {
        const { profile: name, passwordAlone, failure } = report.verification;
        if (passwordAlone === 'allowed') throw new TobiraError('idp.verify.failed', ExitCode.error, { name });
        if (failure) {
          const detail = ctx.t(failure.key, failure.params);
          if (failure.key === 'idp.otp.senderDown')
            throw new TobiraError('idp.verify.senderDown', ExitCode.error, {
              name,
              tenant: report.tenant,
              detail,
            });
          // No way to get the code here is "answer needed" (5), as for a login; anything else is a failed setup.
          const code =
            failure.exitCode === ExitCode.mfaUnavailable ? ExitCode.mfaUnavailable : ExitCode.error;
          throw new TobiraError(
            code === ExitCode.mfaUnavailable ? 'idp.verify.noCode' : 'idp.verify.codeFailed',
            code,
            { name, tenant: report.tenant, detail },
          );
        }
        if (!ctx.globals.json)
          ctx.notice('idp.verify.passed', {
            name,
            methods: (report.verification.methods ?? []).join(', ') || '?',
          });
      }
    });
}
