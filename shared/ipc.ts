import * as z from 'zod';
import type { IpcChannel } from './ipc-channels';

export { IPC_CHANNELS, IPC_EVENT_CHANNEL, type IpcChannel } from './ipc-channels';

/**
 * The contract between the renderer and the main process (and, in browser mode, the local HTTP bridge).
 * Every request and reply is validated with these schemas on the receiving side. Nothing here carries a secret,
 * except the two explicit `*:reveal` replies (which require `confirm: true`), a new Auth0 API key shown once
 * (`apikeys:create`, `apikeys:rotate`), and secrets typed by the user on their way in (`profiles:add`,
 * `prompts:answer`).
 */

const Name = z.string().min(1).max(64);
const Text = z.string().max(4096);
const Params = z.record(z.string(), z.union([z.string(), z.number()]));

/** A message for the renderer to show in its language: a catalog key and its params (never a secret). */
export const UiMessage = z.object({ key: z.string(), params: Params.optional() });
export type UiMessage = z.infer<typeof UiMessage>;

export const UiError = UiMessage.extend({ exitCode: z.number().int() });
export type UiError = z.infer<typeof UiError>;

export const SessionState = z.enum(['active', 'expiring', 'expired', 'none']);
export type SessionState = z.infer<typeof SessionState>;

export const ProfileView = z.object({
  name: Name,
  type: z.string(),
  /** Provider label, e.g. "SORACOM"; the type itself for a type this version does not know. */
  label: z.string(),
  favourite: z.boolean(),
  mfa: z.enum(['totp', 'command']).nullable(),
  /** Non-secret details from the provider's describe(). */
  details: z.record(z.string(), z.string()),
  /** Another profile this one is built on (switch user, role chains), when its fields name one. */
  source: z.string().nullable(),
  /** Profiles built on this one (SORACOM switch-user targets, roles assumed from it). */
  dependents: z.array(z.string()),
  hasSessions: z.boolean(),
  hasConsole: z.boolean(),
  /** The console page this profile remembers (tobira console --remember), as a short label: "s3 (eu-west-1)". */
  consolePage: z.string().optional(),
  /** A TOTP code can be made: a totp profile, or a stored MFA secret. */
  hasOtp: z.boolean(),
  session: z.object({ state: SessionState, expiration: z.string().nullable() }),
});
export type ProfileView = z.infer<typeof ProfileView>;

export const FieldView = z.object({
  key: z.string(),
  flag: z.string(),
  kind: z.enum(['text', 'boolean', 'choice']),
  choices: z.array(z.string()),
  /** Catalog key of the flag's description. */
  description: z.string(),
});
export type FieldView = z.infer<typeof FieldView>;

/** A provider's own part of a profile's detail page (the renderer maps each id to a component). */
export const PanelId = z.enum(['apiKeys']);
export type PanelId = z.infer<typeof PanelId>;

export const TypeView = z.object({
  type: z.string(),
  label: z.string(),
  provider: z.string().nullable(),
  fields: z.array(FieldView),
  secret: z.object({ role: z.string(), label: z.string() }).nullable(),
  hasSessions: z.boolean(),
  hasConsole: z.boolean(),
  formats: z.array(z.string()),
  /** The provider's extra panels for profiles of this type (docs/adding-a-provider.md "Extras"). */
  panels: z.array(PanelId),
});
export type TypeView = z.infer<typeof TypeView>;

export const Theme = z.enum(['system', 'light', 'dark']);
export const LanguageSetting = z.enum(['auto', 'ja', 'en']);
export const SecretStoreSetting = z.enum(['auto', 'keychain', 'file']);
/** The console's browser: default, chrome, chromium, edge, brave, firefox, or a command (docs/consoles.md). */
export const ConsoleBrowserSetting = z.string().trim().min(1).max(400);

export const SettingsView = z.object({
  language: LanguageSetting,
  theme: Theme,
  startAtLogin: z.boolean(),
  secretStore: SecretStoreSetting,
  /** The store the vault really uses (fixed once secrets were written), or null before the first secret. */
  secretStoreInUse: z.enum(['keychain', 'file']).nullable(),
  /** TOBIRA_SECRET_STORE overrides the setting. */
  secretStoreFromEnv: z.boolean(),
  /** Where consoles open: 'default' (the system browser) or a browser with one identity per profile. */
  consoleBrowser: ConsoleBrowserSetting,
  /** Browsers found on this computer that can hold one identity per profile (chrome, chromium, edge, brave, firefox). */
  installedBrowsers: z.array(z.string()).optional(),
});
export type SettingsView = z.infer<typeof SettingsView>;

export const AppInfo = z.object({
  version: z.string(),
  home: z.string(),
  lang: z.enum(['ja', 'en']),
  mode: z.enum(['electron', 'browser']),
  capabilities: z.object({ clipboard: z.boolean(), startAtLogin: z.boolean(), agent: z.boolean() }),
});
export type AppInfo = z.infer<typeof AppInfo>;

