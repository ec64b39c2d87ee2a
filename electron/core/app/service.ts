import type {
  ActivityView,
  AppInfo,
  IpcReply,
  IpcRequest,
  ProfileSummary,
  OtpCodes,
  ProfileView,
  SettingsView,
  UiEvent,
  ValidationResult,
} from '../../../shared/ipc';
import type { Lang } from '../../../shared/i18n';
import { providerAction } from '../providers/registry';
import type { AgentStoreAccess } from '../agent/store-handlers';
import type { SessionManager } from '../providers/session';
import type { ProviderActionId } from '../providers/types';
import type { Vault } from '../vault/vault';
import { Activities } from './activities';
import { AppVault } from './app-vault';
import { copyOtp, otp, otpCodes } from './codes';
import type { AppContext, AppServiceOptions } from './context';
import { appSessions } from './login-services';
import { appInfo, setSettings, settingsView } from './preferences';
import { Profiles } from './profiles';
import { PromptCenter } from './prompts';
import { SessionActions } from './session-actions';
import { SettingsStore } from '../settings';
import { typeViews } from './views';

export { CLEAR_CREDENTIALS_MS, CLEAR_OTP_MS } from './context';
export type { AppClipboard, AppPlatform, AppServiceOptions } from './context';

/**
 * Everything the UI can do, for the Electron IPC handlers and for browser mode alike: a front over one module per
 * concern (activities, login-services, profiles, session-actions, codes, preferences). Plain Node over the core: the
 * provider registry drives it, so a new provider shows up without changes here. Secrets go in (profiles:add, prompt
 * answers) and only come out through the explicit reveal calls or the clipboard.
 */
/** Provider actions that change at most their own profile's row (sso:sync adds profiles, aws:rotate signs others out). */
const ONE_ROW_ACTIONS: ReadonlySet<ProviderActionId> = new Set<ProviderActionId>([
  'aws:key',
  'apikeys:list',
  'apikeys:create',
  'apikeys:rotate',
  'apikeys:revoke',
  'apikeys:permissions',
]);

export class AppService {
  readonly prompts: PromptCenter;
  readonly settings: SettingsStore;
  private readonly listeners = new Set<(event: UiEvent) => void>();
  private readonly context: AppContext;
  private readonly vaults: AppVault;
  private readonly activities: Activities;
  readonly profileList: Profiles;
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

  /**
   * The app's vault for the socket's cache-get and session (serveAgent): the app is the agent. A file store is served
   * once the person unlocked it here, or at once when the app was started with TOBIRA_PASSPHRASE.
   */
  agentStore(): AgentStoreAccess {
    return {
      home: this.options.home,
      env: this.options.env,
      vault: () => this.vault,
      lang: () => this.lang(),
      notice: (key, params) => this.emit({ kind: 'notice', message: { key, ...(params ? { params } : {}) } }),
      canUnlock: () => Boolean(this.options.env.TOBIRA_PASSPHRASE),
      now: this.context.now,
    };
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

  profiles(first?: number, names?: readonly string[]): Promise<ProfileSummary[]> {
    return this.profileList.list(first, names);
  }

  profile(name: string): Promise<ProfileView> {
    return this.profileList.view(name);
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
  console(name: string, copy: boolean): Promise<IpcReply<'console:open'>> {
    return this.sessionActions.console(name, copy);
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Provider actions: the channels a provider serves (ProviderExtras.actions), e.g. Auth0 API keys, the SIM status

  async providerAction<C extends ProviderActionId>(id: C, request: IpcRequest<C>): Promise<IpcReply<C>> {
    const reply = await providerAction(id)(this.sessions().services, request);
    // An action on a profile may have signed it in (Auth0 keys use the admin's session): the list shows that. Those
    // that touch no other profile re-read only its row (the access-key panel asks on every selection).
    if (!('name' in request)) return reply;
    const only = ONE_ROW_ACTIONS.has(id) ? { profiles: [request.name] } : {};
    this.emit({ kind: 'changed', topics: ['profiles'], ...only });
    return reply;
  }

  /** The text `tobira export NAME --format F` prints, for the clipboard or an explicit reveal. */
  exportText(name: string, format: string): Promise<string> {
    return this.sessionActions.exportText(name, format);
  }

  copyExport(name: string, format: string): Promise<IpcReply<'export:copy'>> {
    return this.sessionActions.copyExport(name, format);
  }

  copyOtp(name: string): Promise<{ clearsInSeconds: number; text?: string }> {
    return copyOtp(this.context, name);
  }

  otpCodes(name: string): Promise<OtpCodes> {
    return otpCodes(this.context, name);
  }

  revealOtp(name: string): Promise<{ code: string; secondsLeft: number }> {
    return otp(this.context, name);
  }

  types() {
    return typeViews();
  }

  close(): void {
    this.prompts.cancelAll();
    this.activities.cancelAll();
  }
}
