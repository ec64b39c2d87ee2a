import type { Command } from 'commander';
import { ensureHome, ExitCode, openBrowser, resolveHome, TobiraError } from '../core';
import { MfaBroker, UsedSteps, type CodePrompt } from '../core/mfa';
import { providerSpec, SessionManager, type AskRequest } from '../core/providers';
import { SECRETS_FILE_NAME, Vault, type ProfileRecord } from '../core/vault';
import { translate, type Lang, type MessageKey, type MessageParams } from '../../shared/i18n';
import { InputReader, type CliIo } from './io';

export interface SessionOptions {
  readsStdin?: boolean;
  waitReason?: 'mfa.totp.waiting' | 'mfa.totp.waitingProfileCommand';
}

export type Translate = (key: MessageKey, params?: MessageParams) => string;

/** Makes the context of one command run from its parsed flags; the program root creates it, commands receive it. */
export type ContextFactory = (command: Command) => CliContext;

export interface GlobalOptions {
  json: boolean;
  home: string | undefined;
  lang: Lang;
}

/** What every command gets: parsed global flags, output helpers in the chosen language, and lazily opened core. */
export class CliContext {
  readonly input: InputReader;
  private vaultInstance: Vault | undefined;

  constructor(
    readonly io: CliIo,
    readonly globals: GlobalOptions,
  ) {
    this.input = new InputReader(io);
  }

  get home(): string {
    return resolveHome(this.globals.home, this.io.env);
  }

  get vault(): Vault {
    this.vaultInstance ??= new Vault({
      home: this.home,
      env: this.io.env,
      passphrase: (request) => this.passphrase(request.creating),
      onStoreChosen: (kind) => this.notice(`vault.store.chosen.${kind}`),
      // A running `tobira agent` serves cache hits of the file store: no passphrase for them.
      cacheFromAgent: async (id) => {
        const { cacheGetViaAgent } = await import('../core/agent');
        return cacheGetViaAgent(this.home, id);
      },
    });
    return this.vaultInstance;
  }

  /**
   * `readsStdin: false` for commands whose stdin belongs to someone else (soracom-cli's profileCommand);
   * `waitReason` explains a wait for the next TOTP step in that caller's terms.
   */
  mfaBroker(options: SessionOptions = {}): MfaBroker {
    const ttyPrompt: CodePrompt = async ({ profileName, provider }) =>
      this.input.visible(`${this.t('mfa.prompt.label', { name: profileName, provider })}: `);
    // The running app's prompt first (docs/architecture.md §6); it never touches stdin, so it also serves readsStdin: false.
    const appPrompt: CodePrompt = ({ profileName, provider }) =>
      this.askApp('code', profileName, provider, 'mfa.prompt.label', { name: profileName, provider });
    return new MfaBroker({
      vault: this.vault,
      usedSteps: new UsedSteps(this.home),
      prompts: options.readsStdin === false ? [appPrompt] : [appPrompt, ttyPrompt],
      interactive: options.readsStdin === false ? false : this.input.interactive,
      env: this.io.env,
      onWait: ({ name, seconds }) => {
        const key = options.waitReason ?? 'mfa.totp.waiting';
        this.notice(key, { name, seconds });
        // soracom-cli keeps a profileCommand's stderr to itself: the running app shows why the command waits.
        if (key === 'mfa.totp.waitingProfileCommand')
          void this.tellApp(name, key, { name, seconds }).catch(() => undefined);
      },
      onClockBack: ({ name, seconds }) => this.notice('mfa.totp.clockBack', { name, seconds }),
      yubikey: (profile, atSeconds) => this.yubikeyCode(profile, atSeconds, options.readsStdin !== false),
    });
  }

