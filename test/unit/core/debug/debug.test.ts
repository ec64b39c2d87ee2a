import { afterEach, describe, expect, it } from 'vitest';
import {
  redactBody,
  redactHeaders,
  redactUrl,
  setDebugSink,
  tracedFetch,
} from '../../../../electron/core/debug';
import { refreshTokens } from '../../../../electron/core/oauth/client';
import { exchangeForSts } from '../../../../electron/core/providers/alibaba/api';
import { Sts } from '../../../../electron/core/providers/aws/api';
import { closedPort } from '../../../harness/cli';
import { startHttpService, type HttpService } from '../../../harness/http-service';

const CANARY = 'canary-debug-secret-7f3e';

let service: HttpService | undefined;
afterEach(async () => {
  setDebugSink(undefined);
  await service?.close();
  service = undefined;
});

describe('--debug redaction by construction', () => {
  it('JSON bodies keep their structure; only allow-listed fields show their values', () => {
    const body = JSON.stringify({
      access_token: CANARY,
      token_type: 'Bearer',
      expires_in: 3600,
      nested: { password: CANARY, list: [CANARY, 7] },
      aNewFieldNobodyThoughtOf: CANARY,
    });
    const shown = redactBody(body, 'application/json', false);
    expect(shown).not.toContain(CANARY);
    expect(JSON.parse(shown)).toEqual({
      access_token: `<redacted ${CANARY.length} chars>`,
      token_type: 'Bearer',
      expires_in: 3600,
      nested: {
        password: `<redacted ${CANARY.length} chars>`,
        list: [`<redacted ${CANARY.length} chars>`, '<redacted 1 chars>'],
      },
      aNewFieldNobodyThoughtOf: `<redacted ${CANARY.length} chars>`,
    });
  });

  it("an error body's code and message are shown, a success body's `code` (an OAuth code) is not", () => {
    const error = JSON.parse(
      redactBody('{"code":"AUM0002","message":"Invalid credentials"}', 'application/json', true),
    );
    expect(error).toEqual({ code: 'AUM0002', message: 'Invalid credentials' });
    const success = redactBody(`{"code":"${CANARY}"}`, 'application/json', false);
    expect(success).not.toContain(CANARY);
  });

  it('form bodies, query strings and redirect URLs show parameter names, values only when allowed', () => {
    const form = redactBody(
      `grant_type=authorization_code&code=${CANARY}&code_verifier=${CANARY}&client_id=cli`,
      'application/x-www-form-urlencoded',
      false,
    );
    expect(form).not.toContain(CANARY);
    expect(form).toContain('grant_type=authorization_code');
    expect(form).toContain('client_id=cli');
    const url = redactUrl(
      `https://signin.aws.amazon.com/federation?Action=getSigninToken&Session=${CANARY}#x`,
    );
    expect(url).toBe(
      `https://signin.aws.amazon.com/federation?Action=getSigninToken&Session=<redacted ${CANARY.length} chars>#<redacted>`,
    );
    expect(redactUrl(`https://user:${CANARY}@example.com/`)).not.toContain(CANARY);
  });

  it('XML (STS) shows element names, codes and ids, never keys or tokens', () => {
    const xml =
      '<?xml version="1.0"?><GetSessionTokenResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">' +
      `<GetSessionTokenResult><Credentials><AccessKeyId>ASIAEXAMPLE</AccessKeyId><SecretAccessKey>${CANARY}</SecretAccessKey>` +
      `<SessionToken>${CANARY}</SessionToken><Expiration>2030-01-01T00:00:00Z</Expiration></Credentials>` +
      '</GetSessionTokenResult><ResponseMetadata><RequestId>req-42</RequestId></ResponseMetadata></GetSessionTokenResponse>';
    const shown = redactBody(xml, 'text/xml', false);
    expect(shown).not.toContain(CANARY);
    expect(shown).not.toContain('ASIAEXAMPLE');
    expect(shown).toContain('<RequestId>req-42</RequestId>');
    expect(shown).toContain('<Expiration>2030-01-01T00:00:00Z</Expiration>');
    expect(redactBody(`<a href="${CANARY}">x</a>`, 'text/xml', false)).not.toContain(CANARY);
  });

  it('an allowed URL field keeps its host and path, not its query, whatever its scheme', () => {
    const body = JSON.stringify({
      redirect_uri: `com.example.app:/callback?code=${CANARY}&state=${CANARY}`,
      token_endpoint: 'https://idp.example.com/t/v1/tokens',
      error_description: `see https://example.com/x?code=${CANARY}`,
    });
    const shown = redactBody(body, 'application/json', true);
    expect(shown).not.toContain(CANARY);
    expect(JSON.parse(shown)).toMatchObject({ token_endpoint: 'https://idp.example.com/t/v1/tokens' });
  });

  it('unknown content (HTML, text) is only counted', () => {
    expect(redactBody(`<html>${CANARY}</html>`, 'text/html', false)).toBe(
      `<redacted ${CANARY.length + 13} chars of text/html>`,
    );
  });

  it('headers: Authorization, cookies, SORACOM and AWS tokens are redacted; unknown headers too', () => {
    const shown = redactHeaders(
      Object.entries({
        Authorization: `Bearer ${CANARY}`,
        cookie: `IDP_AUTH_SESSION=${CANARY}`,
        'set-cookie': `IDP_AUTH_SESSION=${CANARY}`,
        'X-Soracom-Token': CANARY,
        'X-Soracom-API-Key': CANARY,
        'x-amz-security-token': CANARY,
        'x-amz-content-sha256': CANARY,
        'x-something-new': CANARY,
        'content-type': 'application/json',
        'x-amzn-requestid': 'req-1',
        location: `http://127.0.0.1/cb?code=${CANARY}&state=${CANARY}`,
      }),
    );
    expect(JSON.stringify(shown)).not.toContain(CANARY);
    expect(shown['content-type']).toBe('application/json');
    expect(shown['x-amzn-requestid']).toBe('req-1');
    expect(shown.location).toMatch(/^http:\/\/127\.0\.0\.1\/cb\?code=<redacted \d+ chars>&state=<redacted/);
  });
});

