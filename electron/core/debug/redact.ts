/**
 * Redaction for `--debug` output, by construction: a value is shown only when its field, parameter or header name is
 * on an allow-list below; everything else is replaced by `<redacted N chars>`. A new secret-bearing field is
 * therefore hidden without anyone having to remember it. Names (JSON keys, XML tags, header names) are shown.
 */

export function redacted(value: string): string {
  return `<redacted ${value.length} chars>`;
}

/** JSON fields shown in any body: error codes, lifetimes, names of things, public metadata. */
const JSON_SAFE = new Set([
  'error',
  'error_description',
  'errorCode',
  'statusCode',
  'status',
  'requestId',
  'expires_in',
  'refresh_expires_in',
  'token_type',
  'scope',
  'operatorId',
  'userName',
  'tokenTimeoutSeconds',
  'expiration',
  'region',
  'dry_run',
  'type',
  'issuer',
  'permission_name',
  'resource_server_identifier',
  'resource_server_name',
  'total',
  'start',
  'limit',
  'length',
  // IAM Identity Center (SSO OIDC, portal): lifetimes, grant and client kinds, account and role names.
  'grantType',
  'clientName',
  'clientType',
  'expiresIn',
  'tokenType',
  'interval',
  'clientIdIssuedAt',
  'clientSecretExpiresAt',
  'accountId',
  'accountName',
  'roleName',
]);
/** Discovery metadata (`*_endpoint`, `*_supported`, `jwks_uri`, …) is public. */
const JSON_SAFE_PATTERN = /(_endpoint|_supported|_uri|_uris)$/;
/** Fields shown only in 4xx/5xx bodies, where they are the service's error code and message (SORACOM, Auth0). */
const JSON_ERROR_SAFE = new Set(['code', 'message', 'error_messages']);

/** Form and query parameters shown: STS actions, OAuth parameters that identify rather than authenticate. */
const PARAM_SAFE = new Set([
  'Action',
  'Version',
  'DurationSeconds',
  'RoleArn',
  'RoleSessionName',
  'SerialNumber',
  'SessionDuration',
  'Destination',
  'Issuer',
  'grant_type',
  'client_id',
  'audience',
  'realm',
  'scope',
  'response_type',
  'redirect_uri',
  'code_challenge_method',
  'token_type_hint',
  'error',
  'error_description',
  'iss',
  'tenant_id',
  'ui_locales',
  'prompt',
  'include_totals',
  'page',
  'per_page',
  'account_id',
  'role_name',
  'max_result',
]);

/** Header values shown; Authorization, cookies, API keys, tokens, signatures and body digests are not. */
const HEADER_SAFE = new Set([
  'accept',
  'accept-encoding',
  'cache-control',
  'connection',
  'content-encoding',
  'content-length',
  'content-type',
  'date',
  'host',
  'keep-alive',
  'location',
  'retry-after',
  'server',
  'transfer-encoding',
  'user-agent',
  'vary',
  'www-authenticate',
  'x-ratelimit-limit',
  'x-ratelimit-remaining',
  'x-ratelimit-reset',
  'x-amzn-requestid',
  'x-amz-request-id',
  'x-amz-date',
  'x-amz-user-agent',
  'x-amzn-errortype',
  'amz-sdk-invocation-id',
  'amz-sdk-request',
  'x-request-id',
  'x-auth0-requestid',
  'x-acs-request-id',
  'x-soracom-lang',
  'x-soracom-timestamp',
  'x-soracom-digest-algorithm',
]);

/** XML elements shown (STS): error code and message, ids, ARNs, expiry. Keys and tokens are not. */
const XML_SAFE = new Set([
  'Code',
  'Message',
  'Type',
  'RequestId',
  'Arn',
  'AssumedRoleId',
  'FederatedUserId',
  'Account',
  'UserId',
  'Expiration',
  'PackedPolicySize',
]);