export const Requester = z.object({
  pid: z.number().int().nonnegative(),
  /** The command line of the process that ran tobira (the shell, aws, soracom-cli, ...), when it can be read. */
  command: z.string().max(1000).nullable(),
  /** The tobira command that is asking, e.g. "tobira export work --format env". */
  tobira: z.string().max(1000),
  /**
   * true: the agent found the connecting process itself and all three fields are what the OS reports (Linux);
   * false: they are what the asking process says about itself and could not be checked. Absent in a client's request.
   */
  verified: z.boolean().optional(),
});
export type Requester = z.infer<typeof Requester>;

export const PromptKind = z.enum(['code', 'secret', 'line']);
export type PromptKind = z.infer<typeof PromptKind>;

export const PromptView = z.object({
  id: z.string(),
  /**
   * code: an MFA code (visible, digits); secret: a hidden one-time secret (SIM PIN, passphrase); line: a visible
   * line of text (the redirect address pasted back after an OAuth sign-in in another browser).
   */
  kind: PromptKind,
  profile: z.string(),
  provider: z.string(),
  label: UiMessage,
  /** A calm note under the field, e.g. "never stored" for a SIM PIN. */
  note: UiMessage.nullable(),
  /** What went wrong last time, e.g. the SIM refused the previous PIN and how many tries are left. */
  warning: UiMessage.nullable(),
  /** An address to open (the OAuth sign-in page for a pasted-redirect login); never one that carries a token. */
  link: z.string().nullable(),
  /** Null when the app itself asked (a login started in this window). */
  requester: Requester.nullable(),
  createdAt: z.string(),
  expiresAt: z.string(),
});
export type PromptView = z.infer<typeof PromptView>;

export const ActivityView = z.object({
  profile: z.string(),
  action: z.enum(['login', 'console']),
  waitingFor: z.enum(['browser', 'prompt']).nullable(),
  /** While waiting for a browser sign-in: the page it was sent to, for "did the browser not open?". */
  link: z.string().nullable(),
});
export type ActivityView = z.infer<typeof ActivityView>;

export const SimStatusView = z.object({
  available: z.boolean(),
  error: UiMessage.nullable(),
  readers: z.array(
    z.object({
      name: z.string(),
      cardPresent: z.boolean(),
      imsi: z.string().nullable(),
      error: UiMessage.nullable(),
    }),
  ),
});
export type SimStatusView = z.infer<typeof SimStatusView>;

export const LoginResult = z.object({
  identity: z.string(),
  details: z.record(z.string(), z.string()),
  expiration: z.string(),
  fromCache: z.boolean(),
});

export const ValidationResult = z.object({
  ok: z.boolean(),
  /** The field the first problem is about (an add-option key, "name" or "secret"), or null for the whole form. */
  field: z.string().nullable(),
  error: UiMessage.nullable(),
});
export type ValidationResult = z.infer<typeof ValidationResult>;

export const ApiKeyView = z.object({
  id: z.string(),
  name: z.string(),
  permissions: z.array(z.string()),
  created: z.string().nullable(),
  blocked: z.boolean(),
  rotatedFrom: z.string().nullable(),
  /** Profiles of this vault that hold the key. */
  profiles: z.array(z.string()),
});
export type ApiKeyView = z.infer<typeof ApiKeyView>;

/** A key just created or rotated: the only reply that carries the key itself, shown once and never again. */
export const NewApiKey = z.object({
  id: z.string(),
  key: z.string(),
  name: z.string(),
  permissions: z.array(z.string()),
});
export type NewApiKey = z.infer<typeof NewApiKey>;

const Empty = z.object({}).strict();
const ByName = z.object({ name: Name }).strict();
const Ok = z.object({ ok: z.literal(true) });
const KeyId = z.string().min(1).max(140);
const Permissions = z.array(z.string().min(1).max(280)).max(100);
const Options = z.record(z.string().max(64), z.union([z.string().max(2048), z.boolean()]));
const NewProfile = z
  .object({
    type: z.string().min(1).max(64),
    name: z.string().max(64),
    options: Options,
    secret: Text.optional(),
  })
  .strict();

