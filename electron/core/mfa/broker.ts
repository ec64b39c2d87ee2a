import { ExitCode, TobiraError } from '../errors';
import type { Env } from '../home';
import type { ProfileRecord } from '../vault/schema';
import type { Vault } from '../vault/vault';
import { base32Encode } from './base32';
import { isValidCode, runCodeCommand } from './command';
import { totpCode, totpStep } from './totp';
import type { UsedSteps } from './used-steps';

export type CodeSource = 'flag' | 'totp' | 'yubikey' | 'command' | 'prompt';

export interface MfaRequest {
  profile: ProfileRecord;
  /** Provider label shown in prompts, e.g. "SORACOM". */
  provider: string;
  /** --mfa-code, when given. */
  explicitCode?: string;
  /**
   * The provider's name for the MFA device (e.g. AWS's --mfa-serial ARN), so profiles that name the same device
   * share one step counter even when their stored secrets were entered separately.
   */
  device?: string | undefined;
}

export interface PromptRequest {
  profileName: string;
  provider: string;
}

/** Asks a person for a code: the desktop app over the agent, or the terminal. `undefined` = cannot ask here. */
export type CodePrompt = (request: PromptRequest) => Promise<string | undefined>;

export interface MfaBrokerDeps {
  vault: Vault;
  usedSteps: UsedSteps;
  /** Prompts in order of preference (docs/architecture.md §6: the app's prompt, then a TTY prompt). */
  prompts: readonly CodePrompt[];
  interactive: boolean;
  /** The environment a code command starts from (scrubbed of Tobira's variables); default process.env. */
  env?: Env;
  nowSeconds?: () => number;
  sleep?: (ms: number) => Promise<void>;
  /**
   * The code of a YubiKey credential at `atSeconds` (docs/protocols/yubikey.md): the shell supplies it, as it knows how
   * to ask for the OATH password and tell the person to touch the key. Without it a YubiKey profile cannot get a code.
   */
  yubikey?: (profile: ProfileRecord, atSeconds: number) => Promise<string>;
  /** Tells the user why we pause (waiting for the next TOTP step). */
  onWait?: (wait: TotpWait) => void;
  /** Tells the user the clock moved back since the device's last code, and that Tobira recovered. */
  onClockBack?: (notice: { name: string; seconds: number }) => void;
}

export interface TotpWait {
  /** The profile whose code is waited for. */
  name: string;
  /** Seconds until the next step whose code was not sent yet. */
  seconds: number;
}

export interface MfaCode {
  code: string;
  source: CodeSource;
}

/**
 * The one place that decides how an MFA code is obtained (docs/architecture.md §6): --mfa-code, a stored TOTP secret, a
 * configured command, a prompt; otherwise exit 5 with how to fix it. A stored secret's code is never sent twice:
 * when this step's code was already spent, it waits for the next step.
 */
export class MfaBroker {
  private readonly now: () => number;
  private readonly sleep: (ms: number) => Promise<void>;

  constructor(private readonly deps: MfaBrokerDeps) {
    this.now = deps.nowSeconds ?? (() => Math.floor(Date.now() / 1000));
    this.sleep = deps.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
  }

  async code(request: MfaRequest): Promise<MfaCode> {
    const { profile } = request;
    if (request.explicitCode !== undefined) {
      if (!isValidCode(request.explicitCode)) throw new TobiraError('mfa.code.format', ExitCode.usage);
      return { code: request.explicitCode, source: 'flag' };
    }
    if (profile.mfa?.kind === 'totp') {
      return { code: await this.freshTotp(profile, request.device), source: 'totp' };
    }
    if (profile.mfa?.kind === 'yubikey') {
      return { code: await this.freshYubikey(profile), source: 'yubikey' };
    }
    if (profile.mfa?.kind === 'command') {
      return {
        code: await runCodeCommand(profile.mfa.argv, this.deps.interactive, this.deps.env),
        source: 'command',
      };
    }
    for (const prompt of this.deps.prompts) {
      const code = await prompt({ profileName: profile.name, provider: request.provider });
      if (code === undefined) continue;
      const trimmed = code.trim();
      if (!isValidCode(trimmed)) throw new TobiraError('mfa.code.format', ExitCode.usage);
      return { code: trimmed, source: 'prompt' };
    }
    throw new TobiraError('mfa.unavailable', ExitCode.mfaUnavailable, { name: profile.name });
  }

  /**
   * A code from the YubiKey, in the place of a stored secret: the secret is on the key, the step bookkeeping is here,
   * so a code is never sent twice either. The device is named by its credential id (the key never shows its secret).
   */
  private async freshYubikey(profile: ProfileRecord): Promise<string> {
    if (profile.mfa?.kind !== 'yubikey') throw new Error('freshYubikey needs a YubiKey MFA profile');
    const source = this.deps.yubikey;
    if (source === undefined)
      throw new TobiraError('mfa.unavailable', ExitCode.mfaUnavailable, { name: profile.name });
    const name = `yubikey:${profile.mfa.credential}`;
    const device = { profileId: profile.id, secret: base32Encode(Buffer.from(name, 'utf8')), serial: name };
    const period = yubikeyPeriod(profile.mfa.credential);
    for (let attempt = 0; attempt < 3; attempt += 1) {
      const now = this.now();
      const step = Math.floor(now / period);
      const claim = await this.deps.usedSteps.claim(device, step);
      if (claim.claimed) return source(profile, now);
      const wait = (claim.last + 1) * period - now;
      this.deps.onWait?.({ name: profile.name, seconds: wait });
      await this.sleep(wait * 1000 + 50);
    }
    throw new TobiraError('mfa.totp.stepsExhausted', ExitCode.error, { name: profile.name });
  }

  /**
   * The current code of the profile's stored secret, waiting for the next step if this one's code was spent (by any
   * profile using the same device). A record ahead of the clock by more than a step means the clock moved back:
   * the broker says so and goes on with the current step instead of waiting for the old future one.
   */
  private async freshTotp(profile: ProfileRecord, serial: string | undefined): Promise<string> {
    if (profile.mfa?.kind !== 'totp') throw new Error('freshTotp needs a TOTP MFA profile');
    const secret = await this.deps.vault.readMfaSecret(profile);
    const params = profile.mfa.params;
    const device = { profileId: profile.id, secret, serial };
    for (let attempt = 0; attempt < 3; attempt += 1) {
      const now = this.now();
      const step = totpStep(params, now);
      const claim = await this.deps.usedSteps.claim(device, step);
      if (claim.claimed) {
        if (claim.movedBack > 0) {
          this.deps.onClockBack?.({ name: profile.name, seconds: claim.movedBack * params.period });
        }
        return totpCode(secret, params, now);
      }
      const wait = (claim.last + 1) * params.period - now;
      this.deps.onWait?.({ name: profile.name, seconds: wait });
      await this.sleep(wait * 1000 + 50);
    }
    throw new TobiraError('mfa.totp.stepsExhausted', ExitCode.error, { name: profile.name });
  }
}

/** A YubiKey TOTP credential id carries its period as "60/Issuer:name"; 30 s without one (yubikit's id format). */
function yubikeyPeriod(credential: string): number {
  const match = /^(\d+)\//.exec(credential);
  return match ? Number(match[1]) : 30;
}
