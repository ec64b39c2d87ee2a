import type {
  ActivityView,
  AppInfo,
  IpcReply,
  IpcRequest,
  ProfileView,
  SettingsView,
  UiEvent,
  UiMessage,
  ValidationResult,
} from '../../../shared/ipc';
import type { Lang, MessageKey, MessageParams } from '../../../shared/i18n';
import { openBrowser as defaultOpenBrowser } from '../browser';
import { ExitCode, isTobiraError, TobiraError } from '../errors';
import type { Env } from '../home';
import { consoleUrl, openConsole } from '../usecases/console';
import { exportText } from '../usecases/export';
import { MfaBroker } from '../mfa/broker';
import { secondsLeftInStep } from '../mfa/totp';
import { UsedSteps } from '../mfa/used-steps';
import { knownProvider, providerAction, providerSessions, providerSpec } from '../providers/registry';
import type { ProviderActionId } from '../providers/types';
import { SessionManager } from '../providers/session';
import { otpOfProfile, TOTP_TYPE, TotpFields } from '../providers/totp';
import { ProfileName, type ProfileRecord } from '../vault/schema';
import { Vault } from '../vault/vault';
import { TOBIRA_VERSION } from '../version';
import { PromptCenter } from './prompts';
import { SettingsStore, type AppSettings } from './settings';
import { fieldOf, profileView, typeViews } from './views';

export interface AppClipboard {
  /** Writes `text` and clears it after `clearAfterMs` if it is still what we wrote. */
  write(text: string, clearAfterMs: number): void;
}

export interface AppPlatform {
  mode: 'electron' | 'browser';
  /** The system's language, for the `auto` language setting. */
  systemLang: Lang;
  clipboard?: AppClipboard;
  startAtLogin?: { get(): boolean; set(enabled: boolean): void };
  /** Opens a URL (never one that carries a token; console links go through a one-shot redirect). */
  openBrowser?: (url: string) => Promise<void>;
  /** Whether this process serves the agent socket (CLI prompts appear here). */
  agent?: () => boolean;
}

export interface AppServiceOptions {
  home: string;
  env: Env;
  platform: AppPlatform;
  prompts?: PromptCenter;
  now?: () => number;
}

export const CLEAR_CREDENTIALS_MS = 60_000;
export const CLEAR_OTP_MS = 30_000;

interface Activity {
  view: ActivityView;
  cancel: () => void;
  /** Aborted on cancel: a provider waiting on the browser (OAuth loopback) stops and closes its port. */
  signal: AbortSignal;
}

/** Notices the app shows in its own way (the activity's waiting state, the prompt's link) instead of as toasts. */
const QUIET_NOTICES = new Set<string>([
  'oauth.browser.opening',
  'oauth.browser.url',
  'oauth.browser.waiting',
  'oauth.paste.instructions',
]);
/** Notices that carry the sign-in page address (`url`) of an OAuth login. */
const LINK_NOTICES = new Set<string>(['oauth.browser.url', 'oauth.paste.instructions']);

/** The SIM's refusal of a PIN, worded for the next prompt (the CLI's message says to run the command again). */
const PIN_WARNINGS: Record<string, MessageKey> = {
  'sim.pin.wrong': 'ui.prompt.pinWrong',
  'sim.pin.wrongLast': 'ui.prompt.pinWrongLast',
  'sim.pin.blocked': 'sim.pin.blocked',
};

/**
 * Everything the UI can do, for the Electron IPC handlers and for browser mode alike. Plain Node over the core: the
 * provider registry drives it, so a new provider shows up without changes here. Secrets go in (profiles:add, prompt
 * answers) and only come out through the explicit reveal calls or the clipboard.
 */
export class AppService {
  readonly prompts: PromptCenter;
  readonly settings: SettingsStore;
  private vaultInstance: Vault | undefined;
  private vaultStoreSetting: string | undefined;
  private readonly listeners = new Set<(event: UiEvent) => void>();
  private readonly activities = new Map<string, Activity>();
  /** The SIM's answer to the last PIN of a profile (wrong, tries left), shown with the next PIN prompt. */
  private readonly pinFailures = new Map<string, UiMessage>();
  private readonly now: () => number;

  constructor(private readonly options: AppServiceOptions) {
    this.prompts = options.prompts ?? new PromptCenter();
    this.settings = new SettingsStore(options.home);
    this.now = options.now ?? Date.now;
    this.prompts.onChange(() => this.emit({ kind: 'changed', topics: ['prompts'] }));
  }

