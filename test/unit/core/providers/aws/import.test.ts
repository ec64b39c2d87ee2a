import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { awsImporter } from '../../../../../electron/core/providers/aws';
import { translate } from '../../../../../shared/i18n';

const ROLE = 'arn:aws:iam::210987654321:role/Admin';

async function planOf(config: string, existing?: ReadonlyMap<string, string>) {
  const dir = mkdtempSync(join(tmpdir(), 'tobira-import-'));
  writeFileSync(join(dir, 'config'), config);
  return awsImporter.plan({ path: dir, env: {}, ...(existing ? { existing } : {}) });
}

describe('profile import aws: roles it cannot import say why', () => {
  it('a web_identity_token_file profile is skipped as a web identity role, not as a credential_source one', async () => {
    const plan = await planOf(`[profile eks]
role_arn = ${ROLE}
web_identity_token_file = /var/run/secrets/eks.amazonaws.com/serviceaccount/token
role_session_name = pod
`);
    expect(plan.candidates).toEqual([]);
    expect(plan.skipped).toEqual([
      expect.objectContaining({ name: 'eks', reason: 'import.aws.webIdentity' }),
    ]);
    const text = translate('en', 'import.aws.webIdentity');
    expect(text).toMatch(/web_identity_token_file/);
    expect(text).not.toMatch(/credential_source/);
  });

  it('credential_source names its source; a role with neither says source_profile is missing', async () => {
    const plan = await planOf(`[profile ec2]
role_arn = ${ROLE}
credential_source = Ec2InstanceMetadata

[profile bare]
role_arn = ${ROLE}
`);
    expect(plan.skipped).toEqual([
      expect.objectContaining({ name: 'bare', reason: 'import.aws.noSourceProfile' }),
      expect.objectContaining({
        name: 'ec2',
        reason: 'import.aws.credentialSource',
        params: { source: 'Ec2InstanceMetadata' },
      }),
    ]);
    expect(translate('en', 'import.aws.credentialSource', { source: 'Ec2InstanceMetadata' })).toMatch(
      /credential_source = Ec2InstanceMetadata/,
    );
    expect(translate('en', 'import.aws.noSourceProfile')).not.toMatch(/credential_source/);
  });

  it('a role whose source_profile is a Tobira profile already is still imported', async () => {
    const plan = await planOf(
      `[profile ops]
role_arn = ${ROLE}
source_profile = default
`,
      new Map([['default', 'aws-iam-user']]),
    );
    expect(plan.candidates).toEqual([
      expect.objectContaining({
        name: 'ops',
        type: 'aws-role',
        fields: { source: 'default', roleArn: ROLE },
      }),
    ]);
  });

  it('a role whose source_profile is nowhere is skipped, naming it, and so is a role chained on it', async () => {
    const plan = await planOf(`[profile base]
role_arn = ${ROLE}
source_profile = gone

[profile chained]
role_arn = ${ROLE}
source_profile = base

[profile user]
aws_access_key_id = AKIAIOSFODNN7EXAMPLE
aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY

[profile fine]
role_arn = ${ROLE}
source_profile = user
`);
    expect(plan.candidates.map((candidate) => candidate.name).sort()).toEqual(['fine', 'user']);
    expect(plan.skipped).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          name: 'base',
          reason: 'import.aws.sourceMissing',
          params: { source: 'gone' },
        }),
        expect.objectContaining({
          name: 'chained',
          reason: 'import.aws.sourceMissing',
          params: { source: 'base' },
        }),
      ]),
    );
    expect(translate('ja', 'import.aws.sourceMissing', { source: 'gone' })).toContain('gone');
  });
});