/** A URL with every query value redacted unless its name is allowed; the fragment dropped. */
export function redactUrl(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return redacted(url);
  }
  const query = redactParams(parsed.searchParams);
  const userinfo = parsed.username || parsed.password ? '<redacted userinfo>@' : '';
  const fragment = parsed.hash ? '#<redacted>' : '';
  return `${parsed.protocol}//${userinfo}${parsed.host}${parsed.pathname}${query ? `?${query}` : ''}${fragment}`;
}

/** `name=value&…` with values redacted unless allowed (values left unencoded, for reading). */
export function redactParams(params: URLSearchParams): string {
  const parts: string[] = [];
  for (const [name, value] of params) {
    parts.push(`${name}=${PARAM_SAFE.has(name) ? safeParamValue(name, value) : redacted(value)}`);
  }
  return parts.join('&');
}

function safeParamValue(name: string, value: string): string {
  return name === 'redirect_uri' ? redactUrl(value) : value;
}

export function redactHeaders(headers: Iterable<[string, string]>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [rawName, value] of headers) {
    const name = rawName.toLowerCase();
    if (!HEADER_SAFE.has(name)) out[name] = redacted(value);
    else if (name === 'location') out[name] = redactUrl(value);
    else out[name] = value;
  }
  return out;
}

/** A JSON value with its structure kept and every scalar of a field not on the allow-list redacted. */
export function redactJson(value: unknown, errorBody = false, key?: string): unknown {
  if (Array.isArray(value)) return value.map((item) => redactJson(item, errorBody, key));
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [name, inner] of Object.entries(value as Record<string, unknown>)) {
      out[name] = redactJson(inner, errorBody, name);
    }
    return out;
  }
  if (value === null || typeof value === 'boolean') return value;
  const safe =
    key !== undefined &&
    (JSON_SAFE.has(key) || JSON_SAFE_PATTERN.test(key) || (errorBody && JSON_ERROR_SAFE.has(key)));
  if (!safe) return redacted(String(value));
  // A URL may carry a code or state in its query (an authorize answer's redirect_uri): its values go too.
  if (typeof value === 'string' && (JSON_SAFE_PATTERN.test(key) || /[?#]/.test(value)))
    return redactUrl(value);
  return value;
}

/** XML with the text of every element not on the allow-list redacted; tags with attributes other than xmlns too. */
export function redactXml(text: string): string {
  const tokens = text.split(/(<[^>]*>)/);
  let open: string | undefined;
  return tokens
    .map((token) => {
      if (token.startsWith('<')) {
        const tag = /^<(\/?)([A-Za-z_][\w.:-]*)((?:\s+xmlns(?::[\w-]+)?="[^"]*")*)\s*(\/?)>$/.exec(token);
        if (token.startsWith('<?xml')) return token;
        if (!tag) return '<redacted tag>';
        open = tag[1] === '' && tag[4] === '' ? tag[2] : undefined;
        return token;
      }
      if (token.trim() === '') return token;
      return open !== undefined && XML_SAFE.has(open) ? token : redacted(token);
    })
    .join('');
}

/** Any body, redacted according to what it is (JSON, form, XML); anything else is only counted. */
export function redactBody(text: string, contentType: string, errorBody: boolean): string {
  if (text === '') return '';
  const type = contentType.toLowerCase();
  const trimmed = text.trimStart();
  if (type.includes('json') || trimmed.startsWith('{') || trimmed.startsWith('[')) {
    try {
      return JSON.stringify(redactJson(JSON.parse(text), errorBody));
    } catch {
      // not JSON after all
    }
  }
  if (type.includes('x-www-form-urlencoded')) return redactParams(new URLSearchParams(text));
  if (type.includes('xml') || trimmed.startsWith('<?xml')) return redactXml(text).replace(/\s*\n\s*/g, '');
  return `<redacted ${text.length} chars${type ? ` of ${type.split(';')[0]}` : ''}>`;
}
