import { ExitCode, TobiraError } from '../errors';
import { shellExports, type ShellFormat } from '../exports';
import type { ActiveSession, LoginServices, ProviderSessions } from '../providers/types';
import type { ProfileRecord } from '../vault/schema';

/** Formats every type with sessions prints from its session; a provider may add its own (`formats`). */
export const SESSION_FORMATS = ['env', 'fish', 'powershell', 'json'] as const;

export function isSessionFormat(format: string): boolean {
  return (SESSION_FORMATS as readonly string[]).includes(format);
}

/** Every `--format` a type offers, for `--help`, the app's export menu and validation. */
export function exportFormats(sessions: ProviderSessions | undefined): string[] {
  return sessions && !sessions.withoutCredentials
    ? [...SESSION_FORMATS, ...Object.keys(sessions.formats ?? {})]
    : [];
}

/**
 * Refuses a profile whose session has no credentials of its own (export, exec, credential-process, console): exit 2
 * with what to use instead.
 */
export function requireCredentials(sessions: ProviderSessions | undefined, profile: ProfileRecord): void {
  if (sessions?.withoutCredentials)
    throw new TobiraError(sessions.withoutCredentials, ExitCode.usage, { name: profile.name });
}

/** `login --json` and `export --format json`: `{profile, provider, expiration, ...provider fields}` (docs/architecture.md §5). */
export function sessionJson(session: ActiveSession, sessions: ProviderSessions): Record<string, unknown> {
  return {
    profile: session.profile.name,
    provider: sessions.provider,
    expiration: session.expiration,
    ...sessions.exportJson(session),
  };
}

export interface ExportSource {
  sessions: ProviderSessions | undefined;
  /** What a provider format needs to run (asked only for those formats). */
  services(): LoginServices;
  /** The profile's session, fresh or cached; called only for the session formats. */
  session(): Promise<ActiveSession>;
}

/** The text `tobira export NAME --format F` prints; the app copies or reveals the same text. */
export async function exportText(
  profile: ProfileRecord,
  format: string,
  source: ExportSource,
): Promise<string> {
  const { sessions } = source;
  requireCredentials(sessions, profile);
  const producer = sessions?.formats?.[format];
  if (producer) return producer(source.services(), profile);
  if (!sessions || !isSessionFormat(format))
    throw new TobiraError('cli.export.badFormat', ExitCode.usage, { format, type: profile.type });
  const session = await source.session();
  if (format === 'json') return JSON.stringify(sessionJson(session, sessions), null, 2);
  return shellExports(sessions.exportEnv(session), format as ShellFormat).trimEnd();
}