  /**
   * The code of a YubiKey MFA profile (`otp`, the MFA broker): the remembered access key, else the OATH password
   * asked like the SIM PIN; "touch your YubiKey within N s" on stderr before a touch-required credential.
   */
  async yubikeyCode(profile: ProfileRecord, atSeconds: number, mayReadStdin: boolean): Promise<string> {
    if (profile.mfa?.kind !== 'yubikey')
      throw new TobiraError('mfa.noSecretForOtp', ExitCode.error, { name: profile.name });
    const { abandonable, touchTimeoutMs, yubikeyCode, yubikeyErrors } = await import('../core/yubikey');
    const remembered = await this.vault.readYubikeyAccessKey(profile);
    const { credential, reader } = profile.mfa;
    const waitMs = touchTimeoutMs(this.io.env);
    let timer: NodeJS.Timeout | undefined;
    try {
      const result = await abandonable((abandon) =>
        yubikeyCode({
          credential,
          atSeconds,
          ...(reader ? { reader } : {}),
          ...this.yubikeyUnlock(profile.name, mayReadStdin, remembered),
          onTouch: (where) => {
            this.notice('yubikey.touch.prompt', { reader: where, credential, seconds: waitMs / 1000 });
            timer = setTimeout(() => abandon(yubikeyErrors.touchTimeout(where, credential)), waitMs);
          },
        }),
      );
      return result.code;
    } finally {
      clearTimeout(timer);
    }
  }

  /** How a password-protected YubiKey is opened: a remembered derived key, else the password asked like the SIM PIN. */
  yubikeyUnlock(
    subject: string,
    mayReadStdin: boolean,
    accessKeyHex?: string,
  ): { accessKey?: () => Promise<Buffer | undefined>; password: (reader: string) => Promise<string> } {
    return {
      ...(accessKeyHex ? { accessKey: async () => Buffer.from(accessKeyHex, 'hex') } : {}),
      password: (reader) => this.oathPassword(subject, reader, mayReadStdin),
    };
  }

  /** The OATH password: the app's prompt, a hidden TTY prompt, or one line of a non-TTY stdin; never argv. */
  private async oathPassword(subject: string, reader: string, mayReadStdin: boolean): Promise<string> {
    const fromApp = await this.askApp('secret', subject, 'YubiKey', 'yubikey.password.label', { reader });
    if (fromApp !== undefined && fromApp.length > 0) return fromApp;
    if (!mayReadStdin) throw new TobiraError('yubikey.password.needed', ExitCode.mfaUnavailable, { reader });
    const value = await this.input.secret(`${this.t('yubikey.password.label', { reader })}: `);
    if (value.length === 0)
      throw new TobiraError('yubikey.password.needed', ExitCode.mfaUnavailable, { reader });
    return value;
  }

  sessions(options: SessionOptions = {}): SessionManager {
    return new SessionManager({
      vault: this.vault,
      mfa: this.mfaBroker(options),
      env: this.io.env,
      lang: this.globals.lang,
      notice: (key, params) => this.notice(key, params),
      askSecret: (request) => this.askSecret(request, options.readsStdin !== false),
      askLine: async (request) =>
        options.readsStdin === false ? undefined : this.input.visible(`${this.askLabel(request)}: `),
      openBrowser: async (url) => {
        await openBrowser(url, this.io.env, this.home);
      },
      fromAgent: (profile, request) => this.sessionFromAgent(profile, request, options),
    });
  }

  /**
   * With the file store, a running `tobira agent` gives the session (its cache hit, or a login it can run without
   * asking anyone), so that no passphrase is needed here; undefined (no agent, the keychain store, or the agent could
   * not) and this process does it as before.
   */
  private async sessionFromAgent(
    profile: { name: string; type: string },
    request: { mfaCode?: string },
    options: SessionOptions,
  ): Promise<{ session: string; fromCache: boolean } | undefined> {
    if ((await this.vault.secretStore()).kind !== 'file') return undefined;
    // The agent cannot reach the person for a YubiKey's password or touch: this process asks the key itself.
    if (this.vault.get(profile.name).mfa?.kind === 'yubikey') return undefined;
    const { sessionViaAgent } = await import('../core/agent');
    const onNotice = (notice: MessageKey) => this.notice(notice);
    const served = await sessionViaAgent(this.home, profile.name, request, { onNotice });
    if (served !== 'mfa-needed') return served;
    // The agent's login needs a typed code: asked here (the app's prompt, else this terminal), then the agent again.
    const provider = providerSpec(profile.type).label;
    const code = await this.askMfaCode(profile.name, provider, options);
    if (code === undefined) return undefined;
    const again = await sessionViaAgent(this.home, profile.name, { mfaCode: code.trim() }, { onNotice });
    return again === 'mfa-needed' ? undefined : again;
  }

  /** An MFA code from the app's prompt, else the terminal (unless stdin belongs to someone else). */
  private async askMfaCode(
    name: string,
    provider: string,
    options: SessionOptions,
  ): Promise<string | undefined> {
    const fromApp = await this.askApp('code', name, provider, 'mfa.prompt.label', { name, provider });
    if (fromApp !== undefined && fromApp.length > 0) return fromApp;
    if (options.readsStdin === false) return undefined;
    return this.input.visible(`${this.t('mfa.prompt.label', { name, provider })}: `);
  }

