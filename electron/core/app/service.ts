import type {
  ActivityView,
  ApiKeyView,
  AppInfo,
  IpcReply,
  IpcRequest,
  ProfileView,
  SettingsView,
  SimStatusView,
  UiEvent,
  ValidationResult,
} from '../../../shared/ipc';
import type { Lang, MessageKey } from '../../../shared/i18n';
import { isTobiraError, TobiraError } from '../errors';
import type { SessionManager } from '../providers/session';
import type { Vault } from '../vault/vault';
import { Activities } from './activities';
import { AppVault } from './app-vault';
import { copyOtp, otp } from './codes';
import type { AppContext, AppServiceOptions } from './context';
import { appSessions } from './login-services';
import { appInfo, setSettings, settingsView } from './preferences';
import { Profiles } from './profiles';
import { PromptCenter } from './prompts';
import { SessionActions } from './session-actions';
import { SettingsStore } from './settings';
import { typeViews } from './views';

export { CLEAR_CREDENTIALS_MS, CLEAR_OTP_MS } from './context';
export type { AppClipboard, AppPlatform, AppServiceOptions } from './context';

/**
 * Everything the UI can do, for the Electron IPC handlers and for browser mode alike: a front over one module per
 * concern (activities, login-services, profiles, session-actions, codes, preferences). Plain Node over the core: the
 * provider registry drives it, so a new provider shows up without changes here. Secrets go in (profiles:add, prompt
 * answers) and only come out through the explicit reveal calls or the clipboard.
 */
export class AppService {
  readonly prompts: PromptCenter;
  readonly settings: SettingsStore;
  private readonly listeners = new Set<(event: UiEvent) => void>();
  private readonly context: AppContext;
  private readonly vaults: AppVault;
  private readonly activities: Activities;
  private readonly profileList: Profiles;
  private readonly sessionActions: SessionActions;

