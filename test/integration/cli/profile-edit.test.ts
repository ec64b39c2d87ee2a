import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FILE_STORE_ENV, runTobira, tempHome } from '../../harness/cli';

const env = FILE_STORE_ENV;
const KEY_ID = 'AKIAIOSFODNN7EXAMPLE';
const OLD_SECRET = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';
const CANARY = 'CanaryEditSecretKey0000000000000000000001';
const MFA = 'arn:aws:iam::123456789012:mfa/alice';
const ROLE = 'arn:aws:iam::210987654321:role/Admin';

type Json = Record<string, unknown> & { fields?: Record<string, unknown> };

async function addUser(home: string, name = 'alice'): Promise<void> {
  const added = await runTobira(
    ['profile', 'add', name, '--type', 'aws-iam-user', '--access-key-id', KEY_ID, '--mfa-serial', MFA],
    { home, env, input: `${OLD_SECRET}\n` },
  );
  expect(added.code).toBe(0);
}

async function show(home: string, name: string): Promise<Json> {
  return JSON.parse((await runTobira(['profile', 'show', name, '--json'], { home })).stdout) as Json;
}

function profilesFile(home: string): string {
  return readFileSync(join(home, 'profiles.json'), 'utf8');
}

describe('tobira profile edit', () => {
  it('changes the flags given, keeps the rest and the secret, and prints the profile with --json', async () => {
    const home = tempHome();
    await addUser(home);
    const edited = await runTobira(['profile', 'edit', 'alice', '--region', 'ap-northeast-1', '--json'], {
      home,
      env,
      input: '',
    });
    expect(edited.code).toBe(0);
    const json = JSON.parse(edited.stdout) as Json;
    expect(json).toMatchObject({ name: 'alice', type: 'aws-iam-user' });
    expect(JSON.stringify(json)).not.toContain(OLD_SECRET);
    const shown = await show(home, 'alice');
    expect(JSON.stringify(shown)).toContain('ap-northeast-1');
    expect(JSON.stringify(shown)).toContain(MFA);
    expect(JSON.stringify(shown)).toContain(KEY_ID);
    // The secret was kept: the file store still has exactly one record for the profile.
    const records = JSON.parse(readFileSync(join(home, 'secrets.enc'), 'utf8')) as { records: object };
    expect(Object.keys(records.records)).toHaveLength(1);
  });

  it('replaces the secret only from stdin, never writing it to argv or profiles.json', async () => {
    const home = tempHome();
    await addUser(home);
    const before = profilesFile(home);
    const edited = await runTobira(['profile', 'edit', 'alice'], { home, env, input: `${CANARY}\n` });
    expect(edited.code).toBe(0);
    expect(edited.stderr).toMatch(/secret was replaced/);
    const after = profilesFile(home);
    expect(after).not.toContain(CANARY);
    expect(after).not.toEqual(before); // a new secret id
    const records = JSON.parse(readFileSync(join(home, 'secrets.enc'), 'utf8')) as { records: object };
    expect(Object.keys(records.records)).toHaveLength(1); // the old value is deleted
    expect(edited.stdout + edited.stderr).not.toContain(CANARY);
  });

  it('refuses what add refuses, with the same message, and changes nothing', async () => {
    const home = tempHome();
    await addUser(home);
    const before = profilesFile(home);
    const bad = await runTobira(['profile', 'edit', 'alice', '--mfa-serial', 'arn:aws:iam:123:mfa'], {
      home,
      env,
      input: '',
    });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/mfaSerial/);
    const short = await runTobira(['profile', 'edit', 'alice'], { home, env, input: 'tooshort\n' });
    expect(short.code).toBe(2);
    expect(profilesFile(home)).toBe(before);
  });

  it.each([
    [['profile', 'edit', 'alice', '--email', 'a@example.com'], /--email/],
    [['profile', 'edit', 'alice', '--bogus'], /unknown option '--bogus'/],
    [['profile', 'edit', 'alice'], /Nothing to change/],
    [['profile', 'edit', 'alice', '--type', 'totp'], /unknown option '--type'/],
  ])('%j exits 2', async (args, message) => {
    const home = tempHome();
    await addUser(home);
    const result = await runTobira(args, { home, env, input: '' });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(message);
  });

  it('a profile that does not exist exits 1', async () => {
    const result = await runTobira(['profile', 'edit', 'nope', '--region', 'us-east-1'], {
      home: tempHome(),
      env,
      input: '',
    });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/No profile named nope/);
  });

  it('a type without a secret refuses --secret', async () => {
    const home = tempHome();
    await addUser(home);
    await runTobira(
      ['profile', 'add', 'admin', '--type', 'aws-role', '--source', 'alice', '--role-arn', ROLE],
      {
        home,
        env,
      },
    );
    const result = await runTobira(['profile', 'edit', 'admin', '--secret'], { home, env, input: 'x\n' });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/no secret to replace/);
  });

  it('SORACOM: changing the sign-in kind drops the old kind and needs the new secret', async () => {
    const home = tempHome();
    const added = await runTobira(
      ['profile', 'add', 'sora', '--type', 'soracom', '--email', 'a@example.com'],
      {
        home,
        env,
        input: 'password-1\n',
      },
    );
    expect(added.code).toBe(0);
    const noSecret = await runTobira(['profile', 'edit', 'sora', '--auth-key-id', 'keyId-abcdefgh'], {
      home,
      env,
      input: '',
    });
    expect(noSecret.code).toBe(2);
    expect(noSecret.stderr).toMatch(/new secret/);
    const edited = await runTobira(['profile', 'edit', 'sora', '--auth-key-id', 'keyId-abcdefgh'], {
      home,
      env,
      input: 'secret-abcdef\n',
    });
    expect(edited.code).toBe(0);
    const fields = (await show(home, 'sora')).fields ?? (await show(home, 'sora'));
    expect(JSON.stringify(fields)).toContain('keyId-abcdefgh');
    expect(JSON.stringify(fields)).not.toContain('a@example.com');
  });
});

