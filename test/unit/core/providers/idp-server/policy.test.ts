import { describe, expect, it } from 'vitest';
import { IdpRejection } from '../../../../../electron/core/providers/idp-server/api';
import { stepFailure } from '../../../../../electron/core/providers/idp-server/errors';
import { checkMfaPolicy, checkSmsSettings } from '../../../../../electron/core/providers/idp-server/policy';
import { idpServerProfile } from '../../../../../electron/core/providers/idp-server/profile';
import {
  buildMfaPolicy,
  buildSmsConfiguration,
  canonical,
  lineDiff,
} from '../../../../../electron/core/providers/idp-server/setup';
import { TobiraError } from '../../../../../electron/core/errors';
import {
  evaluateCondition,
  policySatisfied,
  validateAuthConfig,
  validatePolicyConfig,
} from '../../../../fakes/idp-server';

const gte = (type: string, value: unknown = 1) => ({
  path: `$.${type}.success_count`,
  operation: 'gte',
  value,
});
const sms2 = [{ method: 'sms', order: 2, requires_user: true }];

describe('checkMfaPolicy (docs/protocols/idp-server.md, “mfa-setup”)', () => {
  it('accepts the generated password AND sms policy, which the server-side evaluation agrees with', () => {
    const policy = buildMfaPolicy('7d1c1b9e-2a4e-4a57-9d7e-1a2b3c4d5e6f');
    expect(checkMfaPolicy(policy)).toEqual([]);
    expect(validatePolicyConfig(policy)).toEqual([]);
    const entry = (policy.policies as Array<Record<string, unknown>>)[0];
    expect(policySatisfied(entry, { 'password-authentication': { success_count: 1 } })).toBe(false);
    expect(
      policySatisfied(entry, {
        'password-authentication': { success_count: 1 },
        'sms-authentication': { success_count: 1 },
      }),
    ).toBe(true);
  });

  it('refuses the subtle mistakes: no success_conditions, a group without sms, SMS as a first factor', () => {
    const at = (document: unknown) => checkMfaPolicy(document).map((finding) => finding.at);
    expect(at({ flow: 'oauth', policies: [{ step_definitions: sms2 }] })).toEqual([
      'policies[0].success_conditions',
    ]);
    expect(
      at({
        flow: 'oauth',
        policies: [
          {
            step_definitions: sms2,
            success_conditions: {
              any_of: [
                [gte('password-authentication'), gte('sms-authentication')],
                [gte('password-authentication')],
              ],
            },
          },
        ],
      }),
    ).toEqual(['policies[0].success_conditions.any_of[1]']);
    expect(
      at({
        flow: 'oauth',
        policies: [
          { success_conditions: { any_of: [[gte('password-authentication'), gte('sms-authentication')]] } },
        ],
      }),
    ).toEqual(['policies[0].step_definitions']);
    // gte 0 is always true: it does not demand the code.
    expect(
      at({
        flow: 'oauth',
        policies: [
          { step_definitions: sms2, success_conditions: { any_of: [[gte('sms-authentication', 0)]] } },
        ],
      }),
    ).toEqual(['policies[0].success_conditions.any_of[0]']);
    expect(at({ flow: 'ciba', policies: [] })).toEqual(['flow', 'policies']);
  });

  it('checks conditions: unknown operations, in without array, bad paths', () => {
    const findings = checkMfaPolicy({
      flow: 'oauth',
      policies: [
        {
          step_definitions: sms2,
          success_conditions: {
            any_of: [
              [
                gte('sms-authentication'),
                { path: '$.user.roles', operation: 'between', value: 1 },
                { path: '$.user.sub', operation: 'in', value: 'x' },
                { path: 'user.sub', operation: 'exists' },
              ],
            ],
          },
        },
      ],
    });
    expect(findings.map((finding) => finding.problem)).toEqual([
      'operation "between" is unknown (it would always be false)',
      'in needs an array value',
      'path must be a JSONPath like $.sms-authentication.success_count',
    ]);
    // The fake (the server) agrees that unknown operations are false.
    expect(evaluateCondition({ path: '$.a', operation: 'between', value: 1 }, { a: 1 })).toBe(false);
  });
});