export const ipcContract = {
  'app:info': { request: Empty, reply: AppInfo },
  'settings:get': { request: Empty, reply: SettingsView },
  'settings:set': {
    request: z
      .object({
        language: LanguageSetting.optional(),
        theme: Theme.optional(),
        startAtLogin: z.boolean().optional(),
        secretStore: SecretStoreSetting.optional(),
        consoleBrowser: ConsoleBrowserSetting.optional(),
      })
      .strict(),
    reply: SettingsView,
  },
  'types:list': { request: Empty, reply: z.array(TypeView) },
  'profiles:list': { request: Empty, reply: z.array(ProfileView) },
  'profiles:validate': { request: NewProfile, reply: ValidationResult },
  'profiles:add': { request: NewProfile, reply: ProfileView },
  'profiles:remove': { request: ByName, reply: Ok },
  'profiles:rename': {
    request: z.object({ from: Name, to: z.string().max(64) }).strict(),
    reply: ProfileView,
  },
  'profiles:favourite': {
    request: z.object({ name: Name, favourite: z.boolean() }).strict(),
    reply: ProfileView,
  },
  'session:login': {
    request: z.object({ name: Name, force: z.boolean().optional() }).strict(),
    reply: LoginResult,
  },
  'session:logout': { request: ByName, reply: z.object({ hadSession: z.boolean() }) },
  'activity:cancel': { request: ByName, reply: Ok },
  'console:open': {
    request: z.object({ name: Name, copy: z.boolean().optional() }).strict(),
    reply: z.object({ done: z.enum(['opened', 'copied']) }),
  },
  'export:copy': {
    request: z.object({ name: Name, format: z.string().min(1).max(64) }).strict(),
    reply: z.object({ clearsInSeconds: z.number() }),
  },
  'export:reveal': {
    request: z.object({ name: Name, format: z.string().min(1).max(64), confirm: z.literal(true) }).strict(),
    reply: z.object({ text: z.string() }),
  },
  'otp:copy': { request: ByName, reply: z.object({ clearsInSeconds: z.number() }) },
  'otp:reveal': {
    request: z.object({ name: Name, confirm: z.literal(true) }).strict(),
    reply: z.object({ code: z.string(), secondsLeft: z.number() }),
  },
  'sim:status': { request: Empty, reply: SimStatusView },
  'prompts:list': {
    request: Empty,
    reply: z.object({ prompts: z.array(PromptView), activity: z.array(ActivityView) }),
  },
  'apikeys:list': {
    request: ByName,
    reply: z.object({
      domain: z.string(),
      connection: z.string(),
      audience: z.string(),
      keys: z.array(ApiKeyView),
    }),
  },
  'apikeys:create': {
    request: z.object({ name: Name, keyName: z.string().max(200), permissions: Permissions }).strict(),
    reply: NewApiKey,
  },
  'apikeys:rotate': {
    request: z.object({ name: Name, id: KeyId }).strict(),
    reply: z.object({
      created: NewApiKey,
      /** The old key is dead but was only blocked (its deletion failed). */
      warning: UiMessage.nullable(),
      /** The old key could NOT be disabled: still show the new key, and say how to revoke the old one. */
      failure: UiMessage.nullable(),
    }),
  },
  'apikeys:revoke': {
    request: z.object({ name: Name, id: KeyId, confirm: z.literal(true) }).strict(),
    reply: z.object({ id: z.string() }),
  },
  'apikeys:permissions': {
    request: z.object({ name: Name, id: KeyId, set: Permissions }).strict(),
    reply: z.object({
      id: z.string(),
      permissions: z.array(z.string()),
      added: z.array(z.string()),
      removed: z.array(z.string()),
    }),
  },
  'prompts:answer': {
    request: z.object({ id: z.string().max(64), value: z.string().min(1).max(4096) }).strict(),
    reply: Ok,
  },
  'prompts:cancel': { request: z.object({ id: z.string().max(64) }).strict(), reply: Ok },
} as const satisfies Record<IpcChannel, { request: z.ZodType; reply: z.ZodType }>;
export type IpcRequest<C extends IpcChannel> = z.infer<(typeof ipcContract)[C]['request']>;
export type IpcReply<C extends IpcChannel> = z.infer<(typeof ipcContract)[C]['reply']>;

/** Every call answers an envelope: failures carry a message key (shown in the user's language), never a stack. */
export type IpcResult<T> = { ok: true; value: T } | { ok: false; error: UiError };
export const IpcEnvelope = z.discriminatedUnion('ok', [
  z.object({ ok: z.literal(true), value: z.unknown() }),
  z.object({ ok: z.literal(false), error: UiError }),
]);

/** Pushed to the renderer: topics to fetch again, or a transient notice to show. */
export const UiEvent = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('changed'), topics: z.array(z.enum(['profiles', 'prompts', 'settings'])) }),
  z.object({ kind: z.literal('notice'), message: UiMessage }),
]);
export type UiEvent = z.infer<typeof UiEvent>;

/** The API the preload script exposes as `window.tobira` (and the browser-mode bridge implements). */
export interface TobiraApi {
  invoke<C extends IpcChannel>(channel: C, request: IpcRequest<C>): Promise<IpcResult<IpcReply<C>>>;
  /** Subscribes to pushed events; returns the unsubscribe function. */
  onEvent(listener: (event: UiEvent) => void): () => void;
}
