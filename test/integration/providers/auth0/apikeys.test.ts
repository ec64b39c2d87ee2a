import { describe, expect, it } from 'vitest';
import { filesContaining } from '../../../harness/canary';
import { jwtPayload, PASSWORD_REALM, type FakeAuth0 } from '../../../fakes/auth0';
import { KEY_SHAPE, MGMT_SECRET, useAuth0, type Created } from './helpers';

const { ctx, tobira, ok, adminHome, addKeyProfile, create, keyWorks } = useAuth0();

describe('apikey lifecycle', () => {
  it('create → profile → login/export/exec → list → permissions → rotate → revoke', async () => {
    const home = await adminHome();
    // create: human output is the key alone on stdout; the rest on stderr.
    const human = await ok(home, [
      'apikey',
      'create',
      'admin',
      '--name',
      'CI deploy',
      '--permissions',
      'read:things',
    ]);
    expect(human.stdout.trim()).toMatch(KEY_SHAPE);
    expect(human.stderr).toMatch(/only time/);
    const created = await create(home, 'CI build', 'read:things,write:things');
    expect(Object.keys(created).sort()).toEqual(['id', 'key', 'name', 'permissions']);
    expect(created).toMatchObject({ name: 'CI build', permissions: ['read:things', 'write:things'] });
    expect(created.key).toMatch(KEY_SHAPE);
    expect(created.key.startsWith(`tbk_${created.id}_`)).toBe(true);
    const user = ctx.fake.user(`auth0|${created.id}`);
    expect(user?.connection).toBe(ctx.tenant.connection);
    expect(user?.permissions.map((permission) => permission.permission_name)).toEqual([
      'read:things',
      'write:things',
    ]);
    // Auth0 stores the secret part as the user's password; Tobira stores nothing.
    expect(filesContaining(home, created.key)).toEqual([]);

    // The management token is cached: a second command asks for no new one.
    const before = ctx.fake.tokensIssued('client_credentials');
    await ok(home, ['apikey', 'list', 'admin']);
    expect(ctx.fake.tokensIssued('client_credentials')).toBe(before);

    // auth0-apikey profile: login exchanges by password-realm, caches until expiry.
    expect((await addKeyProfile(home, 'ci', created.key)).code).toBe(0);
    const login = await ok(home, ['login', 'ci', '--json']);
    const session = JSON.parse(login.stdout) as Record<string, string>;
    expect(Object.keys(session).sort()).toEqual([
      'accessToken',
      'expiration',
      'profile',
      'provider',
      'tokenType',
    ]);
    expect(session).toMatchObject({ profile: 'ci', provider: 'auth0', tokenType: 'Bearer' });
    expect(session.expiration).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    expect(jwtPayload(session.accessToken as string)).toMatchObject({
      sub: `auth0|${created.id}`,
      permissions: ['read:things', 'write:things'],
    });
    const body = new URLSearchParams(ctx.fake.requests.filter((r) => r.path === '/oauth/token').at(-1)?.body);
    expect(Object.fromEntries(body)).toEqual({
      grant_type: PASSWORD_REALM,
      client_id: ctx.tenant.exchangerClientId,
      username: `${created.id}@apikey.invalid`,
      password: created.key.slice(-38, -6),
      realm: ctx.tenant.connection,
      audience: ctx.tenant.audience,
    });
    const exchanges = ctx.fake.tokensIssued(PASSWORD_REALM);
    const human2 = await ok(home, ['login', 'ci']);
    expect(human2.stdout).toContain(`API key ${created.id}`);
    expect(ctx.fake.tokensIssued(PASSWORD_REALM)).toBe(exchanges);
    const exported = await ok(home, ['export', 'ci', '--format', 'env']);
    expect(exported.stdout).toContain(`export AUTH0_ACCESS_TOKEN='${session.accessToken}'`);
    expect(exported.stdout).toContain(`export AUTH0_AUDIENCE='${ctx.tenant.audience}'`);
    const json = JSON.parse((await ok(home, ['export', 'ci', '--format', 'json'])).stdout) as Record<
      string,
      string
    >;
    expect(json.accessToken).toBe(session.accessToken);
    const exec = await ok(home, [
      'exec',
      'ci',
      '--',
      process.execPath,
      '-e',
      'process.stdout.write(process.env.AUTH0_ACCESS_TOKEN)',
    ]);
    expect(exec.stdout).toBe(session.accessToken);

    // list: names, ids, permissions, created, blocked.
    const list = JSON.parse((await ok(home, ['apikey', 'list', 'admin', '--json'])).stdout) as Array<
      Record<string, unknown>
    >;
    const entry = list.find((key) => key.id === created.id);
    expect(entry).toMatchObject({
      name: 'CI build',
      permissions: ['read:things', 'write:things'],
      blocked: false,
    });
    expect(String(entry?.created)).toMatch(/^\d{4}-/);
    const table = await ok(home, ['apikey', 'list', 'admin']);
    expect(table.stdout).toMatch(/^ID\s+NAME\s+PERMISSIONS\s+CREATED\s+BLOCKED/);
    expect(table.stdout).toMatch(new RegExp(`${created.id}\\s+CI build\\s+read:things,write:things`));

    // permissions: add, remove, set (= diff).
    const perms = async (...args: string[]) =>
      JSON.parse(
        (await ok(home, ['apikey', 'permissions', 'admin', created.id, ...args, '--json'])).stdout,
      ) as {
        permissions: string[];
        added: string[];
        removed: string[];
      };
    expect((await perms('--add', 'delete:things')).permissions).toEqual([
      'read:things',
      'write:things',
      'delete:things',
    ]);
    expect((await perms('--remove', 'write:things')).permissions).toEqual(['read:things', 'delete:things']);
    const set = await perms('--set', 'write:things,read:things');
    expect(set).toMatchObject({ added: ['write:things'], removed: ['delete:things'] });
    expect(
      ctx.fake
        .user(`auth0|${created.id}`)
        ?.permissions.map((p) => p.permission_name)
        .sort(),
    ).toEqual(['read:things', 'write:things']);
    const both = await tobira(home, [
      'apikey',
      'permissions',
      'admin',
      created.id,
      '--set',
      'a:b',
      '--add',
      'c:d',
    ]);
    expect(both.code).toBe(2);

    // rotate: same shape as create, same permissions, old key dead, --save-as updates the profile.
    const rotated = await ok(home, ['apikey', 'rotate', 'admin', created.id, '--save-as', 'ci', '--json']);
    const fresh = JSON.parse(rotated.stdout) as Created;
    expect(Object.keys(fresh).sort()).toEqual(['id', 'key', 'name', 'permissions']);
    expect(fresh).toMatchObject({ name: 'CI build', permissions: ['read:things', 'write:things'] });
    expect(fresh.id).not.toBe(created.id);
    expect(ctx.fake.user(`auth0|${created.id}`)).toBeUndefined();
    expect(await keyWorks(created.key)).toBe(403);
    expect(await keyWorks(fresh.key)).toBe(200);
    const relogin = JSON.parse((await ok(home, ['login', 'ci', '--json'])).stdout) as Record<string, string>;
    expect(jwtPayload(relogin.accessToken as string).sub).toBe(`auth0|${fresh.id}`);

    // revoke: the key stops working; a second revoke is a clear "not found".
    await ok(home, ['apikey', 'revoke', 'admin', fresh.id]);
    expect(await keyWorks(fresh.key)).toBe(403);
    const again = await tobira(home, ['apikey', 'revoke', 'admin', fresh.id]);
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/no key/);
  });

  it('refuses to touch a user outside the key connection', async () => {
    const home = await adminHome();
    ctx.fake.addConnection({ name: 'Username-Password-Authentication' });
    ctx.fake.users.set('auth0|human', {
      ...(ctx.fake.user(`auth0|${(await create(home, 'tmp')).id}`) as NonNullable<
        ReturnType<FakeAuth0['user']>
      >),
      user_id: 'auth0|human',
      connection: 'Username-Password-Authentication',
      email: 'human@example.com',
    });
    const result = await tobira(home, ['apikey', 'revoke', 'admin', 'human']);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/not in the key connection/);
    expect(ctx.fake.user('auth0|human')).toBeDefined();
  });
});

