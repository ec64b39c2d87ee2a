import type { Command } from 'commander';
import { ExitCode, TobiraError } from '../../core';
import { otpOfProfile, TOTP_TYPE } from '../../core/providers';
import type { ContextFactory } from '../context';
import type { Translate } from '../context';

export function registerOtpCommand(program: Command, context: ContextFactory, t: Translate): void {
  program
    .command('otp')
    .description(t('cli.otp.description'))
    .argument('<name>', t('cli.arg.name'))
    .option('--at <unixSeconds>', t('cli.otp.at'))
    .action(async (name: string, options: { at?: string }, command: Command) => {
      const ctx = context(command);
      const at = options.at === undefined ? Math.floor(Date.now() / 1000) : parseUnixSeconds(options.at);
      const profile = ctx.vault.get(name);
      const code =
        profile.mfa?.kind === 'yubikey' && profile.type !== TOTP_TYPE
          ? await ctx.yubikeyCode(profile, at, true)
          : await otpOfProfile(ctx.vault, profile, at);
      if (ctx.globals.json) ctx.printJson({ profile: name, code, at: new Date(at * 1000).toISOString() });
      else ctx.print(code);
    });
}

function parseUnixSeconds(value: string): number {
  if (!/^\d{1,12}$/.test(value)) throw new TobiraError('cli.otp.badAt', ExitCode.usage, { value });
  return Number(value);
}
