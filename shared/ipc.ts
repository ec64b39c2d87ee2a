import * as z from 'zod';
import type { IpcChannel } from './ipc-channels';

export { IPC_CHANNELS, IPC_EVENT_CHANNEL, type IpcChannel } from './ipc-channels';

/**
 * The contract between the renderer and the main process (and, in browser mode, the local HTTP bridge).
 * Every request and reply is validated with these schemas on the receiving side. Nothing here carries a secret,
 * except the two explicit `*:reveal` replies (which require `confirm: true`), a new Auth0 API key shown once
 * (`apikeys:create`, `apikeys:rotate`), the text a browser-mode page copies on the person's click (`text` of the
 * `*:copy` replies and `console:open {copy}`), and secrets typed by the user on their way in (`profiles:add`,
 * `prompts:answer`). One-time codes (`otp:codes`) are codes, never the seed.
 */

const Name = z.string().min(1).max(64);
const Text = z.string().max(4096);
const Params = z.record(z.string(), z.union([z.string(), z.number()]));

/** A message for the renderer to show in its language: a catalog key and its params (never a secret). */
export const UiMessage = z.object({ key: z.string(), params: Params.optional() });
export type UiMessage = z.infer<typeof UiMessage>;

export const UiError = UiMessage.extend({ exitCode: z.number().int() });
export type UiError = z.infer<typeof UiError>;

/** One line of an IAM Identity Center sync plan (`sso:sync`): what happens to which account × role profile. */
export const SsoSyncItemView = z.object({
  action: z.enum(['create', 'update', 'unchanged', 'remove', 'skip']),
  name: z.string(),
  accountId: z.string(),
  accountName: z.string(),
  roleName: z.string(),
  reason: z.enum(['covered', 'nameTaken']).optional(),
  other: z.string().optional(),
});
export type SsoSyncItemView = z.infer<typeof SsoSyncItemView>;

export const SessionState = z.enum(['active', 'expiring', 'expired', 'none']);
export type SessionState = z.infer<typeof SessionState>;

/**
 * One row of the profile list (and of the tray): only what the list shows, so 10,000 of them stay small. The rest of
 * a profile (`ProfileView`) is fetched when it is selected (`profiles:get`).
 */
export const ProfileSummary = z.object({
  name: Name,
  type: z.string(),
  /** Provider label, e.g. "SORACOM"; the type itself for a type this version does not know. */
  label: z.string(),
  favourite: z.boolean(),
  /** Another profile this one is built on (switch user, role chains), when its fields name one. */
  source: z.string().nullable(),
  /** What else the search matches: the non-secret details' values (account id, role, operator id, ...), one per line. */
  keywords: z.string(),
  hasSessions: z.boolean(),
  hasConsole: z.boolean(),
  /** The console page this profile remembers (tobira console --remember), as a short label: "s3 (eu-west-1)". */
  consolePage: z.string().optional(),
  /** A TOTP code can be made: a totp profile, or a stored MFA secret. */
  hasOtp: z.boolean(),
  session: z.object({ state: SessionState, expiration: z.string().nullable() }),
});
export type ProfileSummary = z.infer<typeof ProfileSummary>;

/** A remembered console page (tobira console --remember, the app's Console page editor); all empty = the home page. */
export const ConsolePageFields = z
  .object({
    service: z.string().max(100).optional(),
    region: z.string().max(40).optional(),
    destination: z.string().max(2000).optional(),
  })
  .strict();
export type ConsolePageFields = z.infer<typeof ConsolePageFields>;

/** A profile as its detail pane shows it: its summary plus details, MFA kind and the profiles built on it. */
export const ProfileView = ProfileSummary.extend({
  /** The Console page editor: the services it offers and the page remembered; null when the console takes no page. */
  consolePageEditor: z.object({ services: z.array(z.string()), page: ConsolePageFields }).nullable(),
  mfa: z.enum(['totp', 'command', 'yubikey']).nullable(),
  /** Non-secret details from the provider's describe(). */
  details: z.record(z.string(), z.string()),
  /** Profiles built on this one (SORACOM switch-user targets, roles assumed from it). */
  dependents: z.array(z.string()),
});
export type ProfileView = z.infer<typeof ProfileView>;

export const FieldView = z.object({
  key: z.string(),
  flag: z.string(),
  kind: z.enum(['text', 'boolean', 'choice']),
  choices: z.array(z.string()),
  /** Catalog key of the flag's description. */
  description: z.string(),
  /** Filled from a list instead of typed: another profile (a source) or a SIM reader (`sim status`). */
  picker: z.enum(['profile', 'sim-reader']).nullable(),
});
export type FieldView = z.infer<typeof FieldView>;

