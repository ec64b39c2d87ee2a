import { randomUUID } from 'node:crypto';
import type { MessageKey, MessageParams } from '../../../../shared/i18n';
import { ExitCode, TobiraError } from '../../errors';
import type { ProfileRecord } from '../../vault/schema';
import type { LoginServices } from '../types';
import { ManagementApi, type Collection } from './management';
import { loginIdpServer, probePasswordOnly } from './login';
import { checkMfaPolicy, checkSmsSettings, type Finding, type SmsSettings } from './policy';
import { IDP_SERVER_ADMIN_TYPE, IDP_SERVER_TYPE, IdpServerFields } from './profile';
import { IdpAdminSession, IdpSession } from './session';

type Json = Record<string, unknown>;

const ERROR_RULES = [
  { from: '$.error', to: 'error' },
  { from: '$.error_description', to: 'error_description' },
];

/** The internal-OTP SMS configuration (docs/protocols/idp-server.md, “mfa-setup”) with bilingual templates and error messages mapped to the client. */
export function buildSmsConfiguration(id: string, settings: SmsSettings): Json {
  const body = (purpose: string) =>
    `【${purpose}】認証コード: {VERIFICATION_CODE} ({EXPIRE_SECONDS}秒間有効) / Your verification code: {VERIFICATION_CODE} (valid for {EXPIRE_SECONDS} s)`;
  return {
    id,
    type: 'sms',
    enabled: true,
    attributes: {},
    metadata: {
      type: 'internal',
      description: 'SMS one-time code for MFA (managed by tobira idp-server mfa-setup)',
    },
    interactions: {
      'sms-authentication-challenge': {
        execution: {
          function: 'sms_authentication_challenge',
          details: {
            sender_type: settings.senderType,
            ...(settings.senderType === 'http_request'
              ? {
                  settings: {
                    http_request: {
                      url: settings.senderUrl,
                      method: 'POST',
                      header_mapping_rules: [{ static_value: 'application/json', to: 'Content-Type' }],
                      body_mapping_rules: [
                        { from: '$.request_body.to', to: 'to' },
                        { from: '$.request_body.body', to: 'body' },
                      ],
                    },
                  },
                }
              : {}),
            templates: {
              authentication: { subject: 'Sign-in code / サインインコード', body: body('ログイン') },
              registration: { subject: 'Registration code / 登録コード', body: body('登録') },
            },
            retry_count_limitation: settings.retryLimit,
            expire_seconds: settings.expireSeconds,
          },
        },
        response: { body_mapping_rules: ERROR_RULES },
      },
      // Without response rules a failed verification answers {} with no reason (docs/protocols/idp-server.md, “Signing in”).
      'sms-authentication': {
        execution: { function: 'sms_authentication' },
        response: { body_mapping_rules: ERROR_RULES },
      },
    },
  };
}

const atLeastOnce = (type: string) => ({
  path: `$.${type}.success_count`,
  type: 'integer',
  operation: 'gte',
  value: 1,
});

/** Password AND SMS for sign-in, registration AND SMS for sign-up (seed 002), SMS as a true second factor. */
export function buildMfaPolicy(id: string): Json {
  return {
    id,
    flow: 'oauth',
    enabled: true,
    policies: [
      {
        description: 'password_and_sms_mfa (managed by tobira idp-server mfa-setup)',
        priority: 1,
        conditions: {},
        available_methods: ['password', 'sms', 'initial-registration'],
        step_definitions: [
          { method: 'password', order: 1, requires_user: false, user_identity_source: 'username' },
          { method: 'sms', order: 2, requires_user: true },
        ],
        success_conditions: {
          any_of: [
            [atLeastOnce('password-authentication'), atLeastOnce('sms-authentication')],
            [atLeastOnce('initial-registration'), atLeastOnce('sms-authentication')],
          ],
        },
      },
    ],
  };
}