it('a switch given on add can be turned off on edit (--no-sandbox)', async () => {
  const home = tempHome();
  const added = await runTobira(
    ['profile', 'add', 'sb', '--type', 'soracom', '--email', 'a@example.com', '--sandbox'],
    {
      home,
      env,
      input: 'pw\n',
    },
  );
  expect(added.code).toBe(0);
  expect(JSON.stringify(await show(home, 'sb'))).toContain('sandbox');
  const off = await runTobira(['profile', 'edit', 'sb', '--no-sandbox'], { home, env, input: '' });
  expect(off.code).toBe(0);
  expect(JSON.stringify(await show(home, 'sb'))).not.toContain('sandbox');
  const help = await runTobira(['profile', 'edit', '--help'], { home });
  expect(help.stdout).toMatch(/--secret[\s\S]*Examples:/);
});

describe('links between profiles', () => {
  it('add and edit refuse a source that does not exist or cannot serve (exit 2)', async () => {
    const home = tempHome();
    await addUser(home);
    await runTobira(['profile', 'add', 'code', '--type', 'totp'], {
      home,
      env,
      input: 'JBSWY3DPEHPK3PXP\n',
    });
    const missing = await runTobira(
      ['profile', 'add', 'admin', '--type', 'aws-role', '--source', 'nosuch', '--role-arn', ROLE],
      { home, env },
    );
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/no profile named nosuch/);
    const wrong = await runTobira(
      [
        'profile',
        'add',
        'sw',
        '--type',
        'soracom-switch',
        '--source',
        'code',
        '--operator-id',
        'OP0012345678',
        '--user',
        'u',
      ],
      { home, env },
    );
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toMatch(/code is a totp profile and cannot be its source.*soracom/);
    const ja = await runTobira(
      [
        '--lang',
        'ja',
        'profile',
        'add',
        'admin',
        '--type',
        'aws-role',
        '--source',
        'code',
        '--role-arn',
        ROLE,
      ],
      { home, env },
    );
    expect(ja.code).toBe(2);
    expect(ja.stderr).toMatch(/ソースにできません/);
    const ok = await runTobira(
      ['profile', 'add', 'admin', '--type', 'aws-role', '--source', 'alice', '--role-arn', ROLE],
      { home, env },
    );
    expect(ok.code).toBe(0);
    const self = await runTobira(['profile', 'edit', 'admin', '--source', 'admin'], { home, env, input: '' });
    expect(self.code).toBe(2);
    expect(self.stderr).toMatch(/its own source/);
    const edited = await runTobira(['profile', 'edit', 'admin', '--source', 'code'], {
      home,
      env,
      input: '',
    });
    expect(edited.code).toBe(2);
  });

  it('rename follows links; remove names dependents and removes them only when asked', async () => {
    const home = tempHome();
    await addUser(home);
    await runTobira(
      ['profile', 'add', 'admin', '--type', 'aws-role', '--source', 'alice', '--role-arn', ROLE],
      {
        home,
        env,
      },
    );
    await runTobira(
      ['profile', 'add', 'deploy', '--type', 'aws-role', '--source', 'admin', '--role-arn', ROLE],
      {
        home,
        env,
      },
    );
    const renamed = await runTobira(['profile', 'rename', 'alice', 'alice2', '--json'], { home, env });
    expect(renamed.code).toBe(0);
    expect(JSON.parse(renamed.stdout)).toMatchObject({ name: 'alice2', relinked: ['admin'] });
    expect(JSON.stringify(await show(home, 'admin'))).toContain('"alice2"');

    const refused = await runTobira(['profile', 'remove', 'alice2', '--yes'], { home, env });
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/admin, deploy uses alice2 as its source.*--with-dependents/);
    const names = () =>
      (JSON.parse(profilesFile(home)) as { profiles: Array<{ name: string }> }).profiles.map((p) => p.name);
    expect(names()).toEqual(['alice2', 'admin', 'deploy']);

    const both = await runTobira(['profile', 'remove', 'alice2', '--with-dependents', '--json'], {
      home,
      env,
    });
    expect(both.code).toBe(0);
    expect(JSON.parse(both.stdout)).toEqual({ removed: 'alice2', dependents: ['admin', 'deploy'] });
    expect(names()).toEqual([]);
  });
});
