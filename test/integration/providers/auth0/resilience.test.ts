import { describe, expect, it } from 'vitest';
import { KEY_SHAPE, useAuth0, type Created } from './helpers';

const { ctx, tobira, ok, adminHome, addKeyProfile, create, keyWorks } = useAuth0();

describe('rotation interrupted at each step', () => {
  const steps = [
    { step: 'read the old user', method: 'GET', path: (old: string) => `/api/v2/users/auth0|${old}` },
    {
      step: 'read its permissions',
      method: 'GET',
      path: (old: string) => `/api/v2/users/auth0|${old}/permissions`,
    },
    { step: 'create the new user', method: 'POST', path: () => '/api/v2/users' },
    {
      step: 'assign permissions',
      method: 'POST',
      path: () => /^\/api\/v2\/users\/auth0\|[a-z2-7]{12}\/permissions$/,
    },
  ] as const;

  for (const { step, method, path } of steps) {
    it(`failing to ${step} changes nothing and says the old key still works`, async () => {
      const home = await adminHome();
      const old = await create(home, `rot-${step}`, 'read:things');
      const usersBefore = ctx.fake.users.size;
      const target = path(old.id);
      // Only the rotation's own call fails (the create above already used POST /permissions).
      ctx.fake.failOn({
        method,
        path:
          typeof target === 'string'
            ? target
            : new RegExp(target.source.replace('[a-z2-7]{12}', `(?!${old.id})[a-z2-7]{12}`)),
        status: 403,
        body: {
          statusCode: 403,
          error: 'Forbidden',
          message: 'injected refusal',
          errorCode: 'insufficient_scope',
        },
      });
      const result = await tobira(home, ['apikey', 'rotate', 'admin', old.id, '--json']);
      expect(result.code).toBe(3);
      expect(result.stdout).toBe('');
      expect(result.stderr).toMatch(/nothing was changed; the old key still works/);
      expect(await keyWorks(old.key)).toBe(200);
      expect(ctx.fake.users.size).toBe(usersBefore);
    });
  }

  it('failing to delete the old user blocks it instead: the new key is printed, the old is dead (exit 0, warning)', async () => {
    const home = await adminHome();
    const old = await create(home, 'rot-delete', 'read:things');
    ctx.fake.failOn({ method: 'DELETE', path: `/api/v2/users/auth0|${old.id}`, status: 503 });
    const result = await tobira(home, ['apikey', 'rotate', 'admin', old.id, '--json']);
    expect(result.code, result.stderr).toBe(0);
    const fresh = JSON.parse(result.stdout) as Created;
    expect(await keyWorks(fresh.key)).toBe(200);
    expect(await keyWorks(old.key)).toBe(401);
    expect(ctx.fake.user(`auth0|${old.id}`)?.blocked).toBe(true);
    expect(result.stderr).toContain(`tobira apikey revoke admin ${old.id}`);
  });

  it('failing to delete AND block the old user: new key printed, exit non-zero, loudly "old key still active"', async () => {
    const home = await adminHome();
    const old = await create(home, 'rot-alive', 'read:things');
    ctx.fake.failOn({ method: 'DELETE', path: `/api/v2/users/auth0|${old.id}`, status: 503 });
    ctx.fake.failOn({ method: 'PATCH', path: `/api/v2/users/auth0|${old.id}`, status: 503 });
    const result = await tobira(home, ['apikey', 'rotate', 'admin', old.id]);
    expect(result.code).toBe(4);
    const newKey = result.stdout.trim();
    expect(newKey).toMatch(KEY_SHAPE);
    expect(await keyWorks(newKey)).toBe(200);
    expect(result.stderr).toMatch(/OLD KEY .* IS STILL ACTIVE/);
    expect(result.stderr).toContain(`tobira apikey revoke admin ${old.id}`);
    ctx.fake.clearFailures();
    await ok(home, ['apikey', 'revoke', 'admin', old.id]);
    expect(await keyWorks(old.key)).toBe(403);
  });

  it('a create whose permissions cannot be assigned is undone (no key without permissions is left)', async () => {
    const home = await adminHome();
    const before = ctx.fake.users.size;
    const result = await tobira(home, [
      'apikey',
      'create',
      'admin',
      '--name',
      'x',
      '--permissions',
      'fly:things',
    ]);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(/fly:things/);
    expect(ctx.fake.users.size).toBe(before);
  });
});

