import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_RETRY } from '../../../electron/core/http';
import { exchangeForSts, ExchangeRejection } from '../../../electron/core/providers/alibaba/api';
import { alibabaTarget } from '../../../electron/core/providers/alibaba/endpoint';
import { exchangeRejected } from '../../../electron/core/providers/alibaba/errors';
import { listKeys } from '../../../electron/core/providers/auth0/apikeys';
import { retryTuning } from '../../../electron/core/providers/auth0/api';
import { generateKey } from '../../../electron/core/providers/auth0/key';
import { loginAuth0Admin, loginAuth0ApiKey } from '../../../electron/core/providers/auth0/login';
import { Auth0Management } from '../../../electron/core/providers/auth0/management';
import { reportError } from '../../../electron/cli/report';
import { awsConsoleUrl } from '../../../electron/core/providers/aws/console';
import { AwsCredentials } from '../../../electron/core/providers/aws/session';
import { loginIamUser } from '../../../electron/core/providers/aws/login';
import { loginSsoRole } from '../../../electron/core/providers/aws-sso/login';
import { planSync } from '../../../electron/core/providers/aws-sso/sync';
import { AuthorizationApi } from '../../../electron/core/providers/idp-server/api';
import { stepFailure } from '../../../electron/core/providers/idp-server/errors';
import { discover } from '../../../electron/core/providers/idp-server/oidc';
import { KryptonApi, KryptonRejection } from '../../../electron/core/providers/krypton/api';
import {
  loginSoracom,
  loginSoracomSwitch,
  logoutSoracom,
} from '../../../electron/core/providers/soracom/login';
import type { ActiveSession, LoginServices } from '../../../electron/core/providers/types';
import type { ProfileRecord } from '../../../electron/core/vault/schema';
import { startHttpService, type HttpService } from '../../harness/http-service';
import { assertCleanError, fuzz, nastyJson, nastyString, outcome, recordCasesOf, within } from './support';

recordCasesOf(import.meta.filename);

/**
 * Every provider's response parsing against a real HTTP server that answers each request with a generated status,
 * headers and body: random JSON, random text, and plausible bodies with fields dropped or replaced. Whatever comes
 * back, the call ends (no hang) in a value or a clear TobiraError (or the provider's own rejection class, which the
 * provider turns into one, checked too), and no rendering of that error shows the secret that was sent.
 */

const CANARY = 'canary-secret-5bd1f0e2a7c94d63';

interface Reply {
  status: number;
  headers: [string, string][];
  body: string;
  drop: boolean;
}

let replies: Reply[] = [];
let served = 0;
let service: HttpService;
const savedDelay = DEFAULT_RETRY.baseDelayMs;
beforeAll(async () => {
  // core/http's backoff has no knob: 0 ms here keeps 5xx cases fast (the other providers take it from env).
  DEFAULT_RETRY.baseDelayMs = 0;
  service = await startHttpService((req, res) => {
    const reply = replies[served % Math.max(1, replies.length)] ?? {
      status: 500,
      headers: [],
      body: '',
      drop: false,
    };
    served += 1;
    if (reply.drop) {
      req.raw.socket.destroy();
      return;
    }
    const headers: Record<string, string> = {};
    for (const [name, value] of reply.headers) headers[name] = value;
    try {
      res.writeHead(reply.status, headers);
    } catch {
      res.writeHead(reply.status);
    }
    res.end(reply.body);
  });
});
afterAll(async () => {
  DEFAULT_RETRY.baseDelayMs = savedDelay;
  await service.close();
});

const statuses = fc.oneof(
  {
    arbitrary: fc.constantFrom(200, 200, 200, 201, 204, 302, 400, 401, 403, 404, 409, 429, 500, 503),
    weight: 5,
  },
  { arbitrary: fc.integer({ min: 200, max: 599 }), weight: 1 },
);

