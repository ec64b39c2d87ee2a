import { describe, expect, it } from 'vitest';
import { MfaSerial, RoleArn } from '../../../../../electron/core/providers/aws/profile';

describe('AWS profile fields', () => {
  it.each([
    'arn:aws:iam::123456789012:mfa/alice',
    'arn:aws:iam::123456789012:mfa/path/to/alice',
    'arn:aws-cn:iam::123456789012:mfa/alice',
    'arn:aws-us-gov:iam::123456789012:mfa/alice',
    'arn:aws:iam::123456789012:u2f/user/alice/key-ABC',
    'GAHT12345678',
  ])('accepts the MFA serial %s', (value) => {
    expect(MfaSerial.safeParse(value).success).toBe(true);
  });

  it.each([
    'arn:aws:iam:123:mfa',
    'arn:aws:iam::123:mfa/alice',
    'arn:aws:iam::123456789012:mfa/',
    'arn:aws:iam::123456789012:user/alice',
    'arn:aws:sts::123456789012:mfa/alice',
    'arn:aws-xx:iam::123456789012:mfa/alice',
    'GAHT1234',
    'has space 123',
    '',
  ])('refuses the MFA serial %j', (value) => {
    expect(MfaSerial.safeParse(value).success).toBe(false);
  });

  it.each([
    ['arn:aws:iam::123456789012:role/Admin', true],
    ['arn:aws:iam::123456789012:role/path/Admin', true],
    ['arn:aws:iam:123:role/Admin', false],
    ['arn:aws:iam::123456789012:role/', false],
    ['arn:aws:iam::123456789012:user/Admin', false],
  ])('role ARN %s → %s', (value, ok) => {
    expect(RoleArn.safeParse(value).success).toBe(ok);
  });
});