  private askLabel(request: AskRequest): string {
    return this.t(request.label, {
      name: request.profile.name,
      provider: request.provider,
      ...request.params,
    });
  }

  /** A one-time secret (SIM PIN): hidden TTY prompt, or one line of a non-TTY stdin; never from argv. */
  private async askSecret(request: AskRequest, mayReadStdin: boolean): Promise<string> {
    const fromApp = await this.askApp('secret', request.profile.name, request.provider, request.label, {
      name: request.profile.name,
      provider: request.provider,
      ...request.params,
    });
    if (fromApp !== undefined && fromApp.length > 0) return fromApp;
    const label = this.askLabel(request);
    if (!mayReadStdin) throw new TobiraError('input.needed', ExitCode.mfaUnavailable, { what: label });
    const value = await this.input.secret(`${label}: `);
    if (value.length === 0) throw new TobiraError('input.needed', ExitCode.mfaUnavailable, { what: label });
    return value;
  }

  /** A notice for the running app's activity list; nothing when no app runs (one stat()). */
  private async tellApp(
    profile: string,
    key: 'mfa.totp.waitingProfileCommand',
    params: Record<string, string | number>,
  ): Promise<void> {
    const { noticeViaAgent, currentRequester } = await import('../core/agent');
    await noticeViaAgent(this.home, { profile, label: { key, params }, requester: currentRequester() });
  }

  /** The running app's prompt over the agent socket; undefined at once when no app runs (one stat()). */
  private async askApp(
    kind: 'code' | 'secret',
    profile: string,
    provider: string,
    key: MessageKey,
    params: MessageParams,
  ): Promise<string | undefined> {
    const { askViaAgent, currentRequester } = await import('../core/agent');
    return askViaAgent(
      this.home,
      {
        kind,
        profile,
        provider,
        label: { key, params: { ...params } },
        requester: currentRequester(),
      },
      { onNotice: (notice) => this.notice(notice) },
    );
  }

  t(key: MessageKey, params?: MessageParams): string {
    return translate(this.globals.lang, key, params);
  }

  /** A human message on stderr (docs/architecture.md §5: stdout is for the command's output only). */
  notice(key: MessageKey, params?: MessageParams): void {
    this.io.stderr.write(`${this.t(key, params)}\n`);
  }

  print(text: string): void {
    this.io.stdout.write(text.endsWith('\n') ? text : `${text}\n`);
  }

  printJson(value: unknown): void {
    this.io.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
  }

  ensureHome(): void {
    ensureHome(this.home);
  }

  /**
   * The file store's passphrase: TOBIRA_PASSPHRASE, else the running app's prompt, else a hidden prompt on the
   * user's terminal (through /dev/tty when an AWS tool holds our stdio), else exit 5 saying how to supply it.
   */
  private async passphrase(creating: boolean): Promise<string> {
    const fromEnv = this.io.env.TOBIRA_PASSPHRASE;
    if (fromEnv !== undefined && fromEnv.length > 0) return fromEnv;
    if (!creating) {
      const fromApp = await this.askApp(
        'secret',
        SECRETS_FILE_NAME,
        'Tobira',
        'vault.file.passphrasePrompt',
        {},
      );
      if (fromApp !== undefined && fromApp.length > 0) return fromApp;
    }
    const first = await this.input.terminalSecret(`${this.t('vault.file.passphrasePrompt')}: `);
    if (first === undefined) throw new TobiraError('vault.file.passphraseNeeded', ExitCode.mfaUnavailable);
    if (creating) {
      const second = await this.input.terminalSecret(`${this.t('vault.file.passphraseRepeat')}: `);
      if (first !== second) throw new TobiraError('vault.file.passphraseMismatch', ExitCode.error);
    }
    return first;
  }
}

/** A secret that must not be empty: one stdin line or a hidden prompt (docs/architecture.md §5). */
export async function readRequiredSecret(ctx: CliContext, label: string): Promise<string> {
  const secret = await ctx.input.secret(`${ctx.t('input.secret.prompt', { label })}`);
  if (secret.length === 0) throw new TobiraError('input.secret.empty', ExitCode.usage);
  return secret;
}