/** A template's fields, each kept, dropped or replaced by something hostile; or any JSON; or not JSON at all. */
function jsonBody(templates: Record<string, unknown>[]): fc.Arbitrary<string> {
  const mutated = fc.constantFrom(...templates).chain((template) =>
    fc
      .tuple(
        ...Object.keys(template).map((key) =>
          fc.oneof(
            { arbitrary: fc.constant({ key, keep: true, value: undefined as unknown }), weight: 4 },
            { arbitrary: fc.constant({ key, keep: false, value: undefined as unknown }), weight: 1 },
            { arbitrary: nastyJson.map((value) => ({ key, keep: true, value })), weight: 1 },
          ),
        ),
      )
      .map((choices) => {
        const out: Record<string, unknown> = {};
        for (const { key, keep, value } of choices) {
          if (keep) out[key] = value === undefined ? template[key] : value;
        }
        return JSON.stringify(out);
      }),
  );
  return fc.oneof(
    { arbitrary: mutated, weight: 6 },
    { arbitrary: nastyJson.map((value) => JSON.stringify(value) ?? ''), weight: 2 },
    { arbitrary: nastyString(80), weight: 1 },
    { arbitrary: fc.constantFrom('', '<html>502 Bad Gateway</html>', '{', 'null'), weight: 1 },
  );
}

function replyOf(
  body: fc.Arbitrary<string>,
  extraHeaders: fc.Arbitrary<[string, string]> = fc.constant(['x-fuzz', '1']),
) {
  return fc.record({
    status: statuses,
    headers: fc.array(
      fc.oneof(
        extraHeaders,
        fc.tuple(
          fc.constantFrom('content-type', 'retry-after', 'x-ratelimit-reset', 'location', 'set-cookie'),
          nastyString(30),
        ),
      ),
      { maxLength: 3 },
    ),
    body,
    drop: fc.integer({ min: 0, max: 19 }).map((n) => n === 0),
  });
}

const now = () => new Date().toISOString();
function record(type: string, fields: Record<string, unknown>): ProfileRecord {
  return {
    id: '00000000-0000-4000-8000-000000000000',
    name: 'fuzz',
    type,
    fields,
    secrets: { secret: 'secret-id-0001' },
    createdAt: now(),
    updatedAt: now(),
  };
}

function services(env: Record<string, string>, secret = CANARY): LoginServices {
  return {
    env,
    lang: 'en',
    vault: { readSecret: async () => secret, get: () => record('aws-iam-user', {}), list: () => [] },
    mfa: { code: async () => ({ code: '123456', source: 'explicit' }) },
    notice: () => undefined,
    askSecret: async () => '1234',
    askLine: async () => undefined,
    openBrowser: async () => undefined,
    sessionOf: async () => {
      throw new Error('not used');
    },
  } as unknown as LoginServices;
}

/** Runs one provider call against the generated replies and checks its outcome. */
async function check(
  replyList: Reply[],
  call: () => Promise<unknown>,
  rejection?: (error: unknown) => unknown,
): Promise<void> {
  replies = replyList;
  served = 0;
  const result = await within(10_000, 'provider call', () => outcome(call));
  if (result.ok) return;
  const error = rejection ? rejection(result.error) : result.error;
  assertCleanError(error, [CANARY]);
}

const soracomAuth = {
  apiKey: 'api-0123',
  operatorId: 'OP0012345678',
  token: 'eyJhbGciOiJub25lIn0.eyJleHAiOjQxMDI0NDQ4MDB9.x',
  userName: 'bob',
};
const soracomBody = jsonBody([
  soracomAuth,
  { code: 'AUM0002', message: 'Invalid email address or password.' },
  { code: 'AUM0004', message: 'MFA OTP code required.' },
  { token: soracomAuth.token },
]);