describe('tracedFetch', () => {
  it('with debug on, logs method, redacted URL, status, timing, headers and bodies', async () => {
    service = await startHttpService((_req, res) => {
      res
        .writeHead(200, { 'content-type': 'application/json', 'x-request-id': 'rid-9' })
        .end(JSON.stringify({ token: CANARY, operatorId: 'OP0012345678' }));
    });
    const lines: string[] = [];
    setDebugSink((line) => lines.push(line));
    const response = await tracedFetch(`${service.origin}/v1/auth?apiKey=${CANARY}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-soracom-token': CANARY },
      body: JSON.stringify({ email: 'a@example.com', password: CANARY }),
    });
    // The caller still reads the whole body.
    expect(await response.json()).toEqual({ token: CANARY, operatorId: 'OP0012345678' });
    const text = lines.join('\n');
    expect(text).not.toContain(CANARY);
    expect(text).toContain(`→ POST ${service.origin}/v1/auth?apiKey=<redacted`);
    expect(text).toMatch(/← 200 POST .*\/v1\/auth\?apiKey=<redacted \d+ chars> \(\d+ ms\)/);
    expect(text).toContain('"x-request-id":"rid-9"');
    expect(text).toContain('"operatorId":"OP0012345678"');
    expect(text).toContain('"password":"<redacted');
  });

  it('with debug off, prints nothing', async () => {
    service = await startHttpService((_req, res) => {
      res.writeHead(204).end();
    });
    const lines: string[] = [];
    setDebugSink((line) => lines.push(line));
    setDebugSink(undefined); // as runCli does when the command ends
    await tracedFetch(service.url('/x'));
    expect(lines).toEqual([]);
  });

  it('a request that gets no answer is logged with its cause', async () => {
    const lines: string[] = [];
    setDebugSink((line) => lines.push(line));
    const port = await closedPort();
    await expect(tracedFetch(`http://127.0.0.1:${port}/?secret=${CANARY}`)).rejects.toThrow();
    const text = lines.join('\n');
    expect(text).toMatch(
      new RegExp(
        `✗ GET http://127\\.0\\.0\\.1:${port}/\\?secret=<redacted \\d+ chars> \\(\\d+ ms\\): ECONNREFUSED`,
      ),
    );
    expect(text).not.toContain(CANARY);
  });
});

describe('provider clients log through --debug with their secrets redacted', () => {
  function capture(): string[] {
    const lines: string[] = [];
    setDebugSink((line) => lines.push(line));
    return lines;
  }

  it('Alibaba /v1/exchange: the bearer token and the STS keys are redacted, the request id shown', async () => {
    service = await startHttpService((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' }).end(
        JSON.stringify({
          requestId: 'ALI-REQ-1',
          accessKeyId: `STS.${CANARY}`,
          accessKeySecret: CANARY,
          securityToken: CANARY,
          expiration: '2030-01-01T00:00:00Z',
        }),
      );
    });
    const lines = capture();
    const sts = await exchangeForSts(service.origin, `access-${CANARY}`);
    expect(sts.securityToken).toBe(CANARY);
    const text = lines.join('\n');
    expect(text).toContain('← 200 POST');
    expect(text).toContain('"requestId":"ALI-REQ-1"');
    expect(text).toContain('"authorization":"<redacted');
    expect(text).not.toContain(CANARY);
  });

  it('OAuth refresh through openid-client (customFetch): refresh token and new tokens redacted', async () => {
    service = await startHttpService((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' }).end(
        JSON.stringify({
          access_token: CANARY,
          refresh_token: CANARY,
          token_type: 'Bearer',
          expires_in: 60,
        }),
      );
    });
    const origin = service.origin;
    const lines = capture();
    const client = {
      server: {
        issuer: origin,
        authorizationEndpoint: `${origin}/authorize`,
        tokenEndpoint: `${origin}/token`,
      },
      clientId: 'cli',
      service: 'OAuth',
    };
    const tokens = await refreshTokens(client, `refresh-${CANARY}`);
    expect(tokens.accessToken).toBe(CANARY);
    const text = lines.join('\n');
    expect(text).toMatch(/→ POST http:\/\/127\.0\.0\.1:\d+\/token/);
    expect(text).toContain('grant_type=refresh_token');
    expect(text).toContain('"token_type":"Bearer"');
    expect(text).not.toContain(CANARY);
  });

  it('AWS STS through the SDK: signed request and XML answer logged, keys redacted, the SDK still parses it', async () => {
    service = await startHttpService((_req, res) => {
      res
        .writeHead(200, { 'content-type': 'text/xml', 'x-amzn-requestid': 'req-7' })
        .end(
          '<GetSessionTokenResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><GetSessionTokenResult>' +
            `<Credentials><AccessKeyId>ASIA${'A'.repeat(16)}</AccessKeyId><SecretAccessKey>${CANARY}</SecretAccessKey>` +
            `<SessionToken>${CANARY}</SessionToken><Expiration>2030-01-01T00:00:00Z</Expiration></Credentials>` +
            '</GetSessionTokenResult><ResponseMetadata><RequestId>req-7</RequestId></ResponseMetadata>' +
            '</GetSessionTokenResponse>',
        );
    });
    const lines = capture();
    const sts = new Sts(
      { partition: 'aws', env: { TOBIRA_ENDPOINT_AWS_STS: service.origin } },
      { accessKeyId: 'AKIAEXAMPLEEXAMPLE', secretAccessKey: `long-term-${CANARY}` },
    );
    const { credentials } = await sts.getSessionToken({
      durationSeconds: 3600,
      serialNumber: 'arn:aws:iam::123456789012:mfa/u',
      tokenCode: '123456',
    });
    expect(credentials.secretAccessKey).toBe(CANARY);
    const text = lines.join('\n');
    expect(text).toMatch(/→ POST http:\/\/127\.0\.0\.1:\d+\//);
    expect(text).toContain('Action=GetSessionToken');
    expect(text).toContain('SerialNumber=arn:aws:iam::123456789012:mfa/u');
    expect(text).toContain('TokenCode=<redacted 6 chars>');
    expect(text).toContain('"authorization":"<redacted');
    expect(text).toContain('<RequestId>req-7</RequestId>');
    expect(text).not.toContain(CANARY);
    expect(text).not.toContain('123456<');
  });
});
