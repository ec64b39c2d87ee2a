import type { ServerResponse } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import * as z from 'zod';
import { TobiraError } from '../../../electron/core/errors';
import { refreshTokens } from '../../../electron/core/oauth/client';
import { exchangeForSts } from '../../../electron/core/providers/alibaba/api';
import { requestToken } from '../../../electron/core/providers/auth0/authentication';
import { retryTuning } from '../../../electron/core/providers/auth0/api';
import { Auth0Management } from '../../../electron/core/providers/auth0/management';
import { Sts } from '../../../electron/core/providers/aws/api';
import { badResponse } from '../../../electron/core/bad-response';
import { KryptonApi } from '../../../electron/core/providers/krypton/api';
import { SoracomApi } from '../../../electron/core/providers/soracom/api';
import { startHttpService, type HttpService, type ServiceRequest } from '../../harness/http-service';

/** In every malformed answer below; it must never reach the message. */
const CANARY = 'canary-bad-response-5d1c';

let service: HttpService | undefined;
afterEach(async () => {
  await service?.close();
  service = undefined;
});

async function serve(handler: (req: ServiceRequest, res: ServerResponse) => void): Promise<string> {
  service = await startHttpService(handler);
  return service.origin;
}

function json(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) {
  res.writeHead(status, { 'content-type': 'application/json', ...headers }).end(JSON.stringify(body));
}

/** The message as the CLI prints it, in both languages: names the check and the status, never a value. */
async function failureOf(promise: Promise<unknown>): Promise<{ en: string; ja: string; error: TobiraError }> {
  const error = await promise.then(
    () => undefined,
    (failure: unknown) => failure,
  );
  expect(error).toBeInstanceOf(TobiraError);
  const failure = error as TobiraError;
  expect(failure.key).toMatch(/^provider\.badResponse/);
  const en = failure.render('en');
  const ja = failure.render('ja');
  for (const text of [en, ja, JSON.stringify(failure.params)]) {
    expect(text).not.toContain(CANARY);
    expect(text).not.toContain(Buffer.from(CANARY).toString('base64'));
  }
  return { en, ja, error: failure };
}

describe('badResponse: one builder for every provider', () => {
  it('names zod paths and expectations, the status and the request id; not the values', () => {
    const parsed = z
      .object({ token: z.string(), nested: z.object({ expiry: z.number() }) })
      .safeParse({ token: 42, nested: { expiry: CANARY } });
    if (parsed.success) throw new Error('expected a failure');
    const headers = new Headers({ 'x-amzn-requestid': 'abc-123' });
    const error = badResponse({ service: 'X', what: 'login', problem: parsed.error, status: 200, headers });
    const en = error.render('en');
    expect(en).toContain('X answered something Tobira does not understand: login: token: ');
    expect(en).toContain('nested.expiry: ');
    expect(en).toContain('HTTP 200, request id abc-123');
    expect(en).toContain('--debug');
    expect(error.render('ja')).toContain('リクエスト ID abc-123');
    expect(en).not.toContain(CANARY);
    expect(error.exitCode).toBe(4);
  });

  it('a request id that does not look like one is left out', () => {
    const headers = new Headers({ 'x-request-id': `${CANARY} <script>` });
    const error = badResponse({ service: 'X', what: 'w', problem: 'p', status: 502, headers });
    expect(error.key).toBe('provider.badResponse');
    expect(error.render('en')).not.toContain(CANARY);
  });
});