describe('provider HTTP responses (fuzz)', () => {
  it('SORACOM: /auth, switch_user and logout answers', async () => {
    const env = { TOBIRA_ENDPOINT_SORACOM: service.origin };
    const root = record('soracom', { mode: 'root', email: 'alice@example.com', coverage: 'jp' });
    const session: ActiveSession = {
      profile: root,
      expiration: '2099-01-01T00:00:00Z',
      data: { apiKey: 'a', token: 't', operatorId: 'OP0012345678', coverage: 'jp', endpoint: service.origin },
      fromCache: false,
    };
    await fuzz(
      'provider: SORACOM API (auth, switch_user, logout)',
      fc.tuple(
        fc.array(replyOf(soracomBody), { minLength: 1, maxLength: 3 }),
        fc.constantFrom('auth', 'switch', 'logout'),
      ),
      async ([list, which]) => {
        if (which === 'auth') return check(list, () => loginSoracom(services(env), { profile: root }));
        if (which === 'logout') return check(list, () => logoutSoracom(services(env), session.data));
        const target = record('soracom-switch', {
          source: 'fuzz',
          operatorId: 'OP0012345678',
          userName: 'carol',
        });
        const withSource = { ...services(env), sessionOf: async () => session } as LoginServices;
        return check(list, () => loginSoracomSwitch(withSource, { profile: target }));
      },
      {
        numRuns: 200,
        examples: [
          // Found by this fuzzer: a 200 of /auth with a field of the wrong type threw a ZodError ("Unexpected error").
          [
            [
              {
                status: 200,
                headers: [],
                body: JSON.stringify({ ...soracomAuth, userName: null }),
                drop: false,
              },
            ],
            'auth',
          ],
        ],
      },
    );
  });

  it('AWS: STS XML (GetSessionToken, GetCallerIdentity) and the sign-in federation endpoint', async () => {
    const env = {
      TOBIRA_ENDPOINT_AWS_STS: service.origin,
      TOBIRA_ENDPOINT_AWS_SIGNIN: service.origin,
      TOBIRA_AWS_RETRY_BASE_MS: '0',
    };
    const xmlText = fc.oneof(
      fc.constantFrom(
        'ASIAIOSFODNN7EXAMPLE',
        'wJalrXUtnFEMI/K7MDENG',
        'FwoGZXIvYXdzE',
        '2099-01-01T00:00:00Z',
        'arn:aws:iam::123456789012:user/alice',
        '123456789012',
      ),
      nastyString(20).map((text) => text.replace(/[<&]/g, '')),
      nastyString(20),
    );
    const element = (name: string) =>
      fc.oneof(
        { arbitrary: xmlText.map((text) => `<${name}>${text}</${name}>`), weight: 5 },
        { arbitrary: fc.constant(''), weight: 1 },
        { arbitrary: fc.constant(`<${name}>`), weight: 1 },
      );
    const stsXml = fc.oneof(
      fc
        .tuple(
          element('AccessKeyId'),
          element('SecretAccessKey'),
          element('SessionToken'),
          element('Expiration'),
        )
        .map(
          (parts) =>
            `<GetSessionTokenResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><GetSessionTokenResult><Credentials>${parts.join('')}</Credentials></GetSessionTokenResult></GetSessionTokenResponse>`,
        ),
      fc
        .tuple(element('Arn'), element('Account'), element('UserId'))
        .map(
          (parts) =>
            `<GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><GetCallerIdentityResult>${parts.join('')}</GetCallerIdentityResult></GetCallerIdentityResponse>`,
        ),
      fc
        .tuple(element('Type'), element('Code'), element('Message'))
        .map(
          (parts) =>
            `<ErrorResponse><Error>${parts.join('')}</Error><RequestId>r</RequestId></ErrorResponse>`,
        ),
      nastyString(60),
      jsonBody([{ SigninToken: 'signin-token-0123' }]),
    );
    const xmlType = fc.constant<[string, string]>(['content-type', 'text/xml']);
    const user = record('aws-iam-user', { accessKeyId: 'AKIAIOSFODNN7EXAMPLE' });
    const session: ActiveSession = {
      profile: record('aws-role', { source: 'x', roleArn: 'arn:aws:iam::123456789012:role/admin' }),
      expiration: '2099-01-01T00:00:00Z',
      data: {
        accessKeyId: 'ASIAIOSFODNN7EXAMPLE',
        secretAccessKey: CANARY,
        sessionToken: `token-${CANARY}`,
        expiration: '2099-01-01T00:00:00Z',
        partition: 'aws',
        origin: 'assumed-role',
        chained: true,
      },
      fromCache: false,
    };
    await fuzz(
      'provider: AWS STS XML + federation',
      fc.tuple(
        fc.array(replyOf(stsXml, xmlType), { minLength: 1, maxLength: 3 }),
        fc.constantFrom('login', 'login', 'console'),
      ),
      async ([list, which]) => {
        if (which === 'login') return check(list, () => loginIamUser(services(env), { profile: user }));
        return check(list, () => awsConsoleUrl(services(env), session, {}));
      },
      { numRuns: 200 },
    );
  });

  it('AWS IAM Identity Center: portal answers (GetRoleCredentials, ListAccounts, ListAccountRoles)', async () => {
    const env = { TOBIRA_ENDPOINT_AWS_SSO_PORTAL: service.origin, TOBIRA_AWS_RETRY_BASE_MS: '0' };
    const body = jsonBody([
      {
        roleCredentials: {
          accessKeyId: 'ASIAIOSFODNN7EXAMPLE',
          secretAccessKey: 'wJalrXUtnFEMI/K7MDENG',
          sessionToken: 'IQoJb3JpZ2luX2VjE',
          expiration: 4102444800000,
        },
      },
      { accountList: [{ accountId: '111122223333', accountName: 'prod' }], nextToken: 'n' },
      { roleList: [{ roleName: 'Dev', accountId: '111122223333' }] },
      { message: 'Session token not found or invalid' },
    ]);
    const json = fc.constant<[string, string]>(['content-type', 'application/json']);
    const sessionProfile = record('aws-sso-session', {
      startUrl: 'https://d-1234567890.awsapps.com/start',
      ssoRegion: 'ap-northeast-1',
    });
    const sso: LoginServices = {
      ...services(env),
      vault: { get: () => sessionProfile, list: () => [sessionProfile] },
      sessionOf: async () => ({
        profile: sessionProfile,
        expiration: '2099-01-01T00:00:00Z',
        data: {
          accessToken: CANARY,
          startUrl: 'https://d-1234567890.awsapps.com/start',
          ssoRegion: 'ap-northeast-1',
          sessionName: 'fuzz',
        },
        fromCache: true,
      }),
    } as unknown as LoginServices;
    const role = record('aws-sso', { session: 'fuzz', accountId: '111122223333', roleName: 'Dev' });
    await fuzz(
      'provider: AWS SSO portal',
      fc.tuple(
        fc.array(replyOf(body, json), { minLength: 1, maxLength: 4 }),
        fc.constantFrom('role', 'sync'),
      ),
      async ([list, which]) => {
        if (which === 'role') return check(list, () => loginSsoRole(sso, { profile: role }));
        return check(list, () => planSync(sso, 'fuzz', {}));
      },
      { numRuns: 150 },
    );
  });

  it('SORACOM Krypton: keys, verify and Cognito provisioning answers', async () => {
    const body = jsonBody([
      {
        keyId: 'key-0123',
        rand: Buffer.alloc(16, 1).toString('base64'),
        autn: Buffer.alloc(16, 2).toString('base64'),
      },
      {
        identityId: 'ap-northeast-1:x',
        region: 'ap-northeast-1',
        credentials: {
          accessKeyId: 'ASIAIOSFODNN7EXAMPLE',
          secretKey: 's',
          sessionToken: 't',
          expiration: 4102444800000,
        },
      },
      { code: 'SEM0001', message: 'Invalid key' },
    ]);
    const api = new KryptonApi(service.origin);
    await fuzz(
      'provider: Krypton API',
      fc.tuple(
        fc.array(replyOf(body), { minLength: 1, maxLength: 3 }),
        fc.constantFrom('keys', 'verify', 'provisioning'),
      ),
      async ([list, which]) =>
        check(
          list,
          () =>
            which === 'keys'
              ? api.createKey('440101234567890')
              : which === 'verify'
                ? api.verify('key-0123', Buffer.alloc(8, 3))
                : api.cognitoCredentials('key-0123', Buffer.from(CANARY.slice(0, 16))),
          (error) => (error instanceof KryptonRejection ? error.toTobiraError() : error),
        ),
      { numRuns: 200 },
    );
  });

  it('Alibaba Cloud: /v1/exchange answers', async () => {
    const target = alibabaTarget({ site: 'intl' }, { TOBIRA_ENDPOINT_ALIBABA_OAUTH: service.origin });
    const body = jsonBody([
      {
        requestId: 'r',
        accessKeyId: 'STS.x',
        accessKeySecret: 's',
        securityToken: 't',
        expiration: '2099-01-01T00:00:00Z',
      },
      { error: 'invalid_token', error_description: 'expired', requestId: 'r' },
    ]);
    await fuzz(
      'provider: Alibaba exchange',
      fc.array(replyOf(body), { minLength: 1, maxLength: 3 }),
      async (list) =>
        check(
          list,
          () => exchangeForSts(service.origin, CANARY),
          (error) => (error instanceof ExchangeRejection ? exchangeRejected(error, target, false) : error),
        ),
      { numRuns: 200 },
    );
  });

  it('idp-server: discovery, authorization request, steps and authorize answers', async () => {
    const body = jsonBody([
      { error: 'invalid_request', error_description: 'bad', error_messages: ['x'] },
      { redirect_uri: 'http://127.0.0.1:1/cb?code=c&state=s' },
      {
        issuer: 'http://127.0.0.1:1',
        authorization_endpoint: 'http://127.0.0.1:1/a',
        token_endpoint: 'http://127.0.0.1:1/t',
      },
      { user: { sub: 'x' } },
    ]);
    const headers = fc.oneof(
      fc.constant<[string, string]>(['set-cookie', 'IDP_AUTH_SESSION=abc; Path=/; HttpOnly']),
      fc.tuple(
        fc.constant('location'),
        fc.oneof(
          fc.constantFrom('/signin?id=tx-1', '?error=access_denied', 'http://[', '//x', ''),
          nastyString(30),
        ),
      ) as fc.Arbitrary<[string, string]>,
    );
    const api = new AuthorizationApi(`${service.origin}/t/v1/authorizations`);
    const tx = { id: 'tx-1', cookie: 'IDP_AUTH_SESSION=abc' };
    await fuzz(
      'provider: idp-server authorization API + discovery',
      fc.tuple(
        fc.array(replyOf(body, headers), { minLength: 1, maxLength: 3 }),
        fc.constantFrom('start', 'step', 'authorize', 'discover'),
      ),
      async ([list, which]) =>
        check(
          list,
          () =>
            which === 'start'
              ? api.start(new URL(`${service.origin}/t/v1/authorizations?client_id=c`))
              : which === 'step'
                ? api.step(tx, 'password-authentication', { username: 'u', password: CANARY })
                : which === 'authorize'
                  ? api.authorize(tx)
                  : discover(service.origin, 'client'),
          (error) => stepFailure(error, 'sms'),
        ),
      {
        numRuns: 200,
        examples: [
          // Found by this fuzzer: a Location that is no URL made `new URL` throw a TypeError ("Unexpected error").
          [[{ status: 302, headers: [['location', 'http://[']], body: '', drop: false }], 'start'],
        ],
      },
    );
  });

  it('Auth0: token endpoint (API key and client credentials) and Management API (list keys) answers', async () => {
    const env = { TOBIRA_AUTH0_RETRY_BASE_MS: '0', TOBIRA_AUTH0_RETRY_MAX_WAIT_MS: '50' };
    const { key, id, secret } = generateKey();
    const body = jsonBody([
      { access_token: 'eyJ.x.y', token_type: 'Bearer', expires_in: 86400, scope: 'read:x' },
      { error: 'invalid_grant', error_description: 'Wrong email or password.' },
      { error: 'too_many_attempts', error_description: 'blocked' },
      { statusCode: 403, error: 'Forbidden', message: 'Insufficient scope', errorCode: 'insufficient_scope' },
      {
        users: [
          {
            user_id: `auth0|${id}`,
            name: 'ci',
            identities: [{ connection: 'api-keys' }],
            app_metadata: { tobira: { name: 'ci' } },
          },
        ],
        total: 1,
        start: 0,
      },
      {
        permissions: [{ resource_server_identifier: 'https://api.example.com', permission_name: 'read:x' }],
        total: 1,
      },
    ]);
    const apiKeyProfile = record('auth0-apikey', {
      domain: service.origin,
      clientId: 'exchanger',
      audience: 'https://api.example.com',
      realm: 'api-keys',
      keyId: id,
    });
    const adminFields = {
      domain: service.origin,
      clientId: 'admin',
      connection: 'api-keys',
      audience: 'https://api.example.com',
    };
    const adminProfile = record('auth0-admin', adminFields);
    const admin = {
      name: 'admin',
      fields: adminFields,
      api: new Auth0Management(service.origin, async () => `mgmt-${CANARY}`, retryTuning(env)),
      lang: 'en' as const,
    };
    await fuzz(
      'provider: Auth0 authentication + management API',
      fc.tuple(
        fc.array(replyOf(body), { minLength: 1, maxLength: 4 }),
        fc.constantFrom('apikey', 'admin', 'list'),
      ),
      async ([list, which]) => {
        if (which === 'apikey') {
          replies = list;
          served = 0;
          const result = await within(10_000, 'auth0 api-key login', () =>
            outcome(() => loginAuth0ApiKey(services(env, key), { profile: apiKeyProfile })),
          );
          if (!result.ok) assertCleanError(result.error, [secret, key]);
          return;
        }
        if (which === 'admin')
          return check(list, () => loginAuth0Admin(services(env), { profile: adminProfile }));
        return check(list, () => listKeys(admin));
      },
      {
        numRuns: 250,
        examples: [
          // Found by this fuzzer: a 200 whose body is not the Management API's shape threw a ZodError ("Unexpected
          // error") instead of provider.badResponse.
          [[{ status: 200, headers: [], body: '{"users":"x"}', drop: false }], 'list'],
        ],
      },
    );
  });
});