describe('secrets stay secret', () => {
  it('no management secret or API key in TOBIRA_HOME files, outputs (except the key once) or argv', async () => {
    const home = await adminHome();
    const created = await create(home, 'canary');
    const profileKey = await create(home, 'canary-saved');
    await ok(home, [
      'apikey',
      'create',
      'admin',
      '--name',
      'saved',
      '--save-as',
      'saved',
      '--client-id',
      ctx.tenant.exchangerClientId,
    ]);
    await ok(home, ['login', 'saved']);
    await ok(home, ['login', 'admin']);
    await ok(home, ['profile', 'show', 'saved', '--json']);
    await ok(home, ['profile', 'list', '--json']);
    await ok(home, ['status']);
    const secrets = [MGMT_SECRET, created.key, created.key.slice(-38, -6), profileKey.key];
    for (const secret of secrets) expect(filesContaining(home, secret)).toEqual([]);
    // The key appears in exactly the one output that created it.
    for (const secret of [created.key, profileKey.key]) {
      expect(ctx.outputs.filter((output) => output.includes(secret)).length).toBe(1);
    }
    expect(ctx.outputs.some((output) => output.includes(MGMT_SECRET))).toBe(false);
    // Secrets are never arguments: every command of this file passed them on stdin only.
    for (const request of ctx.fake.requests) expect(request.url).not.toContain(MGMT_SECRET);
  });
});