describe('each provider names what was wrong in a malformed answer', () => {
  it('SORACOM: /v1/auth without a token', async () => {
    const origin = await serve((_req, res) =>
      json(res, 200, { apiKey: CANARY, operatorId: 'OP0000000001', token: 7 }),
    );
    const { en } = await failureOf(new SoracomApi(origin, 'en').auth({ email: 'a', password: 'b' }));
    expect(en).toMatch(/SORACOM API answered something Tobira does not understand: auth: token: .*string/);
    expect(en).toContain('(HTTP 200)');
  });

  it('SORACOM: an unexpected status', async () => {
    const origin = await serve((_req, res) => json(res, 302, { token: CANARY }));
    const { en } = await failureOf(new SoracomApi(origin, 'en').auth({ email: 'a', password: 'b' }));
    expect(en).toContain('auth: expected HTTP 200 (HTTP 302)');
  });

  it('AWS STS: Credentials without SessionToken, with the RequestId STS sent', async () => {
    const origin = await serve((_req, res) => {
      res
        .writeHead(200, { 'content-type': 'text/xml', 'x-amzn-requestid': 'sts-req-0001' })
        .end(
          '<GetSessionTokenResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><GetSessionTokenResult>' +
            `<Credentials><AccessKeyId>ASIAEXAMPLEEXAMPLE</AccessKeyId><SecretAccessKey>${CANARY}</SecretAccessKey>` +
            '<Expiration>2030-01-01T00:00:00Z</Expiration></Credentials></GetSessionTokenResult>' +
            '<ResponseMetadata><RequestId>sts-req-0001</RequestId></ResponseMetadata></GetSessionTokenResponse>',
        );
    });
    const sts = new Sts(
      { partition: 'aws', env: { TOBIRA_ENDPOINT_AWS_STS: origin } },
      { accessKeyId: 'AKIAEXAMPLEEXAMPLE', secretAccessKey: 'x'.repeat(40) },
    );
    const { en } = await failureOf(sts.getSessionToken({ durationSeconds: 3600 }));
    expect(en).toContain(
      'AWS STS answered something Tobira does not understand: Credentials: no valid SessionToken',
    );
    expect(en).toContain('HTTP 200, request id sts-req-0001');
  });

  it('Krypton: a challenge whose AUTN is not 16 bytes', async () => {
    const origin = await serve((_req, res) =>
      json(res, 200, {
        keyId: 'key-1',
        rand: Buffer.alloc(16, 1).toString('base64'),
        autn: Buffer.from(CANARY).toString('base64'),
      }),
    );
    const { en, error } = await failureOf(new KryptonApi(origin).createKey('440100000000001'));
    expect(en).toContain('challenge: autn: 16 bytes (HTTP 200)');
    expect(error.exitCode).toBe(1);
  });

  it('Alibaba: /v1/exchange without a securityToken, with its requestId', async () => {
    const origin = await serve((_req, res) =>
      json(res, 200, {
        requestId: 'ALI-REQ-77',
        accessKeyId: 'STS.x',
        accessKeySecret: CANARY,
        expiration: '2030-01-01T00:00:00Z',
      }),
    );
    const { en } = await failureOf(exchangeForSts(origin, 'access-token'));
    expect(en).toMatch(/exchange: securityToken: .*string/);
    expect(en).toContain('HTTP 200, request id ALI-REQ-77');
  });

  it('Auth0: a permissions page of an unexpected shape', async () => {
    const origin = await serve((_req, res) =>
      json(res, 200, { permissions: [{ permission_name: 5, resource_server_identifier: CANARY }] }),
    );
    const management = new Auth0Management(origin, async () => 'token', retryTuning({}));
    const { en } = await failureOf(management.permissions('auth0|1'));
    expect(en).toContain('Auth0 Management API answered something Tobira does not understand: permissions: ');
    expect(en).toContain('permissions.0.permission_name: ');
    expect(en).toContain('total: ');
    expect(en).toContain('(HTTP 200)');
  });

  it('Auth0: a token answer without access_token', async () => {
    const origin = await serve((_req, res) => json(res, 200, { id_token: CANARY, token_type: 'Bearer' }));
    const { en } = await failureOf(requestToken(origin, { grant_type: 'x' }, retryTuning({})));
    expect(en).toMatch(/token: access_token: .*string/);
    expect(en).toContain('(HTTP 200)');
  });

  it('OAuth (openid-client): a token answer without token_type names the check and the status', async () => {
    const origin = await serve((_req, res) =>
      json(
        res,
        200,
        { access_token: CANARY, refresh_token: CANARY, expires_in: 3600 },
        { 'x-acs-request-id': 'OA-1' },
      ),
    );
    const client = {
      server: {
        issuer: origin,
        authorizationEndpoint: `${origin}/authorize`,
        tokenEndpoint: `${origin}/token`,
      },
      clientId: 'cli',
      service: 'Alibaba Cloud OAuth',
    };
    const { en } = await failureOf(refreshTokens(client, 'refresh-token'));
    expect(en).toContain('Alibaba Cloud OAuth answered something Tobira does not understand: refresh: ');
    expect(en).toContain('token_type');
    expect(en).toContain('HTTP 200, request id OA-1');
  });
});
