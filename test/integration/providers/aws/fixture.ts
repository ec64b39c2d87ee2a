import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { FILE_STORE_ENV, runTobira, tempHome, type CliResult } from '../../../harness/cli';
import { startFakeAws, type FakeAws, type FakeAwsRole, type FakeAwsUser } from '../../../fakes/aws';

export const ACCOUNT = '123456789012';
export const OTHER_ACCOUNT = '210987654321';
/** The long-term secret key of the test user: it must never show up outside the secret store and STS. */
export const CANARY_SECRET = 'canarySecretKey/aws+0123456789abcdefghijkl';
export const MFA_SECRET = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';

export interface AwsWorld {
  fake: FakeAws;
  home: string;
  /** A folder for ~/.aws and friends (HOME of the CLI). */
  userHome: string;
  env: Record<string, string>;
  run(args: readonly string[], input?: string, extraEnv?: Record<string, string>): Promise<CliResult>;
  user: FakeAwsUser;
}

let counter = 0;

/**
 * A fake AWS with one IAM user (MFA device with a known TOTP secret) and three roles, plus a fresh tobira home
 * whose CLI talks to it. Each world gets its own user so MFA codes of different tests never collide.
 */
export async function awsWorld(
  options: {
    mfa?: boolean;
    roles?: FakeAwsRole[];
    store?: 'file' | 'keychain';
    /** The fake's clock (default Date.now), for tests that move time forward. */
    now?: () => number;
    /** IAM's propagation delay of a new access key (rotate). */
    newKeyDelayMs?: number;
    /** When IAM created the user's key (epoch ms; default: when the fake started). */
    keyCreatedAt?: number;
  } = {},
): Promise<AwsWorld> {
  counter += 1;
  const suffix = `${process.pid}${counter}`.padStart(12, '0').slice(-12);
  const user: FakeAwsUser = {
    userName: 'alice',
    accountId: ACCOUNT,
    accessKeyId: `AKIATEST${suffix}`,
    secretAccessKey: CANARY_SECRET,
    ...(options.mfa === false
      ? {}
      : { mfa: { serial: `arn:aws:iam::${ACCOUNT}:mfa/alice`, secret: MFA_SECRET } }),
    ...(options.keyCreatedAt !== undefined ? { keyCreatedAt: options.keyCreatedAt } : {}),
  };
  const fake = await startFakeAws({
    ...(options.now ? { now: options.now } : {}),
    users: [user],
    ...(options.newKeyDelayMs !== undefined ? { newKeyDelayMs: options.newKeyDelayMs } : {}),
    roles: options.roles ?? [
      {
        arn: `arn:aws:iam::${OTHER_ACCOUNT}:role/Admin`,
        trust: [`arn:aws:iam::${ACCOUNT}:root`],
        maxSessionDuration: 43_200,
      },
      {
        arn: `arn:aws:iam::${OTHER_ACCOUNT}:role/Partner`,
        trust: [`arn:aws:iam::${ACCOUNT}:user/alice`],
        externalId: 'partner-42',
      },
      {
        arn: `arn:aws:iam::${OTHER_ACCOUNT}:role/Deploy`,
        trust: [`arn:aws:iam::${OTHER_ACCOUNT}:role/Admin`],
      },
    ],
  });
  const home = tempHome('tobira-aws-');
  const userHome = join(home, '..', 'user');
  mkdirSync(userHome, { recursive: true });
  const env: Record<string, string> = {
    ...(options.store === 'keychain' ? { TOBIRA_SECRET_STORE: 'keychain' } : FILE_STORE_ENV),
    HOME: userHome,
    TOBIRA_ENDPOINT_AWS_STS: fake.origin,
    TOBIRA_ENDPOINT_AWS_SIGNIN: fake.origin,
    TOBIRA_ENDPOINT_AWS_IAM: fake.origin,
    TOBIRA_AWS_RETRY_BASE_MS: '5',
    AWS_CONFIG_FILE: join(userHome, '.aws', 'config'),
    AWS_SHARED_CREDENTIALS_FILE: join(userHome, '.aws', 'credentials'),
  };
  return {
    fake,
    home,
    userHome,
    env,
    user,
    run: (args, input, extraEnv) =>
      runTobira(args, { home, env: { ...env, ...extraEnv }, input: input ?? '' }),
  };
}

/** `profile add NAME --type aws-role --source alice --role-arn …:role/Admin`, then EXTRA flags. */
export function adminRoleArgs(name: string, ...extra: string[]): string[] {
  return [
    'profile',
    'add',
    name,
    '--type',
    'aws-role',
    '--source',
    'alice',
    '--role-arn',
    `arn:aws:iam::${OTHER_ACCOUNT}:role/Admin`,
    ...extra,
  ];
}

/** Adds the IAM user profile "alice" (with its TOTP secret for MFA unless `mfa: false`) and the role profiles. */
export async function addProfiles(world: AwsWorld, options: { mfa?: boolean } = {}): Promise<void> {
  const withMfa = options.mfa !== false && world.user.mfa !== undefined;
  const steps: Array<[string[], string?]> = [
    [
      [
        'profile',
        'add',
        'alice',
        '--type',
        'aws-iam-user',
        '--access-key-id',
        world.user.accessKeyId,
        '--region',
        'ap-northeast-1',
        ...(withMfa ? ['--mfa-serial', world.user.mfa?.serial ?? ''] : []),
      ],
      `${CANARY_SECRET}\n`,
    ],
    ...(withMfa ? ([[['mfa', 'set', 'alice'], `${MFA_SECRET}\n`]] as Array<[string[], string]>) : []),
    [adminRoleArgs('admin')],
  ];
  for (const [args, input] of steps) {
    const result = await world.run(args, input);
    if (result.code !== 0) throw new Error(`tobira ${args.join(' ')} failed: ${result.stderr}`);
  }
}
