import { describe, expect, it } from 'vitest';
import { profileTypes, providerSessions } from '../../../../electron/core/providers';

describe('which profile types exec --server serves', () => {
  it('every type whose sessions are AWS credentials, and no other', () => {
    const served = profileTypes().filter((type) => providerSessions(type)?.provider === 'aws');
    expect(served).toEqual(expect.arrayContaining(['aws-iam-user', 'aws-role', 'aws-krypton', 'aws-sso']));
    for (const type of ['totp', 'soracom', 'alibaba', 'idp-server', 'auth0-apikey', 'aws-sso-session']) {
      expect(served).not.toContain(type);
    }
  });
});
