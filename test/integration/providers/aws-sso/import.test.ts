import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ssoWorld, type SsoWorld } from './world';

let world: SsoWorld | undefined;
afterEach(async () => {
  await world?.close();
  world = undefined;
});

interface Listed {
  name: string;
  type: string;
  fields: Record<string, unknown>;
}

describe('profile import aws: IAM Identity Center', () => {
  it('imports [sso-session] sections, sso_session profiles and the legacy sso_start_url form', async () => {
    const w = (world = await ssoWorld());
    const config = [
      '[profile dev]',
      'sso_session = corp',
      'sso_account_id = 222222222222',
      'sso_role_name = Developer',
      'region = us-east-2',
      '',
      '[sso-session corp]',
      `sso_start_url = ${w.sso.startUrl}`,
      `sso_region = ${w.sso.region}`,
      'sso_registration_scopes = sso:account:access',
      '',
      '[profile old]',
      `sso_start_url = ${w.sso.startUrl}`,
      `sso_region = ${w.sso.region}`,
      'sso_account_id = 111111111111',
      'sso_role_name = ReadOnly',
      '',
    ].join('\n');
    const path = w.env.AWS_CONFIG_FILE as string;
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, config);
    const imported = await w.run(['profile', 'import', 'aws']);
    expect(imported.code, imported.stderr).toBe(0);
    expect(readFileSync(path, 'utf8')).toBe(config);
    const profiles = JSON.parse((await w.run(['profile', 'list', '--json'])).stdout) as Listed[];
    const byName = new Map(profiles.map((profile) => [profile.name, profile]));
    expect(byName.get('corp')).toMatchObject({
      type: 'aws-sso-session',
      fields: { startUrl: w.sso.startUrl, ssoRegion: w.sso.region, scopes: ['sso:account:access'] },
    });
    expect(byName.get('dev')).toMatchObject({
      type: 'aws-sso',
      fields: { session: 'corp', accountId: '222222222222', roleName: 'Developer', region: 'us-east-2' },
    });
    expect(byName.get('sso-d-1234567890')).toMatchObject({
      type: 'aws-sso-session',
      fields: { legacyCache: true },
    });
    expect(byName.get('old')).toMatchObject({
      type: 'aws-sso',
      fields: { session: 'sso-d-1234567890', accountId: '111111111111', roleName: 'ReadOnly' },
    });

    // Both forms sign in and hand out credentials; the legacy session's token is cached under the start URL's sha1.
    const dev = await w.run(['export', 'dev', '--format', 'json']);
    expect(dev.code, dev.stderr).toBe(0);
    const old = await w.run(['export', 'old', '--format', 'json']);
    expect(old.code, old.stderr).toBe(0);
    const cache = join(w.userHome, '.aws', 'sso', 'cache');
    const sha1 = (text: string) => createHash('sha1').update(text).digest('hex');
    expect(existsSync(join(cache, `${sha1('corp')}.json`))).toBe(true);
    expect(existsSync(join(cache, `${sha1(w.sso.startUrl)}.json`))).toBe(true);
  });

  it('skips, with the reason, a role whose sso-session is neither importable here nor a Tobira profile', async () => {
    const w = (world = await ssoWorld());
    // "known" is already a Tobira session; "broken" is in the file but cannot be imported (no start URL).
    const known = await w.run([
      'profile',
      'add',
      'known',
      '--type',
      'aws-sso-session',
      '--start-url',
      w.sso.startUrl,
      '--sso-region',
      w.sso.region,
    ]);
    expect(known.code, known.stderr).toBe(0);
    const config = [
      '[profile lost]',
      'sso_session = missing',
      'sso_account_id = 222222222222',
      'sso_role_name = Developer',
      '',
      '[sso-session broken]',
      `sso_region = ${w.sso.region}`,
      '',
      '[profile halfway]',
      'sso_session = broken',
      'sso_account_id = 222222222222',
      'sso_role_name = Developer',
      '',
      '[profile fine]',
      'sso_session = known',
      'sso_account_id = 111111111111',
      'sso_role_name = ReadOnly',
      '',
    ].join('\n');
    const path = w.env.AWS_CONFIG_FILE as string;
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, config);
    for (const dryRun of [true, false]) {
      const out = await w.run(['profile', 'import', 'aws', '--json', ...(dryRun ? ['--dry-run'] : [])]);
      expect(out.code, out.stderr).toBe(0);
      const result = JSON.parse(out.stdout) as {
        imported: Array<{ name: string }>;
        skipped: Array<{ name: string; reason: string }>;
      };
      expect(result.imported.map((row) => row.name)).toEqual(['fine']);
      const reasons = new Map(result.skipped.map((row) => [row.name, row.reason]));
      expect(reasons.get('lost')).toContain('missing');
      expect(reasons.get('lost')).toContain('tobira profile add missing --type aws-sso-session');
      expect(reasons.get('halfway')).toContain('broken');
    }
    const profiles = JSON.parse((await w.run(['profile', 'list', '--json'])).stdout) as Listed[];
    expect(profiles.map((profile) => profile.name).sort()).toEqual(['fine', 'known']);
  });
});