/** JSON with sorted keys, two-space indented: the form documents are compared and diffed in. */
export function canonical(value: unknown): string {
  const sort = (item: unknown): unknown => {
    if (Array.isArray(item)) return item.map(sort);
    if (item !== null && typeof item === 'object')
      return Object.fromEntries(
        Object.keys(item)
          .sort()
          .map((key) => [key, sort((item as Json)[key])]),
      );
    return item;
  };
  return JSON.stringify(sort(value), null, 2);
}

/** A line diff (LCS) of two texts: "  " same, "- " only before, "+ " only after. */
export function lineDiff(before: string, after: string): string[] {
  const a = before === '' ? [] : before.split('\n');
  const b = after.split('\n');
  const width = b.length + 1;
  // lcs[i * width + j] = length of the longest common subsequence of a[i..] and b[j..]
  const lcs = new Int32Array((a.length + 1) * width);
  const at = (i: number, j: number) => lcs[i * width + j] ?? 0;
  for (let i = a.length - 1; i >= 0; i -= 1)
    for (let j = b.length - 1; j >= 0; j -= 1)
      lcs[i * width + j] = a[i] === b[j] ? at(i + 1, j + 1) + 1 : Math.max(at(i + 1, j), at(i, j + 1));
  const out: string[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    if (a[i] === b[j]) {
      out.push(`  ${a[i]}`);
      i += 1;
      j += 1;
    } else if (at(i + 1, j) >= at(i, j + 1)) out.push(`- ${a[i++]}`);
    else out.push(`+ ${b[j++]}`);
  }
  while (i < a.length) out.push(`- ${a[i++]}`);
  while (j < b.length) out.push(`+ ${b[j++]}`);
  return out;
}

export interface SetupRequest {
  admin: string;
  tenant: string;
  sms: SmsSettings;
  dryRun: boolean;
  /** A hand-written policy document (--policy-file) instead of the generated one; checked the same way. */
  policy?: unknown;
  verifyWith?: string;
}

export interface SetupChange {
  collection: Collection;
  action: 'create' | 'update' | 'unchanged';
  id: string;
  /** Changed lines only (with context), for the human output. */
  diff: string[];
}

export interface SetupReport {
  tenant: string;
  dryRun: boolean;
  changes: SetupChange[];
  verification?: Verification;
}

/**
 * Both halves of `--verify-with`: password alone must be refused, AND password + the code (from the profile's MFA
 * source) must sign in and end in tokens; a setup that fails the second half locks every user out.
 */
export interface Verification {
  profile: string;
  passwordAlone: 'refused' | 'allowed';
  /** Only tried when password alone was refused. */
  withCode?: 'signed-in' | 'failed';
  /** The methods the ID token names (amr), when it signed in. */
  methods?: string[];
  /** Why password + code did not sign in: the error the sign-in gave (never a secret). */
  failure?: { key: MessageKey; params: MessageParams; exitCode: ExitCode };
}

function refuse(findings: Finding[], what: string): never {
  throw new TobiraError('idp.setup.invalid', ExitCode.usage, {
    what,
    problems: findings.map((finding) => `${finding.at}: ${finding.problem}`).join('\n  '),
  });
}

/** Context lines around changes only, so a long document shows what moves. */
function trimDiff(lines: string[], context = 2): string[] {
  const changed = lines.map((line) => !line.startsWith('  '));
  const near = (index: number) =>
    changed.slice(Math.max(0, index - context), index + context + 1).some(Boolean);
  const out: string[] = [];
  let last = -2;
  lines.forEach((line, index) => {
    if (!near(index)) return;
    if (index !== last + 1 && out.length > 0) out.push('  …');
    out.push(line);
    last = index;
  });
  return out;
}

/**
 * `tobira idp-server mfa-setup`: builds and checks both documents locally, compares them with the tenant, applies
 * what differs (POST when missing, PUT by id when different, nothing when equal), and optionally proves the result
 * with a password-only sign-in of an idp-server profile that must now be refused.
 */
