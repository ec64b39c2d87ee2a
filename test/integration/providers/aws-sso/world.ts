import { chmodSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { FILE_STORE_ENV, runTobira, spawnTobira, tempHome } from '../../../harness/cli';
import { startFakeAws, type FakeAws } from '../../../fakes/aws';
import { startFakeAwsSso, type FakeAwsSso, type FakeAwsSsoOptions } from '../../../fakes/aws-sso';

export const BROWSER = fileURLToPath(new URL('./browser.mjs', import.meta.url));

export interface SsoWorld {
  sso: FakeAwsSso;
  aws: FakeAws;
  home: string;
  /** HOME of the runs: ~/.aws lives here. */
  userHome: string;
  /** What the "browser" was asked to open, one URL a line. */
  browserLog: string;
  env: Record<string, string>;
  run(args: string[], extra?: Record<string, string>, input?: string): ReturnType<typeof runTobira>;
  spawn(args: string[], extra?: Record<string, string>): ReturnType<typeof spawnTobira>;
  close(): Promise<void>;
}

/** The fakes of IAM Identity Center and STS (role credentials from the portal are valid at STS), and a tobira home. */
export async function ssoWorld(options: FakeAwsSsoOptions = {}): Promise<SsoWorld> {
  const aws = await startFakeAws();
  const sso = await startFakeAwsSso({
    mint: (accountId, roleName) => {
      const session = aws.mintWebIdentitySession(
        `arn:aws:iam::${accountId}:role/aws-reserved/sso.amazonaws.com/AWSReservedSSO_${roleName}_0123456789abcdef`,
      );
      return { ...session };
    },
    ...options,
  });
  const home = tempHome('tobira-sso-');
  const userHome = dirname(home);
  const browserLog = join(mkdtempSync(join(tmpdir(), 'tobira-sso-browser-')), 'opened.log');
  chmodSync(BROWSER, 0o755);
  const env: Record<string, string> = {
    ...FILE_STORE_ENV,
    HOME: userHome,
    AWS_CONFIG_FILE: join(userHome, '.aws', 'config'),
    AWS_SHARED_CREDENTIALS_FILE: join(userHome, '.aws', 'credentials'),
    TOBIRA_ENDPOINT_AWS_SSO_OIDC: sso.oidcOrigin,
    TOBIRA_ENDPOINT_AWS_SSO_PORTAL: sso.portalOrigin,
    TOBIRA_ENDPOINT_AWS_STS: aws.origin,
    TOBIRA_ENDPOINT_AWS_SIGNIN: aws.origin,
    TOBIRA_AWS_RETRY_BASE_MS: '1',
    TOBIRA_OAUTH_TIMEOUT_SECONDS: '20',
    TOBIRA_BROWSER: `${process.execPath} ${BROWSER} ${browserLog}`,
  };
  return {
    sso,
    aws,
    home,
    userHome,
    browserLog,
    env,
    run: (args, extra = {}, input) =>
      runTobira(args, { home, env: { ...env, ...extra }, ...(input !== undefined ? { input } : {}) }),
    spawn: (args, extra = {}) => spawnTobira(args, { home, env: { ...env, ...extra } }),
    close: async () => {
      await Promise.all([sso.close(), aws.close()]);
    },
  };
}

/** Adds the session ORG for the fake's portal. */
export async function addSession(world: SsoWorld, name = 'org'): Promise<void> {
  const added = await world.run([
    'profile',
    'add',
    name,
    '--type',
    'aws-sso-session',
    '--start-url',
    world.sso.startUrl,
    '--sso-region',
    world.sso.region,
  ]);
  if (added.code !== 0) throw new Error(added.stderr);
}
