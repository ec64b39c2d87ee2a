import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { awsImporter } from '../../../../../electron/core/providers/aws';
import { translate } from '../../../../../shared/i18n';

const ROLE = 'arn:aws:iam::210987654321:role/Admin';

async function planOf(config: string) {
  const dir = mkdtempSync(join(tmpdir(), 'tobira-import-'));
  writeFileSync(join(dir, 'config'), config);
  return awsImporter.plan({ path: dir, env: {} });
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

  it('a role with source_profile is still imported', async () => {
    const plan = await planOf(`[profile ops]
role_arn = ${ROLE}
source_profile = default
`);
    expect(plan.candidates).toEqual([
      expect.objectContaining({
        name: 'ops',
        type: 'aws-role',
        fields: { source: 'default', roleArn: ROLE },
      }),
    ]);
  });
});