/** A provider's own part of a profile's detail page (the renderer maps each id to a component). */
export const PanelId = z.enum(['apiKeys', 'ssoSync', 'accessKey']);
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
  /** Sign-in kinds of which one applies (SORACOM: root email | SAM user | AuthKey): the field keys of each. */
  kinds: z.array(z.array(z.string())),
});
export type TypeView = z.infer<typeof TypeView>;

export const Theme = z.enum(['system', 'light', 'dark']);
export const LanguageSetting = z.enum(['auto', 'ja', 'en']);
export const SecretStoreSetting = z.enum(['auto', 'keychain', 'file']);
/** The console's browser: default, chrome, chromium, edge, brave, firefox, or a command (docs/consoles.md). */
export const ConsoleBrowserSetting = z.string().trim().min(1).max(400);

/** Days after which an access key is due for rotation (AWS's own advice and CIS benchmark: 90). */
export const KeyRotationDays = z.number().int().min(1).max(3650);

export const SettingsView = z.object({
  language: LanguageSetting,
  theme: Theme,
  startAtLogin: z.boolean(),
  secretStore: SecretStoreSetting,
  /** The store the vault really uses (fixed once secrets were written), or null before the first secret. */
  secretStoreInUse: z.enum(['keychain', 'file']).nullable(),
  /** TOBIRA_SECRET_STORE overrides the setting. */
  secretStoreFromEnv: z.boolean(),
  /** An AWS access key older than this many days is offered for rotation. */
  keyRotationDays: z.number().int(),
  /** The store TOBIRA_SECRET_STORE names, when it is set to one the app knows. */
  secretStoreEnv: SecretStoreSetting.nullable().optional(),
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

export const PromptKind = z.enum(['code', 'secret', 'line', 'touch']);
export type PromptKind = z.infer<typeof PromptKind>;

export const PromptView = z.object({
  id: z.string(),
  /**
   * code: an MFA code (visible, digits); secret: a hidden one-time secret (SIM PIN, passphrase); line: a visible
   * line of text (the redirect address pasted back after an OAuth sign-in in another browser); touch: nothing to
   * type, the YubiKey waits for its button until `expiresAt` (closed by the app when the code came; only cancelled).
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
  /**
   * Browser mode: the address the page opens in a new tab itself (the console's one-shot loopback link, an OAuth
   * sign-in page), since the server never starts a browser there. Absent in the desktop app.
   */
  open: z.string().nullable().optional(),
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

export const FieldError = z.object({
  /** An add-option key, "name" or "secret"; null for the whole form. */
  field: z.string().nullable(),
  error: UiMessage,
});
export type FieldError = z.infer<typeof FieldError>;

export const ValidationResult = z.object({
  ok: z.boolean(),
  /** The field the first problem is about (an add-option key, "name" or "secret"), or null for the whole form. */
  field: z.string().nullable(),
  error: UiMessage.nullable(),
  /** Every problem found, in the field's own words (a form shows them all at once). */
  errors: z.array(FieldError),
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
/**
 * Browser mode only: the text the page itself puts on the clipboard (the server has no clipboard of the person's
 * browser). Absent when the desktop app copied it in the main process.
 */
const PageCopy = z.string().optional();

export const OtpCodes = z.object({
  code: z.string(),
  /** The code of the next time step, shown in the last seconds of this one. */
  next: z.string(),
  period: z.number().int().positive(),
  secondsLeft: z.number(),
});
export type OtpCodes = z.infer<typeof OtpCodes>;

const NewProfile = z
  .object({
    type: z.string().min(1).max(64),
    name: z.string().max(64),
    options: Options,
    secret: Text.optional(),
  })
  .strict();

/** An edit form: every field's value; an empty secret keeps the stored one. */
const EditedProfile = z
  .object({
    name: Name,
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
        keyRotationDays: KeyRotationDays.optional(),
        consoleBrowser: ConsoleBrowserSetting.optional(),
      })
      .strict(),
    reply: SettingsView,
  },
  'types:list': { request: Empty, reply: z.array(TypeView) },
  /** Every profile's summary; with `first`, only the first N in list order (favourites, then by name); with `names`, those. */
  'profiles:list': {
    request: z
      .object({
        first: z.number().int().min(1).max(100_000).optional(),
        /** Only these profiles' rows (those that exist): the one-row update a `changed` event names. */
        names: z.array(Name).min(1).max(100).optional(),
      })
      .strict(),
    reply: z.array(ProfileSummary),
  },
  'profiles:get': { request: ByName, reply: ProfileView },
  'profiles:validate': { request: NewProfile, reply: ValidationResult },
  'profiles:add': { request: NewProfile, reply: ProfileView },
  'profiles:remove': {
    request: z.object({ name: Name, withDependents: z.boolean().optional() }).strict(),
    reply: Ok,
  },
  /** The profiles that use this one as their source, directly or through another (the remove dialog names them). */
  'profiles:dependents': { request: ByName, reply: z.array(z.string()) },
  /** The edit form's starting values (never a secret). */
  'profiles:editForm': {
    request: ByName,
    reply: z.object({
      type: z.string(),
      values: z.record(z.string(), z.union([z.string(), z.boolean()])),
      hasSecret: z.boolean(),
    }),
  },
  'profiles:validateEdit': { request: EditedProfile, reply: ValidationResult },
  'profiles:edit': { request: EditedProfile, reply: ProfileView },
  /** The profiles that could fill a link field (a source) of a profile of this type. */
  'profiles:linkCandidates': {
    request: z
      .object({ type: z.string().min(1).max(64), field: z.string().max(64), name: Name.optional() })
      .strict(),
    reply: z.array(z.string()),
  },
  'profiles:rename': {
    request: z.object({ from: Name, to: z.string().max(64) }).strict(),
    reply: ProfileView,
  },
  'profiles:favourite': {
    request: z.object({ name: Name, favourite: z.boolean() }).strict(),
    reply: ProfileView,
  },
  /** Remembers where this profile's console opens (checked like tobira console's flags); all empty forgets it. */
  'profiles:consolePage': {
    request: z.object({ name: Name, page: ConsolePageFields }).strict(),
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
    reply: z.object({ done: z.enum(['opened', 'copied']), text: PageCopy }),
  },
  'export:copy': {
    request: z.object({ name: Name, format: z.string().min(1).max(64) }).strict(),
    reply: z.object({ clearsInSeconds: z.number(), text: PageCopy }),
  },
  'export:reveal': {
    request: z.object({ name: Name, format: z.string().min(1).max(64), confirm: z.literal(true) }).strict(),
    reply: z.object({ text: z.string() }),
  },
  'otp:copy': { request: ByName, reply: z.object({ clearsInSeconds: z.number(), text: PageCopy }) },
  /** The authenticator view: the current code, the next one and the step's timing (never the seed). */
  'otp:codes': { request: ByName, reply: OtpCodes },
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
  'sso:sync': {
    request: z.object({ name: Name, dryRun: z.boolean(), prefix: z.string().max(32).optional() }).strict(),
    reply: z.object({ items: z.array(SsoSyncItemView) }),
  },
  /** The stored AWS access key of an aws-iam-user profile: its id and, when Tobira saw it made, its age. */
  'aws:key': {
    request: ByName,
    reply: z.object({
      accessKeyId: z.string(),
      created: z.string().nullable(),
      ageDays: z.number().int().nullable(),
      /** Why the age is unknown: no cached MFA session to ask IAM with (log in first), or IAM did not tell. */
      unknown: z.enum(['mfaSession', 'failed']).nullable(),
    }),
  },
  /** `tobira rotate NAME`: a new key, proven, stored, the old one deleted (never the secret in the reply). */
  'aws:rotate': {
    request: ByName,
    reply: z.object({
      accessKeyId: z.string(),
      created: z.string(),
      deletedAccessKeyId: z.string(),
      droppedSessions: z.array(z.string()),
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
  z.object({
    kind: z.literal('changed'),
    topics: z.array(z.enum(['profiles', 'prompts', 'settings'])),
    /** Only these profiles changed (none added, removed or renamed): re-read their rows, not the whole list. */
    profiles: z.array(Name).min(1).max(100).optional(),
  }),
  z.object({ kind: z.literal('notice'), message: UiMessage }),
]);
export type UiEvent = z.infer<typeof UiEvent>;

/** The API the preload script exposes as `window.tobira` (and the browser-mode bridge implements). */
export interface TobiraApi {
  invoke<C extends IpcChannel>(channel: C, request: IpcRequest<C>): Promise<IpcResult<IpcReply<C>>>;
  /** Subscribes to pushed events; returns the unsubscribe function. */
  onEvent(listener: (event: UiEvent) => void): () => void;
}