  get home(): string {
    return this.options.home;
  }

  onEvent(listener: (event: UiEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  emit(event: UiEvent): void {
    for (const listener of this.listeners) listener(event);
  }

  lang(): Lang {
    const setting = this.settings.read().language;
    return setting === 'auto' ? this.options.platform.systemLang : setting;
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Vault and sessions

  /** The vault, opened with the secret-store setting unless TOBIRA_SECRET_STORE decides (it always wins). */
  get vault(): Vault {
    const setting = this.settings.read().secretStore;
    if (!this.vaultInstance || this.vaultStoreSetting !== setting) {
      const fromEnv = this.options.env.TOBIRA_SECRET_STORE;
      const env: Env =
        fromEnv !== undefined || setting === 'auto'
          ? this.options.env
          : { ...this.options.env, TOBIRA_SECRET_STORE: setting };
      this.vaultInstance = new Vault({ home: this.home, env, passphrase: () => this.passphrase() });
      this.vaultStoreSetting = setting;
    }
    return this.vaultInstance;
  }

  private async passphrase(): Promise<string> {
    const fromEnv = this.options.env.TOBIRA_PASSPHRASE;
    if (fromEnv) return fromEnv;
    return this.prompts.require({
      kind: 'secret',
      profile: '',
      provider: 'Tobira',
      label: { key: 'vault.file.passphrasePrompt' },
      requester: null,
    });
  }

  private setActivity(activity: Activity | undefined, change: Partial<ActivityView>): void {
    if (!activity) return;
    activity.view = { ...activity.view, ...change };
    this.emit({ kind: 'changed', topics: ['prompts'] });
  }

  /** A SessionManager whose MFA codes, one-time secrets and pasted lines come from the app's own prompt. */
  private sessions(activity?: Activity): SessionManager {
    const waiting = (state: ActivityView['waitingFor']) => this.setActivity(activity, { waitingFor: state });
    const ask = async <T>(work: () => Promise<T>): Promise<T> => {
      waiting('prompt');
      try {
        return await work();
      } finally {
        waiting(null);
      }
    };
    const vault = this.vault;
    const say = (key: MessageKey, params: MessageParams) =>
      this.emit({ kind: 'notice', message: { key, params } });
    const mfa = new MfaBroker({
      vault,
      usedSteps: new UsedSteps(this.home),
      interactive: false,
      env: this.options.env,
      // Why a login pauses (the next TOTP step), and that a clock that moved back was noticed.
      onWait: ({ name, seconds }) => say('mfa.totp.waiting', { name, seconds }),
      onClockBack: ({ name, seconds }) => say('mfa.totp.clockBack', { name, seconds }),
      prompts: [
        ({ profileName, provider }) =>
          ask(() =>
            this.prompts.require({
              kind: 'code',
              profile: profileName,
              provider,
              label: { key: 'mfa.prompt.label', params: { name: profileName, provider } },
              requester: null,
            }),
          ),
      ],
    });
    const open =
      this.options.platform.openBrowser ??
      (async (url: string) => void (await defaultOpenBrowser(url, this.options.env, this.home)));
    return new SessionManager({
      vault,
      mfa,
      env: this.options.env,
      lang: this.lang(),
      now: this.now,
      notice: (key, params) => {
        if (LINK_NOTICES.has(key) && typeof params?.url === 'string') {
          this.setActivity(activity, { link: params.url });
        }
        if (QUIET_NOTICES.has(key)) return;
        this.emit({ kind: 'notice', message: { key, ...(params ? { params } : {}) } });
      },
      askSecret: (request) => {
        const warning = this.pinFailures.get(request.profile.name);
        return ask(() =>
          this.prompts.require({
            kind: 'secret',
            profile: request.profile.name,
            provider: request.provider,
            label: {
              key: request.label,
              params: { name: request.profile.name, provider: request.provider, ...request.params },
            },
            requester: null,
            note: { key: 'ui.prompt.neverStored' },
            ...(warning ? { warning } : {}),
          }),
        );
      },
      // A visible line: the redirect address pasted back after signing in on another browser (OAuth without a
      // browser here), or an OTP that may be "r" for a new code. The prompt shows the sign-in page to open.
      askLine: (request) => {
        const link = activity?.view.link;
        return ask(() =>
          this.prompts.require({
            kind: 'line',
            profile: request.profile.name,
            provider: request.provider,
            label: {
              key: request.label,
              params: { name: request.profile.name, provider: request.provider, ...request.params },
            },
            requester: null,
            ...(link ? { link } : {}),
          }),
        );
      },
      openBrowser: async (url) => {
        waiting('browser');
        await open(url);
      },
    });
  }

  /** Runs one long action of a profile (a login that may wait on a prompt or the browser), cancellable by the UI. */
  private async track<T>(
    name: string,
    action: ActivityView['action'],
    work: (manager: SessionManager, activity: Activity) => Promise<T>,
  ): Promise<T> {
    if (this.activities.has(name)) throw new TobiraError('ui.busy', ExitCode.error, { name });
    const controller = new AbortController();
    let reject: (error: TobiraError) => void = () => undefined;
    const cancelled = new Promise<never>((_resolve, fail) => (reject = fail));
    const cancel = () => {
      reject(new TobiraError('ui.cancelled', ExitCode.error, { name }));
      controller.abort();
    };
    const activity: Activity = {
      view: { profile: name, action, waitingFor: null, link: null },
      cancel,
      signal: controller.signal,
    };
    this.activities.set(name, activity);
    this.emit({ kind: 'changed', topics: ['prompts'] });
    try {
      const running = work(this.sessions(activity), activity);
      running.catch(() => undefined); // after a cancel nobody awaits it any more
      return await Promise.race([running, cancelled]);
    } finally {
      this.activities.delete(name);
      this.emit({ kind: 'changed', topics: ['prompts', 'profiles'] });
    }
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Channels

  info(): AppInfo {
    const platform = this.options.platform;
    return {
      version: TOBIRA_VERSION,
      home: this.home,
      lang: this.lang(),
      mode: platform.mode,
      capabilities: {
        clipboard: platform.clipboard !== undefined,
        startAtLogin: platform.startAtLogin !== undefined,
        agent: platform.agent?.() ?? false,
      },
    };
  }

  settingsView(): SettingsView {
    const settings = this.settings.read();
    return {
      language: settings.language,
      theme: settings.theme,
      startAtLogin: this.options.platform.startAtLogin?.get() ?? settings.startAtLogin,
      secretStore: settings.secretStore,
      secretStoreInUse: this.vault.profiles.read().secretStore ?? null,
      secretStoreFromEnv: this.options.env.TOBIRA_SECRET_STORE !== undefined,
    };
  }

  setSettings(change: IpcRequest<'settings:set'>): SettingsView {
    const next: Partial<Omit<AppSettings, 'version'>> = { ...change };
    if (change.secretStore !== undefined && change.secretStore !== this.settings.read().secretStore) {
      const inUse = this.vault.profiles.read().secretStore;
      if (inUse || this.options.env.TOBIRA_SECRET_STORE !== undefined) {
        throw new TobiraError('ui.settings.storeLocked', ExitCode.usage, {
          store: inUse ?? 'TOBIRA_SECRET_STORE',
        });
      }
    }
    if (change.startAtLogin !== undefined) {
      const control = this.options.platform.startAtLogin;
      if (!control) throw new TobiraError('ui.startAtLogin.unavailable', ExitCode.usage);
      control.set(change.startAtLogin);
    }
    this.settings.write(next);
    this.emit({ kind: 'changed', topics: ['settings'] });
    return this.settingsView();
  }

  async profiles(): Promise<ProfileView[]> {
    const all = this.vault.list();
    const status = new Map(
      (await this.sessions().status()).map((row) => [
        row.profile.name,
        { state: row.state, expiration: row.expiration ?? null },
      ]),
    );
    return all.map((record) => profileView(record, all, status.get(record.name)));
  }

  private async view(name: string): Promise<ProfileView> {
    const found = (await this.profiles()).find((profile) => profile.name === name);
    if (!found) throw new TobiraError('profile.notFound', ExitCode.error, { name });
    return found;
  }

  /** The first problem of an add form, tied to its field where the error names one; never echoes the secret. */
  validate(request: IpcRequest<'profiles:add'>): ValidationResult {
    try {
      this.build(request);
      return { ok: true, field: null, error: null };
    } catch (error) {
      if (!isTobiraError(error)) throw error;
      return {
        ok: false,
        field: fieldOfError(error, request),
        error: { key: error.key, params: { ...error.params } },
      };
    }
  }

  private build(request: IpcRequest<'profiles:add'>) {
    if (!ProfileName.safeParse(request.name).success) {
      throw new TobiraError('profile.badName', ExitCode.usage, { name: request.name });
    }
    if (this.vault.list().some((profile) => profile.name === request.name)) {
      throw new TobiraError('profile.exists', ExitCode.error, { name: request.name });
    }
    const spec = providerSpec(request.type);
    const fields = new Map(spec.addOptions.map((option) => [option.key, fieldOf(option)]));
    const options: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(request.options)) {
      const field = fields.get(key);
      if (!field)
        throw new TobiraError('profile.badOption', ExitCode.usage, { option: key, type: spec.type });
      if (field.kind === 'boolean') {
        if (value === true) options[key] = true;
      } else if (typeof value === 'string' && value.trim() !== '') {
        options[key] = value.trim();
      }
    }
    const secret = request.secret?.trim() ? request.secret.trim() : undefined;
    // The provider's own checks first, so a wrong field is reported even before the secret is typed.
    const built = spec.build(options, spec.secretInput ? secret : undefined);
    if (spec.secretInput && secret === undefined) throw new TobiraError('input.secret.empty', ExitCode.usage);
    return { spec, built };
  }

  async add(request: IpcRequest<'profiles:add'>): Promise<ProfileView> {
    const { spec, built } = this.build(request);
    await this.vault.add({ name: request.name, type: spec.type, ...built });
    this.emit({ kind: 'changed', topics: ['profiles'] });
    return this.view(request.name);
  }

  async remove(name: string): Promise<void> {
    await this.vault.remove(name);
    this.emit({ kind: 'changed', topics: ['profiles'] });
  }

  async rename(from: string, to: string): Promise<ProfileView> {
    if (!ProfileName.safeParse(to).success)
      throw new TobiraError('profile.badName', ExitCode.usage, { name: to });
    await this.vault.rename(from, to);
    this.emit({ kind: 'changed', topics: ['profiles'] });
    return this.view(to);
  }

  async favourite(name: string, favourite: boolean): Promise<ProfileView> {
    await this.vault.profiles.update(async (file) => {
      const profile = file.profiles.find((candidate) => candidate.name === name);
      if (!profile) throw new TobiraError('profile.notFound', ExitCode.error, { name });
      if (favourite) profile.favourite = true;
      else delete profile.favourite;
      return { file, result: undefined };
    });
    this.emit({ kind: 'changed', topics: ['profiles'] });
    return this.view(name);
  }

  async login(name: string, force = false): Promise<IpcReply<'session:login'>> {
    return this.track(name, 'login', async (manager, activity) => {
      const session = await this.remembering(name, () =>
        manager.session(name, { force, signal: activity.signal }),
      );
      const { identity, details } = manager.sessionsOf(session.profile).identify(session);
      return { identity, details, expiration: session.expiration, fromCache: session.fromCache };
    });
  }

  /** Keeps the SIM's refusal of a PIN (with the tries left) for the next PIN prompt of the profile. */
  private async remembering<T>(name: string, work: () => Promise<T>): Promise<T> {
    try {
      const result = await work();
      this.pinFailures.delete(name);
      return result;
    } catch (error) {
      const warning = isTobiraError(error) ? PIN_WARNINGS[error.key] : undefined;
      if (warning && isTobiraError(error))
        this.pinFailures.set(name, { key: warning, params: { ...error.params } });
      throw error;
    }
  }

  async logout(name: string): Promise<{ hadSession: boolean }> {
    const result = await this.sessions().logout(name);
    this.emit({ kind: 'changed', topics: ['profiles'] });
    return result;
  }

  cancelActivity(name: string): void {
    this.prompts.cancelProfile(name);
    this.activities.get(name)?.cancel();
  }

  activity(): ActivityView[] {
    return [...this.activities.values()].map((entry) => entry.view);
  }

  /**
   * One-click console: log in if needed (prompting for MFA), make the provider's sign-in URL and open it through the
   * one-shot loopback redirect of `tobira console` (the URL is a bearer secret: never in the browser's argv), or copy
   * it. Resolves once the browser followed the redirect; Cancel or the timeout closes the redirect.
   */
  async console(name: string, copy: boolean): Promise<'opened' | 'copied'> {
    const clipboard = this.options.platform.clipboard;
    if (copy && !clipboard) throw new TobiraError('ui.clipboard.unavailable', ExitCode.usage);
    return this.track(name, 'console', async (manager, activity) => {
      const session = await this.remembering(name, () => manager.session(name, { signal: activity.signal }));
      const unsupported = new TobiraError('ui.console.none', ExitCode.usage, { name });
      const url = await consoleUrl(manager, session, {}, unsupported);
      if (copy && clipboard) {
        clipboard.write(url, CLEAR_CREDENTIALS_MS);
        return 'copied';
      }
      await openConsole(url, {
        name,
        env: this.options.env,
        open: (link) => this.openUrl(link),
        signal: activity.signal,
        onWaiting: () => this.setActivity(activity, { waitingFor: 'browser' }),
        messages: { timeout: 'ui.console.timeout', foreign: 'ui.console.foreign' },
      });
      return 'opened';
    });
  }

  private openUrl(url: string): Promise<void> {
    const open = this.options.platform.openBrowser;
    return open ? open(url) : defaultOpenBrowser(url, this.options.env, this.home).then(() => undefined);
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Provider actions: the channels a provider serves (ProviderExtras.actions), e.g. Auth0 API keys, the SIM status

  async providerAction<C extends ProviderActionId>(id: C, request: IpcRequest<C>): Promise<IpcReply<C>> {
    const reply = await providerAction(id)(this.sessions().services, request);
    // An action on a profile may have signed it in (Auth0 keys use the admin's session): the list shows that.
    if ('name' in request) this.emit({ kind: 'changed', topics: ['profiles'] });
    return reply;
  }

  /** The text `tobira export NAME --format F` prints, for the clipboard or an explicit reveal. */
  async exportText(name: string, format: string): Promise<string> {
    const profile = this.vault.get(name);
    return exportText(profile, format, {
      sessions: providerSessions(profile.type),
      services: () => this.sessions().services,
      session: () =>
        this.track(name, 'login', (manager, activity) =>
          this.remembering(name, () => manager.session(name, { signal: activity.signal })),
        ),
    });
  }

  async copyExport(name: string, format: string): Promise<number> {
    const clipboard = this.options.platform.clipboard;
    if (!clipboard) throw new TobiraError('ui.clipboard.unavailable', ExitCode.usage);
    clipboard.write(await this.exportText(name, format), CLEAR_CREDENTIALS_MS);
    return CLEAR_CREDENTIALS_MS / 1000;
  }

  private async otp(name: string): Promise<{ code: string; secondsLeft: number }> {
    const profile = this.vault.get(name);
    const nowSeconds = Math.floor(this.now() / 1000);
    const code = await otpOfProfile(this.vault, profile, nowSeconds);
    return { code, secondsLeft: secondsLeftInStep(totpParamsOf(profile), nowSeconds) };
  }

  async copyOtp(name: string): Promise<number> {
    const clipboard = this.options.platform.clipboard;
    if (!clipboard) throw new TobiraError('ui.clipboard.unavailable', ExitCode.usage);
    clipboard.write((await this.otp(name)).code, CLEAR_OTP_MS);
    return CLEAR_OTP_MS / 1000;
  }

  revealOtp(name: string): Promise<{ code: string; secondsLeft: number }> {
    return this.otp(name);
  }

  types() {
    return typeViews();
  }

  close(): void {
    this.prompts.cancelAll();
    for (const activity of this.activities.values()) activity.cancel();
  }
}

function totpParamsOf(profile: ProfileRecord) {
  if (profile.type === TOTP_TYPE) return TotpFields.parse(profile.fields);
  if (profile.mfa?.kind === 'totp') return profile.mfa.params;
  throw new TobiraError('mfa.noSecretForOtp', ExitCode.error, { name: profile.name });
}

/** Which form field an add-profile error is about: the option it names, the secret, or the name. */
function fieldOfError(error: TobiraError, request: IpcRequest<'profiles:add'>): string | null {
  if (error.key === 'profile.badName' || error.key === 'profile.exists') return 'name';
  if (error.key === 'input.secret.empty') return 'secret';
  const keys = knownProvider(request.type)?.profile.addOptions.map((option) => option.key);
  if (!keys) return null;
  const named = String(error.params.field ?? error.params.option ?? '');
  if (named) {
    const direct = keys.find((key) => key === named || named.startsWith(key) || key.startsWith(named));
    if (direct) return direct;
    const lower = named.toLowerCase();
    const loose = keys.find((key) => lower.includes(key.toLowerCase()) || key.toLowerCase().includes(lower));
    if (loose) return loose;
  }
  if (/secret|seed|otpauth|base32|totp|authKey\.shape|key\.shape|password|apiKey/i.test(error.key))
    return 'secret';
  return null;
}
