import { isSecureUrl } from '../common/endpoint';

/**
 * Local checks of what `mfa-setup` sends, against the rules of docs/protocols/idp-server.md, “mfa-setup”, before any request:
 * the server accepts many documents that do not do what an administrator means (a policy without
 * success_conditions lets password alone through; SMS without a step definition of order 2 becomes a first factor).
 */
type Json = Record<string, unknown>;

const OPERATIONS = new Set([
  'eq',
  'ne',
  'gt',
  'gte',
  'lt',
  'lte',
  'in',
  'nin',
  'exists',
  'missing',
  'contains',
  'regex',
]);
const isObject = (value: unknown): value is Json =>
  value !== null && typeof value === 'object' && !Array.isArray(value);

export interface Finding {
  /** Where, e.g. policies[0].success_conditions.any_of[1]. */
  at: string;
  problem: string;
}

function conditionProblems(condition: unknown, at: string): Finding[] {
  if (!isObject(condition))
    return [{ at, problem: 'a condition must be an object {path, operation, value}' }];
  const findings: Finding[] = [];
  if (typeof condition.path !== 'string' || !/^\$(\.[A-Za-z0-9_-]+)+$/.test(condition.path))
    findings.push({ at, problem: 'path must be a JSONPath like $.sms-authentication.success_count' });
  const operation = typeof condition.operation === 'string' ? condition.operation.toLowerCase() : '';
  if (!OPERATIONS.has(operation))
    findings.push({
      at,
      problem: `operation "${String(condition.operation)}" is unknown (it would always be false)`,
    });
  if ((operation === 'in' || operation === 'nin') && !Array.isArray(condition.value))
    findings.push({ at, problem: `${operation} needs an array value` });
  if (operation === 'regex' && !(typeof condition.value === 'string' && condition.value.length <= 1000))
    findings.push({ at, problem: 'regex needs a pattern of at most 1000 characters' });
  if (!['exists', 'missing'].includes(operation) && condition.value === undefined)
    findings.push({ at, problem: 'value is missing' });
  return findings;
}

/** True when the condition really demands at least one success of `type` (gte ≥1, gt ≥0, eq ≥1). */
function demandsSuccess(condition: unknown, type: string): boolean {
  if (!isObject(condition) || condition.path !== `$.${type}.success_count`) return false;
  const value = Number(condition.value);
  const operation = String(condition.operation).toLowerCase();
  return (
    Number.isFinite(value) &&
    ((operation === 'gte' && value >= 1) ||
      (operation === 'gt' && value >= 0) ||
      (operation === 'eq' && value >= 1))
  );
}

/**
 * Problems of an oauth authentication-policy document meant to enforce password AND SMS. Empty = safe to send.
 * `factor` is the interaction that must be part of every way to succeed.
 */
export function checkMfaPolicy(document: unknown, factor = 'sms'): Finding[] {
  if (!isObject(document)) return [{ at: '$', problem: 'the policy must be a JSON object' }];
  const findings: Finding[] = [];
  if (document.flow !== 'oauth')
    findings.push({ at: 'flow', problem: 'must be "oauth" (the browser and CLI sign-in flow)' });
  if (document.enabled === false)
    findings.push({ at: 'enabled', problem: 'a disabled policy enforces nothing' });
  if (!Array.isArray(document.policies) || document.policies.length === 0)
    return [
      ...findings,
      { at: 'policies', problem: 'no policy: any single factor, password alone included, would finish' },
    ];
  (document.policies as unknown[]).forEach((policy, index) => {
    const at = `policies[${index}]`;
    if (!isObject(policy)) return findings.push({ at, problem: 'must be an object' });
    const groups = isObject(policy.success_conditions) ? policy.success_conditions.any_of : undefined;
    if (!Array.isArray(groups) || groups.length === 0) {
      findings.push({
        at: `${at}.success_conditions`,
        problem:
          'missing or empty: idp-server then lets any one factor finish, so password alone would be enough',
      });
    } else {
      groups.forEach((group, g) => {
        const where = `${at}.success_conditions.any_of[${g}]`;
        if (!Array.isArray(group) || group.length === 0)
          return findings.push({ at: where, problem: 'an empty group' });
        group.forEach((condition, c) => findings.push(...conditionProblems(condition, `${where}[${c}]`)));
        if (!group.some((condition) => demandsSuccess(condition, `${factor}-authentication`)))
          findings.push({
            at: where,
            problem: `this way to succeed does not require ${factor}-authentication.success_count >= 1, so it lets a sign-in through without the ${factor.toUpperCase()} code`,
          });
        return undefined;
      });
    }
    for (const key of ['failure_conditions', 'lock_conditions']) {
      const extra = policy[key];
      if (extra === undefined) continue;
      const list = isObject(extra) ? extra.any_of : undefined;
      if (!Array.isArray(list)) findings.push({ at: `${at}.${key}`, problem: 'must be {"any_of": [[...]]}' });
      else
        list.forEach((group, g) =>
          (Array.isArray(group) ? group : [group]).forEach((condition, c) =>
            findings.push(...conditionProblems(condition, `${at}.${key}.any_of[${g}][${c}]`)),
          ),
        );
    }
    const steps = Array.isArray(policy.step_definitions) ? (policy.step_definitions as unknown[]) : [];
    const second = steps.find((step) => isObject(step) && step.method === factor) as Json | undefined;
    if (!second || second.requires_user !== true || !(Number(second.order) >= 2))
      findings.push({
        at: `${at}.step_definitions`,
        problem: `needs {"method":"${factor}","order":2,"requires_user":true}: otherwise ${factor.toUpperCase()} is a first factor that finds users by phone number`,
      });
    if (policy.auth_session_binding_required === false)
      findings.push({
        at: `${at}.auth_session_binding_required`,
        problem: 'false lets another browser continue a sign-in',
      });
    return undefined;
  });
  return findings;
}

export interface SmsSettings {
  senderType: 'no_action' | 'http_request';
  senderUrl?: string;
  retryLimit: number;
  expireSeconds: number;
}

export const RETRY_LIMIT_RANGE = [1, 20] as const;
export const EXPIRE_RANGE = [30, 3600] as const;

export function checkSmsSettings(settings: SmsSettings): Finding[] {
  const findings: Finding[] = [];
  const [minRetry, maxRetry] = RETRY_LIMIT_RANGE;
  const [minExpire, maxExpire] = EXPIRE_RANGE;
  if (
    !Number.isInteger(settings.retryLimit) ||
    settings.retryLimit < minRetry ||
    settings.retryLimit > maxRetry
  )
    findings.push({ at: '--retry-limit', problem: `must be a whole number from ${minRetry} to ${maxRetry}` });
  if (
    !Number.isInteger(settings.expireSeconds) ||
    settings.expireSeconds < minExpire ||
    settings.expireSeconds > maxExpire
  )
    findings.push({
      at: '--expire-seconds',
      problem: `must be a whole number of seconds from ${minExpire} to ${maxExpire}`,
    });
  if (settings.senderType === 'http_request') {
    let url: URL | undefined;
    try {
      url = settings.senderUrl !== undefined ? new URL(settings.senderUrl) : undefined;
    } catch {
      url = undefined;
    }
    if (!url)
      findings.push({ at: '--sender-url', problem: 'http_request needs the URL of the SMS sending service' });
    else if (!isSecureUrl(url))
      findings.push({
        at: '--sender-url',
        problem: 'must be https:// (http:// only on loopback): it carries the codes',
      });
  } else if (settings.senderUrl !== undefined) {
    findings.push({ at: '--sender-url', problem: 'only with --sms-sender http_request' });
  }
  return findings;
}
