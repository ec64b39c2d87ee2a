import type { z } from 'zod';
import type { Lang, MessageKey, MessageParams } from '../../../shared/i18n';
import type { IpcReply, IpcRequest, PanelId } from '../../../shared/ipc';
import type { Env } from '../home';
import type { MfaBroker } from '../mfa/broker';
import type { CachedEntry, FreshSession } from '../vault/credential-cache';
import type { ProfileRecord } from '../vault/schema';
import type { Vault } from '../vault/vault';

/** A `profile add` flag that belongs to one or more provider types (the CLI registers the union of them). */
export interface AddOption {
  /** commander syntax, e.g. "--email <email>" or "--sandbox" */
  flags: string;
  /** the camelCase key commander stores it under, e.g. "email" */
  key: string;
  description: MessageKey;
  /** The app fills it from a list of SIM readers (`sim status`) instead of a text box. */
  picker?: 'sim-reader';
}

export interface SecretInput {
  role: string;
  label: MessageKey;
}

export interface BuiltProfile {
  fields: Record<string, unknown>;
  secrets: Record<string, string>;
}

/** What every provider folder's profile.ts exports; the registry maps `type` to one of these. */
export interface ProviderProfileSpec {
  type: string;
  /** Provider label in prompts and lists, e.g. "SORACOM". */
  label: string;
  addOptions: readonly AddOption[];
  /** The secret `profile add` reads from stdin or a hidden prompt, if this type has one. */
  secretInput?: SecretInput;
  fieldsSchema: z.ZodType<Record<string, unknown>>;
  /** Validates `profile add` options (already limited to this type's flags) and the secret. */
  build(options: Readonly<Record<string, unknown>>, secret: string | undefined): BuiltProfile;
  /** Non-secret lines for `profile show` and the list's detail column. */
  describe(fields: Readonly<Record<string, unknown>>): Record<string, string>;
  /** Fields that name another profile (a role's source): checked on add and edit, followed on rename. */
  links?: readonly ProfileLink[];
  /** Stored field → add-option key where they differ (soracom's `userName` is `--user`), for editing. */
  storedAs?: Readonly<Record<string, string>>;
  /**
   * Groups of options of which one group applies (soracom: `--email` | `--operator-id --user` | `--auth-key-id`):
   * an edit that gives a flag of one group drops the others' stored values, and then needs a new secret.
   */
  exclusiveOptions?: readonly (readonly string[])[];
}

/** A field holding the name of another profile, and which types that profile may have. */
export interface ProfileLink {
  /** The add-option key and stored field, e.g. "source". */
  field: string;
  /**
   * Which profiles can serve, as the login code needs them: types whose sessions come from one of `providers`
   * (an aws-role's source only has to give AWS credentials), or exactly one of `types`.
   */
  accepts: { providers?: readonly string[]; types?: readonly string[] };
}

/** What a provider's login needs from the rest of the core, handed in so providers stay testable. */
export interface LoginServices {
  vault: Vault;
  mfa: MfaBroker;
  env: Env;
  lang: Lang;
  /**
   * A live session of another profile (switch-user and role sources), through the same cache. `mfaCode` passes a
   * --mfa-code on to the source; `force` logs the source in again (its cached session was refused).
   */
  sessionOf(profileName: string, options?: { mfaCode?: string; force?: boolean }): Promise<ActiveSession>;
  /** A human note on what is happening (stderr in the CLI). */
  notice(key: MessageKey, params?: MessageParams): void;
  /**
   * Asks the person for a one-time secret that is never stored (the SIM PIN): the desktop app's prompt when it runs,
   * else a hidden TTY prompt, else one line of a non-TTY stdin. Throws `input.needed` (exit 5) when nobody can answer.
   */
  askSecret(request: AskRequest): Promise<string>;
  /** Asks for a visible line (e.g. a pasted redirect URL); undefined when there is no terminal or app to ask. */
  askLine(request: AskRequest): Promise<string | undefined>;
  /** Opens a URL in the user's browser (TOBIRA_BROWSER or the OS default). Never pass a URL that carries a token. */
  openBrowser(url: string): Promise<void>;
}

export interface AskRequest {
  profile: ProfileRecord;
  /** Provider label, e.g. "SORACOM Krypton". */
  provider: string;
  /** What is asked, e.g. 'krypton.pin.label'. */
  label: MessageKey;
  params?: MessageParams;
}

export interface LoginRequest {
  profile: ProfileRecord;
  /** --mfa-code */
  mfaCode?: string;
  /** The cached entry being replaced, if any: a provider may refresh it instead of logging in again. */
  stale?: CachedEntry;
  /** --no-browser: an OAuth login prints its URL and takes the pasted redirect address instead (SSH, headless). */
  noBrowser?: boolean;
  /** Aborted when the person cancels the login (the app's Cancel): a provider waiting on a browser stops waiting. */
  signal?: AbortSignal;
}

export interface ActiveSession {
  profile: ProfileRecord;
  expiration: string;
  data: Record<string, unknown>;
  fromCache: boolean;
}

/** Who a session is, for `tobira login` and `status`: one line plus labelled details, none secret. */
export interface SessionIdentity {
  identity: string;
  details: Record<string, string>;
}