export async function runMfaSetup(
  services: LoginServices,
  request: SetupRequest,
  notice: (change: SetupChange) => void = () => undefined,
): Promise<SetupReport> {
  const smsFindings = checkSmsSettings(request.sms);
  if (smsFindings.length > 0) refuse(smsFindings, 'SMS configuration');
  const draftPolicy = request.policy ?? buildMfaPolicy(randomUUID());
  const policyFindings = checkMfaPolicy(draftPolicy);
  if (policyFindings.length > 0) refuse(policyFindings, 'authentication policy');

  let verifier: ProfileRecord | undefined;
  if (request.verifyWith !== undefined) {
    verifier = services.vault.get(request.verifyWith);
    if (verifier.type !== IDP_SERVER_TYPE)
      throw new TobiraError('idp.setup.verifyType', ExitCode.usage, {
        name: verifier.name,
        type: verifier.type,
      });
    const issuer = IdpServerFields.parse(verifier.fields).issuer;
    if (new URL(issuer).pathname.split('/').filter(Boolean).at(-1) !== request.tenant)
      throw new TobiraError('idp.setup.verifyTenant', ExitCode.usage, {
        name: verifier.name,
        issuer,
        tenant: request.tenant,
      });
  }

  const adminProfile = services.vault.get(request.admin);
  if (adminProfile.type !== IDP_SERVER_ADMIN_TYPE)
    throw new TobiraError('idp.setup.adminType', ExitCode.usage, {
      name: request.admin,
      type: adminProfile.type,
    });
  const admin = await services.sessionOf(request.admin);
  const api = new ManagementApi(IdpAdminSession.parse(admin.data), request.tenant);

  const changes: SetupChange[] = [];
  const plan: Array<{ collection: Collection; key: string; value: string; build: (id: string) => Json }> = [
    {
      collection: 'authentication-configurations',
      key: 'type',
      value: 'sms',
      build: (id) => buildSmsConfiguration(id, request.sms),
    },
    {
      collection: 'authentication-policies',
      key: 'flow',
      value: 'oauth',
      build: (id) => ({ enabled: true, ...(draftPolicy as Json), id }),
    },
  ];
  for (const step of plan) {
    const current = (await api.list(step.collection)).find((item) => item[step.key] === step.value);
    const id = typeof current?.id === 'string' ? current.id : randomUUID();
    const desired = step.build(id);
    const before = current ? canonical(current) : '';
    const after = canonical(desired);
    const change: SetupChange = {
      collection: step.collection,
      action: !current ? 'create' : before === after ? 'unchanged' : 'update',
      id,
      diff: !current ? lineDiff('', after) : before === after ? [] : trimDiff(lineDiff(before, after)),
    };
    if (change.action === 'create') await api.create(step.collection, desired, request.dryRun);
    if (change.action === 'update') await api.update(step.collection, id, desired, request.dryRun);
    changes.push(change);
    notice(change);
  }

  const report: SetupReport = { tenant: request.tenant, dryRun: request.dryRun, changes };
  if (verifier) report.verification = await verify(services, verifier);
  return report;
}

async function verify(services: LoginServices, profile: ProfileRecord): Promise<Verification> {
  const passwordAlone = await probePasswordOnly(services, profile);
  const verification: Verification = { profile: profile.name, passwordAlone };
  if (passwordAlone === 'allowed') return verification;
  try {
    // A full sign-in as the user would make it: password, a code sent by the tenant, tokens. Not cached.
    const session = await loginIdpServer(services, { profile });
    const amr = IdpSession.safeParse(session.data);
    verification.withCode = 'signed-in';
    if (amr.success && amr.data.amr) verification.methods = amr.data.amr;
  } catch (error) {
    if (!(error instanceof TobiraError)) throw error;
    verification.withCode = 'failed';
    verification.failure = { key: error.key, params: error.params, exitCode: error.exitCode };
  }
  return verification;
}
