import { afterAll, beforeAll, beforeEach, expect } from 'vitest';
import { FILE_STORE_ENV, runTobira, tempHome, type CliResult } from '../../../harness/cli';
import { PASSWORD_REALM, standardTenant, startFakeAuth0, type FakeAuth0 } from '../../../fakes/auth0';

export const MGMT_SECRET = 'canary-auth0-mgmt-secret-9b3e';
export const KEY_SHAPE = /^tbk_[a-z2-7]{12}_[0-9A-Za-z]{38}$/;

export interface Created {
  id: string;
  key: string;
  name: string;
  permissions: string[];
}

/** One fake tenant per test file, plus helpers that run the built CLI against it and record every output. */
export function useAuth0() {
  const ctx = {
    fake: undefined as unknown as FakeAuth0,
    tenant: undefined as unknown as ReturnType<typeof standardTenant>,
    /** Every stdout/stderr of the file, for canary scans. */
    outputs: [] as string[],
    env: {
      ...FILE_STORE_ENV,
      TOBIRA_AUTH0_RETRY_BASE_MS: '5',
      TOBIRA_AUTH0_RETRY_MAX_WAIT_MS: '2000',
    } as Record<string, string>,
  };
  beforeAll(async () => {
    ctx.fake = await startFakeAuth0();
    ctx.tenant = standardTenant(ctx.fake, { managementSecret: MGMT_SECRET });
  });
  afterAll(async () => ctx.fake.close());
  beforeEach(() => ctx.fake.clearFailures());

  async function tobira(home: string, args: string[], input?: string): Promise<CliResult> {
    const result = await runTobira(args, { home, env: ctx.env, ...(input !== undefined ? { input } : {}) });
    ctx.outputs.push(result.stdout, result.stderr);
    return result;
  }

  async function ok(home: string, args: string[], input?: string): Promise<CliResult> {
    const result = await tobira(home, args, input);
    expect(result.code, result.stderr).toBe(0);
    return result;
  }

  /** A fresh home with the auth0-admin profile NAME, stored with SECRET (the right one unless given). */
  async function adminHome(name = 'admin', secret = MGMT_SECRET): Promise<string> {
    const home = tempHome();
    await ok(
      home,
      [
        'profile',
        'add',
        name,
        '--type',
        'auth0-admin',
        '--domain',
        ctx.fake.origin,
        '--client-id',
        ctx.tenant.managementClientId,
        '--connection',
        ctx.tenant.connection,
        '--audience',
        ctx.tenant.audience,
      ],
      `${secret}\n`,
    );
    return home;
  }

  /** `profile add NAME --type auth0-apikey` for KEY, on the tenant's API unless AUDIENCE says another. */
  function addKeyProfile(
    home: string,
    name: string,
    key: string,
    audience = ctx.tenant.audience,
  ): Promise<CliResult> {
    return tobira(
      home,
      [
        'profile',
        'add',
        name,
        '--type',
        'auth0-apikey',
        '--domain',
        ctx.fake.origin,
        '--client-id',
        ctx.tenant.exchangerClientId,
        '--audience',
        audience,
        '--realm',
        ctx.tenant.connection,
      ],
      `${key}\n`,
    );
  }

  async function create(home: string, name: string, permissions?: string): Promise<Created> {
    const result = await ok(home, [
      'apikey',
      'create',
      'admin',
      '--name',
      name,
      ...(permissions ? ['--permissions', permissions] : []),
      '--json',
    ]);
    return JSON.parse(result.stdout) as Created;
  }

  /** The status Auth0 answers for the key right now (password-realm straight at the fake, no Tobira cache). */
  async function keyWorks(key: string): Promise<number> {
    const [, id, rest] = key.split('_') as [string, string, string];
    const response = await fetch(ctx.fake.url('/oauth/token'), {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: PASSWORD_REALM,
        client_id: ctx.tenant.exchangerClientId,
        username: `${id}@apikey.invalid`,
        password: rest.slice(0, 32),
        realm: ctx.tenant.connection,
        audience: ctx.tenant.audience,
      }).toString(),
    });
    return response.status;
  }

  return { ctx, tobira, ok, adminHome, addKeyProfile, create, keyWorks };
}