/** What every provider folder's login.ts + export.ts provide; a profile type without it has no sessions. */
export interface ProviderSessions {
  /** The provider id in JSON output, e.g. "soracom", "aws". */
  provider: string;
  login(services: LoginServices, request: LoginRequest): Promise<FreshSession>;
  logout?(services: LoginServices, session: ActiveSession): Promise<void>;
  /**
   * Logout when Tobira holds no live session of the profile: ends one another tool keeps for it (aws-sso: the AWS
   * CLI's token cache after `aws sso login`). True when there was one to end.
   */
  logoutOutside?(services: LoginServices, profile: ProfileRecord): Promise<boolean>;
  identify(session: ActiveSession): SessionIdentity;
  /** The provider part of the JSON shape of docs/architecture.md §5 (`login --json`, `export --format json`). */
  exportJson(session: ActiveSession): Record<string, unknown>;
  /** Environment variables for `export --format env|fish|powershell` and `exec`. */
  exportEnv(session: ActiveSession): Record<string, string>;
  /**
   * The web console sign-in URL for `tobira console` (providers whose cloud has one). The URL is a bearer secret:
   * the caller prints it (--print) or hands it to the browser through a one-shot loopback redirect, never in argv.
   */
  console?(services: LoginServices, session: ActiveSession, options: ConsoleOptions): Promise<string>;
  /** The pages `console` can land on (service, region, destination); a console without it takes no page. */
  consolePages?: {
    /** The service short names the page editor offers (aws: s3, ec2, iam, ...). */
    services: readonly string[];
    /** Checks a page without signing in; throws the TobiraError `console` would, tied to the field it is about. */
    check(options: ConsoleOptions, env: Env): void;
  };
  /**
   * A session that only signs in and has no credentials of its own (an aws-sso-session: its role profiles have them):
   * export, exec, credential-process and console refuse it with this message (exit 2, params `name`), and the app
   * offers no export for it.
   */
  withoutCredentials?: MessageKey;
  /** Environment variables `exec` removes from the child's environment (stale settings that would override ours). */
  scrubEnv?: readonly string[];
  /** Extra `export --format` values this provider supports (e.g. soracom-profile). */
  formats?: Readonly<Record<string, (services: LoginServices, profile: ProfileRecord) => Promise<string>>>;
}

export interface ConsoleOptions {
  /** --destination: the console page to land on. */
  destination?: string;
  /** --region: the console region. */
  region?: string;
  /** --service: a console service short name (aws: s3, ec2, iam, ...); exclusive with destination. */
  service?: string;
  /** --logout-first: sign out of the console first (one account per browser; conflicts with multi-session). */
  logoutFirst?: boolean;
}

export interface ProviderDefinition {
  profile: ProviderProfileSpec;
  sessions?: ProviderSessions;
  linker?: ProviderLinker;
  extras?: ProviderExtras;
}

/**
 * The `tobira` command groups a provider owns beyond the generic ones (docs/adding-a-provider.md "Extras"). The CLI
 * maps each id to its command module in `cli/commands/providers.ts`; core never sees commander.
 */
export type ProviderCommandId = 'apikey' | 'idp-server' | 'sim' | 'sso';

/**
 * The app channels (shared/ipc.ts) whose work a provider does: the channel name is the action's stable id, its
 * request and reply schemas the action's types.
 */
export type ProviderActionId =
  | 'apikeys:list'
  | 'apikeys:create'
  | 'apikeys:rotate'
  | 'apikeys:revoke'
  | 'apikeys:permissions'
  | 'sim:status'
  | 'sso:sync'
  | 'aws:key'
  | 'aws:rotate';

export type ProviderAction<C extends ProviderActionId> = (
  services: LoginServices,
  request: IpcRequest<C>,
) => Promise<IpcReply<C>>;

export type ProviderActions = { readonly [C in ProviderActionId]?: ProviderAction<C> };

/** What a provider offers beyond profiles, sessions and links; every part is optional. */
export interface ProviderExtras {
  /** Command groups the CLI registers once if any type declares them. */
  commands?: readonly ProviderCommandId[];
  /** The app's channels this provider serves; one provider per channel. */
  actions?: ProviderActions;
  /** Panels the app shows in the detail of a profile of this type, in this order. */
  panels?: readonly PanelId[];
}

export interface LinkContext {
  env: Env;
  /** argv that runs this tobira from anywhere: absolute executable, plus `--home DIR` when the home is not default. */
  tobiraCommand: readonly string[];
  /** Another profile of the vault (a role's source), to carry settings such as the region along its chain. */
  profileOf?(name: string): ProfileRecord | undefined;
}

export interface LinkNotice {
  key: MessageKey;
  params?: MessageParams;
}

export interface LinkResult {
  path: string;
  changed: boolean;
  /** Things the person should know (the setup shadows the link, a section kept for the user's own keys …). */
  notices?: LinkNotice[];
}

/** Writes (and removes) the tool's own config entry that points back at tobira (docs/architecture.md §5 `link`). */
export interface ProviderLinker {
  link(context: LinkContext, profile: ProfileRecord): Promise<LinkResult>;
  unlink(context: LinkContext, profile: ProfileRecord): Promise<LinkResult>;
}

export interface ImportCandidate {
  name: string;
  type: string;
  fields: Record<string, unknown>;
  secrets: Record<string, string>;
  /** Where it came from, e.g. "~/.soracom/default.json". */
  origin: string;
}

export interface ImportSkip {
  name: string;
  origin: string;
  reason: MessageKey;
  params?: MessageParams;
}

export interface ImportPlan {
  candidates: ImportCandidate[];
  skipped: ImportSkip[];
}

/** Reads another tool's configuration into profiles, never modifying it (`profile import SOURCE`). */
export interface ProfileImporter {
  source: string;
  plan(options: {
    path?: string;
    env: Env;
    /** The profiles already in Tobira (name → type), for entries that refer to one (an aws-sso role's session). */
    existing?: ReadonlyMap<string, string>;
  }): Promise<ImportPlan>;
}
