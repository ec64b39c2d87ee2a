import {
  chmodSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  statSync,
  symlinkSync,
  writeFileSync,
  existsSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { alibabaLinker } from '../../../../../electron/core/providers/alibaba/link';
import { awsConfigLinker } from '../../../../../electron/core/providers/aws/link';
import { soracomLinker } from '../../../../../electron/core/providers/soracom/link';
import type { LinkContext } from '../../../../../electron/core/providers/types';
import type { ProfileRecord } from '../../../../../electron/core/vault/schema';

const TOBIRA = ['/opt/tobira/tobira'];
const LINKED = (name: string) => `credential_process = /opt/tobira/tobira credential-process ${name}`;

function record(name: string, type: string, fields: Record<string, unknown>): ProfileRecord {
  return {
    id: '00000000-0000-4000-8000-000000000000',
    name,
    type,
    fields,
    secrets: {},
    createdAt: '2026-01-01T00:00:00.000Z',
    updatedAt: '2026-01-01T00:00:00.000Z',
  };
}

const WORK = record('work', 'aws-iam-user', {
  accessKeyId: 'AKIAIOSFODNN7EXAMPLE',
  region: 'ap-northeast-1',
});
const PROD = record('prod', 'aws-role', { source: 'work', roleArn: 'arn:aws:iam::123456789012:role/Admin' });
const BARE = record('bare', 'aws-role', {
  source: 'nowhere',
  roleArn: 'arn:aws:iam::123456789012:role/Admin',
});

function home(): { dir: string; config: string; context: LinkContext } {
  const dir = mkdtempSync(join(tmpdir(), 'tobira-link-'));
  mkdirSync(join(dir, '.aws'));
  const profiles = [WORK, PROD, BARE];
  return {
    dir,
    config: join(dir, '.aws', 'config'),
    context: {
      env: { HOME: dir },
      tobiraCommand: TOBIRA,
      profileOf: (name) => profiles.find((profile) => profile.name === name),
    },
  };
}

describe('link ~/.aws/config: what is ours is marked, the rest stays the user’s', () => {
  it('writes a marker, the command and the region of the source chain; unlink gives back the bytes', async () => {
    const { config, context } = home();
    const original = '[default]\nregion = eu-west-1';
    writeFileSync(config, original);
    const result = await awsConfigLinker.link(context, PROD);
    expect(result).toMatchObject({ changed: true, notices: [] });
    expect(readFileSync(config, 'utf8')).toBe(
      `${original}\n\n[profile prod]\n# managed by tobira: credential_process region\n${LINKED('prod')}\nregion = ap-northeast-1`,
    );
    expect((await awsConfigLinker.link(context, PROD)).changed).toBe(false);
    expect((await awsConfigLinker.unlink(context, PROD)).changed).toBe(true);
    expect(readFileSync(config, 'utf8')).toBe(original);
  });

  it('says so when no region can be found, and writes none', async () => {
    const { config, context } = home();
    const result = await awsConfigLinker.link(context, BARE);
    expect(result.notices).toEqual([{ key: 'aws.link.noRegion', params: { name: 'bare' } }]);
    expect(readFileSync(config, 'utf8')).not.toContain('region');
  });

  it('unlink keeps the keys the user added (section, header and all), never hands them to the profile above', async () => {
    const { config, context } = home();
    const original = '[profile above]\nregion = us-east-1\n';
    writeFileSync(config, original);
    await awsConfigLinker.link(context, PROD);
    const linked = readFileSync(config, 'utf8');
    writeFileSync(config, `${linked}# my settings\noutput = json\ncli_pager =\n`);
    const result = await awsConfigLinker.unlink(context, PROD);
    expect(result.notices).toEqual([
      { key: 'aws.unlink.sectionKept', params: { name: 'prod', path: config, keys: 'output, cli_pager' } },
    ]);
    expect(readFileSync(config, 'utf8')).toBe(
      `${original}\n[profile prod]\n# my settings\noutput = json\ncli_pager =\n`,
    );
    // Linking again takes the section back without touching the user's lines.
    await awsConfigLinker.link(context, PROD);
    expect(readFileSync(config, 'utf8')).toBe(
      `${original}\n[profile prod]\n# managed by tobira: credential_process region\n${LINKED('prod')}\nregion = ap-northeast-1\n# my settings\noutput = json\ncli_pager =\n`,
    );
  });

  it('a region the user set in the section is theirs: link leaves it, unlink keeps it', async () => {
    const { config, context } = home();
    await awsConfigLinker.link(context, BARE);
    writeFileSync(config, `${readFileSync(config, 'utf8')}region = sa-east-1\n`);
    await awsConfigLinker.link(context, PROD); // another profile: no effect on bare
    expect((await awsConfigLinker.link(context, BARE)).changed).toBe(false);
    await awsConfigLinker.unlink(context, BARE);
    expect(readFileSync(config, 'utf8')).toContain('[profile bare]\nregion = sa-east-1\n');
  });

  it('never takes over or deletes a section someone else wrote, even one whose command ends the same way', async () => {
    const { config, context } = home();
    const foreign = [
      '[profile prod]\ncredential_process = /opt/other/helper credential-process prod\n',
      '[profile  prod]\nrole_arn = arn:aws:iam::123456789012:role/Mine\nsource_profile = default\n',
      '[profile\t"prod"]\nsso_session = corp\n',
    ];
    for (const text of foreign) {
      writeFileSync(config, text);
      for (const verb of ['link', 'unlink'] as const) {
        await expect(awsConfigLinker[verb](context, PROD)).rejects.toMatchObject({
          key: 'aws.link.foreignProfile',
        });
      }
      expect(readFileSync(config, 'utf8')).toBe(text);
    }
  });

  it('adds its lines to a section holding only settings, and unlink gives that section back as it was', async () => {
    const { config, context } = home();
    const original = '[profile  prod]\r\noutput = json\r\n';
    writeFileSync(config, original);
    await awsConfigLinker.link(context, PROD);
    expect(readFileSync(config, 'utf8')).toBe(
      `[profile  prod]\r\n# managed by tobira: credential_process region\r\n${LINKED('prod')}\r\nregion = ap-northeast-1\r\noutput = json\r\n`,
    );
    await awsConfigLinker.unlink(context, PROD);
    expect(readFileSync(config, 'utf8')).toBe(original);
    expect((await awsConfigLinker.unlink(context, PROD)).changed).toBe(false);
    expect(readFileSync(config, 'utf8')).toBe(original);
  });

  it('takes over a section an older tobira wrote (exactly its command, no marker) and marks it', async () => {
    const { config, context } = home();
    writeFileSync(config, `[profile bare]\n${LINKED('bare')}\n`);
    await awsConfigLinker.link(context, BARE);
    expect(readFileSync(config, 'utf8')).toBe(
      `[profile bare]\n# managed by tobira: credential_process\n${LINKED('bare')}\n`,
    );
    await awsConfigLinker.unlink(context, BARE);
    expect(readFileSync(config, 'utf8')).toBe('');
  });

  it('keeps a byte order mark, CRLF endings and a missing final newline through link and unlink', async () => {
    const { config, context } = home();
    const original = Buffer.from(
      '\uFEFF[default]\r\nregion = eu-west-1\r\n; note\r\n[profile x]\r\noutput = json',
      'utf8',
    );
    writeFileSync(config, original);
    await awsConfigLinker.link(context, PROD);
    const linked = readFileSync(config, 'utf8');
    expect(linked.startsWith('\uFEFF[default]\r\n')).toBe(true);
    expect(linked).toContain(
      'output = json\r\n\r\n[profile prod]\r\n# managed by tobira: credential_process region\r\n',
    );
    expect(linked.endsWith('region = ap-northeast-1')).toBe(true);
    await awsConfigLinker.unlink(context, PROD);
    expect(readFileSync(config)).toEqual(original);
  });

  it('warns when ~/.aws/credentials or the environment would shadow the link', async () => {
    const { dir, context } = home();
    writeFileSync(join(dir, '.aws', 'credentials'), '[prod]\naws_access_key_id = AKIAIOSFODNN7EXAMPLE\n');
    const result = await awsConfigLinker.link(
      { ...context, env: { ...context.env, AWS_ACCESS_KEY_ID: 'AKIA0', AWS_PROFILE: 'other' } },
      PROD,
    );
    expect(result.notices?.map((notice) => notice.key)).toEqual([
      'aws.link.shadowedByCredentials',
      'aws.link.shadowedByEnvKeys',
      'aws.link.shadowedByEnvProfile',
    ]);
    expect((await awsConfigLinker.link(context, WORK)).notices).toEqual([]);
  });
});

describe('link writes through symlinked dotfiles (stow, chezmoi, home-manager)', () => {
  it('~/.aws/config: the dotfile is edited, the symlink and the file mode stay', async () => {
    const { dir, config, context } = home();
    mkdirSync(join(dir, 'dotfiles', 'aws'), { recursive: true });
    const real = join(dir, 'dotfiles', 'aws', 'config');
    writeFileSync(real, '[default]\nregion = eu-west-1\n');
    chmodSync(real, 0o640);
    symlinkSync('../dotfiles/aws/config', config);
    await awsConfigLinker.link(context, PROD);
    expect(lstatSync(config).isSymbolicLink()).toBe(true);
    expect(readFileSync(real, 'utf8')).toContain('[profile prod]');
    expect(statSync(real).mode & 0o777).toBe(0o640);
    await awsConfigLinker.unlink(context, PROD);
    expect(lstatSync(config).isSymbolicLink()).toBe(true);
    expect(readFileSync(real, 'utf8')).toBe('[default]\nregion = eu-west-1\n');
  });

  it('a dangling symlink gets its target created', async () => {
    const { dir, config, context } = home();
    mkdirSync(join(dir, 'dotfiles'));
    symlinkSync(join(dir, 'dotfiles', 'config'), config);
    await awsConfigLinker.link(context, PROD);
    expect(lstatSync(config).isSymbolicLink()).toBe(true);
    expect(readFileSync(join(dir, 'dotfiles', 'config'), 'utf8')).toContain('[profile prod]');
    expect(statSync(join(dir, 'dotfiles', 'config')).mode & 0o777).toBe(0o600);
  });

  it('~/.aliyun/config.json and ~/.soracom/NAME.json too', async () => {
    const { dir, context } = home();
    mkdirSync(join(dir, 'dotfiles'));
    mkdirSync(join(dir, '.aliyun'));
    mkdirSync(join(dir, '.soracom'));
    const aliyunReal = join(dir, 'dotfiles', 'aliyun.json');
    writeFileSync(aliyunReal, JSON.stringify({ current: 'x', profiles: [{ name: 'x', mode: 'AK' }] }));
    chmodSync(aliyunReal, 0o644);
    symlinkSync(aliyunReal, join(dir, '.aliyun', 'config.json'));
    const ali = record('ali', 'alibaba', { site: 'intl' });
    await alibabaLinker.link(context, ali);
    expect(lstatSync(join(dir, '.aliyun', 'config.json')).isSymbolicLink()).toBe(true);
    expect(readFileSync(aliyunReal, 'utf8')).toContain('"name": "ali"');
    expect(statSync(aliyunReal).mode & 0o777).toBe(0o644);
    await alibabaLinker.unlink(context, ali);
    expect(lstatSync(join(dir, '.aliyun', 'config.json')).isSymbolicLink()).toBe(true);
    expect(readFileSync(aliyunReal, 'utf8')).not.toContain('"ali"');

    const soracomLink = join(dir, '.soracom', 'sam.json');
    const soracomReal = join(dir, 'dotfiles', 'sam.json');
    symlinkSync(soracomReal, soracomLink);
    const sam = record('sam', 'soracom', { mode: 'root', email: 'a@example.com', coverage: 'jp' });
    await soracomLinker.link(context, sam);
    expect(lstatSync(soracomLink).isSymbolicLink()).toBe(true);
    expect(readFileSync(soracomReal, 'utf8')).toContain('profileCommand');
    await soracomLinker.unlink(context, sam);
    // The dotfile is gone, the symlink stays: linking again writes the dotfile again.
    expect(existsSync(soracomReal)).toBe(false);
    expect(lstatSync(soracomLink).isSymbolicLink()).toBe(true);
    await soracomLinker.link(context, sam);
    expect(readFileSync(soracomReal, 'utf8')).toContain('profileCommand');
  });
});