  constructor(private readonly options: AppServiceOptions) {
    this.prompts = options.prompts ?? new PromptCenter();
    this.settings = new SettingsStore(options.home);
    this.vaults = new AppVault(options.home, options.env, this.settings, this.prompts);
    this.context = {
      home: options.home,
      env: options.env,
      platform: options.platform,
      prompts: this.prompts,
      settings: this.settings,
      now: options.now ?? Date.now,
      vault: () => this.vault,
      lang: () => this.lang(),
      emit: (event) => this.emit(event),
    };
    this.activities = new Activities(this.context.emit, (activity) =>
      appSessions(this.context, this.activities, activity),
    );
    this.profileList = new Profiles(this.context, () => this.sessions());
    this.sessionActions = new SessionActions(this.context, this.activities, () => this.sessions());
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

  /** The vault, opened with the secret-store setting unless TOBIRA_SECRET_STORE decides (it always wins). */
  get vault(): Vault {
    return this.vaults.current();
  }

  /** A SessionManager whose MFA codes, one-time secrets and pasted lines come from the app's own prompt. */
  private sessions(): SessionManager {
    return appSessions(this.context, this.activities);
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Channels

  info(): AppInfo {
    return appInfo(this.context);
  }

  settingsView(): SettingsView {
    return settingsView(this.context);
  }

  setSettings(change: IpcRequest<'settings:set'>): SettingsView {
    return setSettings(this.context, change);
  }

  profiles(): Promise<ProfileView[]> {
    return this.profileList.list();
  }

  /** The first problem of an add form, tied to the field its error names; never echoes the secret. */
  validate(request: IpcRequest<'profiles:add'>): ValidationResult {
    return this.profileList.validate(request);
  }

  add(request: IpcRequest<'profiles:add'>): Promise<ProfileView> {
    return this.profileList.add(request);
  }

  remove(name: string): Promise<void> {
    return this.profileList.remove(name);
  }

  rename(from: string, to: string): Promise<ProfileView> {
    return this.profileList.rename(from, to);
  }

  favourite(name: string, favourite: boolean): Promise<ProfileView> {
    return this.profileList.favourite(name, favourite);
  }

  login(name: string, force = false): Promise<IpcReply<'session:login'>> {
    return this.sessionActions.login(name, force);
  }

  logout(name: string): Promise<{ hadSession: boolean }> {
    return this.sessionActions.logout(name);
  }

  cancelActivity(name: string): void {
    this.prompts.cancelProfile(name);
    this.activities.cancel(name);
  }

  activity(): ActivityView[] {
    return this.activities.list();
  }

  /** One-click console: open (through the one-shot loopback redirect) or copy the provider's sign-in URL. */
  console(name: string, copy: boolean): Promise<'opened' | 'copied'> {
    return this.sessionActions.console(name, copy);
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Auth0 API keys of an auth0-admin profile (the same module as `tobira apikey`)

  private async keyAdmin(name: string) {
    const keys = await import('../providers/auth0/apikeys');
    return { keys, admin: await keys.openKeyAdmin(this.sessions(), name, this.lang()) };
  }

  async apiKeys(name: string): Promise<IpcReply<'apikeys:list'>> {
    const { keys, admin } = await this.keyAdmin(name);
    const list = await keys.listKeys(admin);
    // The Management API token it used is the admin profile's session: the list shows it signed in.
    this.emit({ kind: 'changed', topics: ['profiles'] });
    const views: ApiKeyView[] = list.map((key) => ({
      id: key.id,
      name: key.name,
      permissions: key.permissions,
      created: key.created,
      blocked: key.blocked,
      rotatedFrom: key.rotatedFrom ?? null,
      profiles: keys.profilesHoldingKey(this.vault, admin, key.id).map((profile) => profile.name),
    }));
    const { domain, connection, audience } = admin.fields;
    return { domain, connection, audience, keys: views };
  }

  async createApiKey(name: string, keyName: string, permissions: string[]) {
    const { keys, admin } = await this.keyAdmin(name);
    keys.assertKeyName(keyName);
    const names = keys.parsePermissions(permissions.join(','));
    return keys.createKey(admin, { name: keyName.trim(), permissions: names });
  }

  async rotateApiKey(name: string, id: string): Promise<IpcReply<'apikeys:rotate'>> {
    const { keys, admin } = await this.keyAdmin(name);
    const result = await keys.rotateKey(admin, id);
    const message = (error: TobiraError | undefined) =>
      error ? { key: error.key, params: { ...error.params } } : null;
    return {
      created: result.created,
      warning: message(result.warning),
      failure: message(result.oldStillActive),
    };
  }

  async revokeApiKey(name: string, id: string): Promise<{ id: string }> {
    const { keys, admin } = await this.keyAdmin(name);
    return keys.revokeKey(admin, id);
  }

  async setApiKeyPermissions(name: string, id: string, permissions: string[]) {
    const { keys, admin } = await this.keyAdmin(name);
    return keys.changePermissions(admin, id, { set: keys.parsePermissions(permissions.join(',')) });
  }

  /** The text `tobira export NAME --format F` prints, for the clipboard or an explicit reveal. */
  exportText(name: string, format: string): Promise<string> {
    return this.sessionActions.exportText(name, format);
  }

  copyExport(name: string, format: string): Promise<number> {
    return this.sessionActions.copyExport(name, format);
  }

  copyOtp(name: string): Promise<number> {
    return copyOtp(this.context, name);
  }

  revealOtp(name: string): Promise<{ code: string; secondsLeft: number }> {
    return otp(this.context, name);
  }

  async simStatus(): Promise<SimStatusView> {
    try {
      const { simStatus } = await import('../sim');
      const entries = await simStatus();
      return {
        available: true,
        error: null,
        readers: entries.map((entry) => ({
          name: entry.name,
          cardPresent: entry.cardPresent,
          imsi: entry.imsi ?? null,
          error: entry.error ? { key: entry.error.key, params: { ...entry.error.params } } : null,
        })),
      };
    } catch (error) {
      const message = isTobiraError(error)
        ? { key: error.key, params: { ...error.params } }
        : { key: 'error.internal' as MessageKey, params: { detail: 'PC/SC' } };
      return { available: false, error: message, readers: [] };
    }
  }

  types() {
    return typeViews();
  }

  close(): void {
    this.prompts.cancelAll();
    this.activities.cancelAll();
  }
}