/** What the CLI prints for a failure (electron/cli/report.ts), with TOBIRA_DEBUG=1 so stacks are printed too. */
function printed(error: unknown, lang: 'en' | 'ja'): string {
  let text = '';
  const sink = { write: (chunk: string) => ((text += chunk), true) } as unknown as NodeJS.WritableStream;
  reportError(
    error,
    { stdout: sink, stderr: sink, stdin: process.stdin, env: { TOBIRA_DEBUG: '1' }, selfPath: '/t' },
    lang,
  );
  return text;
}

describe('secret hygiene of error output (CLI printer, en and ja, TOBIRA_DEBUG=1)', () => {
  const refused = (body: unknown, status = 401): Reply[] => [
    { status, headers: [], body: JSON.stringify(body), drop: false },
  ];
  const dropped: Reply[] = [{ status: 0, headers: [], body: '', drop: true }];
  const env = {
    TOBIRA_ENDPOINT_SORACOM: '',
    TOBIRA_AWS_RETRY_BASE_MS: '0',
    TOBIRA_AUTH0_RETRY_BASE_MS: '0',
  };
  const cases = (): [string, Reply[], () => Promise<unknown>, ((error: unknown) => unknown)?][] => {
    const e = { ...env, TOBIRA_ENDPOINT_SORACOM: service.origin, TOBIRA_ENDPOINT_AWS_STS: service.origin };
    const soracom = record('soracom', { mode: 'root', email: 'alice@example.com', coverage: 'jp' });
    const aws = record('aws-iam-user', { accessKeyId: 'AKIAIOSFODNN7EXAMPLE' });
    const admin = record('auth0-admin', {
      domain: service.origin,
      clientId: 'admin',
      connection: 'api-keys',
      audience: 'https://api.example.com',
    });
    const stsDenied = `<ErrorResponse><Error><Type>Sender</Type><Code>InvalidClientTokenId</Code><Message>The security token included in the request is invalid.</Message></Error></ErrorResponse>`;
    return [
      [
        'SORACOM wrong password',
        refused({ code: 'AUM0002', message: 'Invalid email address or password.' }),
        () => loginSoracom(services(e), { profile: soracom }),
      ],
      ['SORACOM unreachable', dropped, () => loginSoracom(services(e), { profile: soracom })],
      [
        'AWS wrong keys',
        [{ status: 403, headers: [['content-type', 'text/xml']], body: stsDenied, drop: false }],
        () => loginIamUser(services(e), { profile: aws }),
      ],
      ['AWS unreachable', dropped, () => loginIamUser(services(e), { profile: aws })],
      [
        'Auth0 wrong client secret',
        refused({ error: 'access_denied', error_description: 'Unauthorized' }),
        () => loginAuth0Admin(services(e), { profile: admin }),
      ],
      ['Auth0 unreachable', dropped, () => loginAuth0Admin(services(e), { profile: admin })],
      [
        'Alibaba token refused',
        refused({ error: 'invalid_token', error_description: 'expired' }),
        () => exchangeForSts(service.origin, CANARY),
      ],
      [
        'Krypton refused',
        refused({ code: 'SEM0001', message: 'bad' }, 400),
        () => new KryptonApi(service.origin).cognitoCredentials('k', Buffer.from(CANARY.slice(0, 16))),
      ],
      [
        'idp-server wrong password',
        refused(
          { error: 'invalid_request', error_description: 'user is not found or invalid password' },
          400,
        ),
        () =>
          new AuthorizationApi(`${service.origin}/t/v1/authorizations`).step(
            { id: 'tx', cookie: 'IDP_AUTH_SESSION=a' },
            'password-authentication',
            { password: CANARY },
          ),
      ],
    ];
  };

  it('every provider error path prints a clear message without the canary secret, in both languages', async () => {
    const target = alibabaTarget({ site: 'intl' }, {});
    for (const [name, list, call] of cases()) {
      replies = list;
      served = 0;
      const result = await outcome(call);
      expect(result.ok, name).toBe(false);
      const raw = result.ok ? undefined : result.error;
      const error =
        raw instanceof KryptonRejection
          ? raw.toTobiraError()
          : raw instanceof ExchangeRejection
            ? exchangeRejected(raw, target, false)
            : stepFailure(raw, 'sms');
      for (const lang of ['en', 'ja'] as const) {
        const text = printed(error, lang);
        expect(text, name).not.toContain(CANARY);
        expect(text, name).not.toContain(CANARY.slice(0, 16));
        expect(text, name).not.toMatch(/Unexpected error|予期しないエラー/);
      }
    }
  });

  it('an internal error built from secret-bearing data prints no canary, stack included', () => {
    // A ZodError over a session that holds secrets: zod's messages name paths and types, never the values.
    const zod = AwsCredentials.safeParse({ accessKeyId: 5, secretAccessKey: CANARY, sessionToken: CANARY });
    const internal = zod.success ? new Error('unexpected') : zod.error;
    for (const lang of ['en', 'ja'] as const) {
      const text = printed(internal, lang);
      expect(text).toMatch(/Unexpected error|予期しない/);
      expect(text.match(/ZodError/g)?.length).toBeGreaterThanOrEqual(2); // the message, then the stack (TOBIRA_DEBUG=1)
      expect(text).not.toContain(CANARY);
    }
  });
});

// A guard that the harness itself can fail: a plain Error escaping is reported.
describe('fuzz harness', () => {
  it('assertCleanError rejects a non-TobiraError', () => {
    expect(() => assertCleanError(new TypeError('x'))).toThrow(/not a TobiraError/);
  });
});
