import type { MessageKey, MessageParams } from '../../../shared/i18n';
import { childEnv } from '../child-env';
import { ExitCode, TobiraError } from '../errors';
import {
  credentialSource,
  runChild,
  serverChildEnv,
  startCredentialServer,
  type ServedCredentials,
} from '../exports';
import type { Env } from '../home';
import { AwsCredentials, defaultProfileShadow } from '../providers/aws';
import type { SessionManager } from '../providers/session';
import type { ActiveSession } from '../providers/types';
import type { ProfileRecord } from '../vault/schema';

export interface ExecServerRequest {
  manager: SessionManager;
  profile: ProfileRecord;
  argv: readonly string[];
  /** tobira's own environment; the child gets it without Tobira's variables and stale AWS settings. */
  env: Env;
  notice(key: MessageKey, params?: MessageParams): void;
  /** A refresh failed while the child runs: tell the person (the SDK in the child gets the same text). */
  describe(error: unknown): string;
}

/**
 * `tobira exec NAME --server -- CMD`: logs in first (so an MFA prompt comes before CMD starts), serves the
 * session on a loopback endpoint while CMD runs, and returns CMD's exit code. Only AWS credentials have a
 * standard endpoint format, so other profile types are refused before anything happens.
 */
export async function execWithServer(request: ExecServerRequest): Promise<number> {
  const { manager, profile } = request;
  const name = profile.name;
  const sessions = manager.sessionsOf(profile);
  if (sessions.provider !== 'aws') {
    throw new TobiraError('exec.server.notAws', ExitCode.usage, { name, type: profile.type });
  }
  let last: ActiveSession | undefined;
  const obtain = async ({ force }: { force: boolean }): Promise<ServedCredentials> => {
    const session = await manager.session(name, force ? { force: true } : {});
    last = session;
    const data = AwsCredentials.parse(session.data);
    return {
      accessKeyId: data.accessKeyId,
      secretAccessKey: data.secretAccessKey,
      sessionToken: data.sessionToken,
      expiration: session.expiration,
      accountId: data.accountId,
    };
  };
  const credentials = credentialSource({ obtain });
  await credentials();
  // The region and account of the session (no secret) still go to the child's environment.
  const settings = last ? sessions.exportEnv(last) : {};
  const server = await startCredentialServer({
    credentials,
    describe: request.describe,
    onFailure: (error) =>
      request.notice('exec.server.refreshFailed', { name, detail: request.describe(error) }),
  });
  try {
    request.notice('exec.server.listening', { name, url: server.url });
    const shadow = await defaultProfileShadow(request.env);
    if (shadow) request.notice('exec.server.defaultShadows', { path: shadow });
    const scrubbed = new Set(sessions.scrubEnv ?? []);
    const inherited = Object.fromEntries(
      Object.entries(childEnv('exec', request.env)).filter(([variable]) => !scrubbed.has(variable)),
    );
    const env = {
      ...serverChildEnv(inherited, settings, server),
      TOBIRA_PROFILE: name,
    };
    return await runChild(request.argv, env);
  } finally {
    await server.close();
  }
}