describe('checkSmsSettings and the SMS configuration', () => {
  it('limits retries and expiry, needs a safe sender URL for http_request', () => {
    const base = { senderType: 'no_action' as const, retryLimit: 5, expireSeconds: 300 };
    expect(checkSmsSettings(base)).toEqual([]);
    expect(checkSmsSettings({ ...base, retryLimit: 0 }).map((f) => f.at)).toEqual(['--retry-limit']);
    expect(checkSmsSettings({ ...base, expireSeconds: 86_400 }).map((f) => f.at)).toEqual([
      '--expire-seconds',
    ]);
    expect(checkSmsSettings({ ...base, senderType: 'http_request' }).map((f) => f.at)).toEqual([
      '--sender-url',
    ]);
    expect(
      checkSmsSettings({ ...base, senderType: 'http_request', senderUrl: 'http://sms.example.com/send' })[0]
        ?.problem,
    ).toMatch(/https/);
    expect(checkSmsSettings({ ...base, senderUrl: 'https://x.example' })[0]?.problem).toMatch(/only with/);
    const config = buildSmsConfiguration('7d1c1b9e-2a4e-4a57-9d7e-1a2b3c4d5e6f', {
      senderType: 'http_request',
      senderUrl: 'https://sms.example.com/send',
      retryLimit: 3,
      expireSeconds: 120,
    });
    expect(validateAuthConfig(config)).toEqual([]);
    expect(canonical(config)).toContain('"retry_count_limitation": 3');
  });
});

describe('canonical and lineDiff', () => {
  it('compares independent of key order and shows only what moved', () => {
    expect(canonical({ b: 1, a: { d: 1, c: 2 } })).toBe(canonical({ a: { c: 2, d: 1 }, b: 1 }));
    expect(lineDiff('a\nb\nc', 'a\nx\nc')).toEqual(['  a', '- b', '+ x', '  c']);
    expect(lineDiff('', 'a')).toEqual(['+ a']);
  });
});

describe('stepFailure (docs/protocols/idp-server.md, “Errors”)', () => {
  const reject = (step: string, status: number, body: Record<string, string>, keys: string[] = []) =>
    stepFailure(new IdpRejection(step, status, body, keys), 'sms') as TobiraError;
  it('maps the catalogue to messages and exit codes', () => {
    const cases: Array<[TobiraError, string, number]> = [
      [reject('password-authentication', 400, { error: 'invalid_credentials' }), 'idp.password.wrong', 3],
      [
        reject('sms-authentication', 400, {
          error: 'invalid_request',
          error_description: 'Invalid verification code',
        }),
        'idp.otp.wrong',
        3,
      ],
      [
        reject('sms-authentication', 400, { error_description: 'SMS challenge is expired' }),
        'idp.otp.expired',
        3,
      ],
      [
        reject('sms-authentication', 400, {
          error_description: 'SMS challenge is reached limited to 5 attempts',
        }),
        'idp.otp.limit',
        3,
      ],
      [
        reject('sms-authentication', 400, {
          error: 'invalid_verification_code',
          error_description: 'The verification code is invalid or expired',
        }),
        'idp.otp.wrong',
        3,
      ],
      [reject('sms-authentication', 400, {}), 'idp.otp.rejectedSilently', 3],
      [
        reject('sms-authentication-challenge', 400, {
          error_description: 'phone_number is unspecified or invalid format.',
        }),
        'idp.otp.noPhone',
        1,
      ],
      [
        reject('sms-authentication-challenge', 404, {
          error_description: 'Authentication Configuration is Not Found (t) (sms)',
        }),
        'idp.config.notFound',
        1,
      ],
      [
        reject('sms-authentication-challenge', 502, { error: 'external_service_error' }),
        'idp.otp.senderDown',
        4,
      ],
      [reject('sms-authentication-challenge', 400, {}, ['http_request']), 'idp.otp.senderDown', 4],
      [
        reject('authorize', 400, { error_description: 'authentication is required' }),
        'idp.policy.unsatisfied',
        3,
      ],
      [
        reject('authorize', 401, {
          error_description: 'auth_session_mismatch: Missing AUTH_SESSION cookie.',
        }),
        'idp.session.mismatch',
        1,
      ],
    ];
    for (const [error, key, exit] of cases) expect([error.key, error.exitCode]).toEqual([key, exit]);
    expect(
      reject('sms-authentication', 400, {
        error_description: 'SMS challenge is reached limited to 5 attempts',
      }).params.limit,
    ).toBe('5');
  });
});

describe('idp-server profile', () => {
  it('defaults otp, redirect URI and scope; keeps the password as a secret only', () => {
    const built = idpServerProfile.build(
      { issuer: 'https://idp.example.com/t1', clientId: 'c', username: 'alice' },
      'pw',
    );
    expect(built.fields).toEqual({
      issuer: 'https://idp.example.com/t1',
      clientId: 'c',
      username: 'alice',
      otp: 'sms',
      redirectUri: 'http://127.0.0.1/callback',
      scope: 'openid profile',
    });
    expect(built.secrets).toEqual({ password: 'pw' });
    expect(() =>
      idpServerProfile.build(
        { issuer: 'https://idp.example.com/t1', clientId: 'c', username: 'a', scope: 'profile' },
        'pw',
      ),
    ).toThrow(/openid/);
  });
});