describe('rejected keys', () => {
  it('a revoked key and a blocked key fail login with exit 3 and say why', async () => {
    const home = await adminHome();
    const revoked = await create(home, 'to-revoke');
    const blocked = await create(home, 'to-block');
    expect((await addKeyProfile(home, 'revoked', revoked.key)).code).toBe(0);
    expect((await addKeyProfile(home, 'blocked', blocked.key)).code).toBe(0);
    await ok(home, ['apikey', 'revoke', 'admin', revoked.id]);
    ctx.fake.block(`auth0|${blocked.id}`);
    const r = await tobira(home, ['login', 'revoked']);
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/wrong key id or secret/);
    const b = await tobira(home, ['login', 'blocked']);
    expect(b.code).toBe(3);
    expect(b.stderr).toMatch(/is blocked/);
    const list = JSON.parse((await ok(home, ['apikey', 'list', 'admin', '--json'])).stdout) as Array<
      Record<string, unknown>
    >;
    expect(list.find((key) => key.id === blocked.id)?.blocked).toBe(true);
    const ja = await tobira(home, ['login', 'blocked', '--lang', 'ja']);
    expect(ja.stderr).toMatch(/ブロック/);
  });

  it('a corrupted key fails locally with exit 2 and no HTTP request', async () => {
    const home = await adminHome();
    const { key } = await create(home, 'typo');
    const seen = ctx.fake.requests.length;
    const flipped = key.slice(0, 20) + (key[20] === 'a' ? 'b' : 'a') + key.slice(21);
    const typo = await addKeyProfile(home, 'typo', flipped);
    expect(typo.code).toBe(2);
    expect(typo.stderr).toMatch(/checksum/);
    const truncated = await addKeyProfile(home, 'short', key.slice(0, -1));
    expect(truncated.code).toBe(2);
    expect(truncated.stderr).toMatch(/not a Tobira Auth0 API key/);
    expect(ctx.fake.requests.length).toBe(seen);
    expect(typo.stderr).not.toContain(flipped);
  });

  it('a wrong management secret is exit 3 with a hint; an unknown audience on login is exit 3', async () => {
    const home = await adminHome('bad', 'not-the-secret');
    const result = await tobira(home, ['apikey', 'list', 'bad']);
    expect(result.code).toBe(3);
    expect(result.stderr).toMatch(/rejected the client/);
    expect(result.stderr).not.toContain('not-the-secret');
    const admin = await adminHome();
    const { key } = await create(admin, 'audience');
    const profile = await addKeyProfile(admin, 'elsewhere', key, 'https://unknown.example');
    expect(profile.code).toBe(0);
    const login = await tobira(admin, ['login', 'elsewhere']);
    expect(login.code).toBe(3);
    expect(login.stderr).toMatch(/does not know the API.*--audience/);
  });
});

describe('rate limits', () => {
  it('waits out 429s (Retry-After / X-RateLimit-Reset) with bounded backoff', async () => {
    const home = await adminHome();
    await ok(home, ['apikey', 'list', 'admin']);
    ctx.fake.rateLimit({ api: 'management', count: 2, retryAfterSeconds: 0 });
    ctx.fake.rateLimit({ api: 'management', count: 1, resetInSeconds: 0 });
    const started = Date.now();
    await ok(home, ['apikey', 'create', 'admin', '--name', 'limited', '--permissions', 'read:things']);
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  it('a long Retry-After fails fast with exit 4 and says when to retry', async () => {
    const home = await adminHome();
    await ok(home, ['apikey', 'list', 'admin']);
    ctx.fake.rateLimit({ api: 'management', count: 1, retryAfterSeconds: 120 });
    const result = await tobira(home, ['apikey', 'list', 'admin']);
    expect(result.code).toBe(4);
    expect(result.stderr).toMatch(/rate limit.*120 s/);
  });

  it('endless 429s stop after a bounded number of attempts (exit 4)', async () => {
    const home = await adminHome();
    await ok(home, ['apikey', 'list', 'admin']);
    const before = ctx.fake.managementRequests().length;
    ctx.fake.rateLimit({ api: 'management', count: 50, retryAfterSeconds: 0 });
    const result = await tobira(home, ['apikey', 'list', 'admin']);
    expect(result.code).toBe(4);
    expect(ctx.fake.managementRequests().length - before).toBe(5);
    ctx.fake.clearFailures();
  });
});
