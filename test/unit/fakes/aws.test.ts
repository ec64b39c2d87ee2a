import {
  AssumeRoleCommand,
  GetCallerIdentityCommand,
  GetFederationTokenCommand,
  GetSessionTokenCommand,
  STSClient,
} from '@aws-sdk/client-sts';
import { authenticator } from 'otplib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signRequest, startFakeAws, type FakeAws } from '../../fakes/aws';

const ACCOUNT = '123456789012';
const ALICE = {
  userName: 'alice',
  accountId: ACCOUNT,
  accessKeyId: 'AKIAFAKEALICE0000001',
  secretAccessKey: 'aliceSecretKey/0123456789+abcdefghijklmnopq',
  mfa: { serial: `arn:aws:iam::${ACCOUNT}:mfa/alice`, secret: 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP' },
};
const BOB = {
  userName: 'bob',
  accountId: ACCOUNT,
  accessKeyId: 'AKIAFAKEBOB000000001',
  secretAccessKey: 'bobSecretKey/0123456789+abcdefghijklmnopqrs',
  mfa: { serial: `arn:aws:iam::${ACCOUNT}:mfa/bob`, secret: 'KRSXG5CTMVRXEZLUKRSXG5CTMVRXEZLU' },
};
const ROLE = `arn:aws:iam::${ACCOUNT}:role/Admin`;
const ROLE_EXT = `arn:aws:iam::${ACCOUNT}:role/Partner`;
const ROLE_MFA = `arn:aws:iam::${ACCOUNT}:role/Sensitive`;

let fake: FakeAws;

function client(credentials: { accessKeyId: string; secretAccessKey: string; sessionToken?: string }) {
  return new STSClient({ region: 'us-east-1', endpoint: fake.origin, credentials, maxAttempts: 1 });
}

async function query(
  body: string,
  credentials = ALICE as { accessKeyId: string; secretAccessKey: string; sessionToken?: string },
) {
  const signed = signRequest({ origin: fake.origin, body, ...credentials });
  const response = await fetch(signed.url, { method: 'POST', headers: signed.headers, body });
  return { status: response.status, text: await response.text(), type: response.headers.get('content-type') };
}

async function federation(params: Record<string, string>, method: 'GET' | 'POST' = 'POST') {
  const form = new URLSearchParams(params).toString();
  const response =
    method === 'POST'
      ? await fetch(`${fake.origin}/federation`, {
          method,
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          body: form,
          redirect: 'manual',
        })
      : await fetch(`${fake.origin}/federation?${form}`, { redirect: 'manual' });
  return { status: response.status, text: await response.text(), response };
}

function sessionJson(c: { AccessKeyId?: string; SecretAccessKey?: string; SessionToken?: string }) {
  return JSON.stringify({
    sessionId: c.AccessKeyId,
    sessionKey: c.SecretAccessKey,
    sessionToken: c.SessionToken,
  });
}

/** The current TOTP code of a device; each device is used once per test so no test waits for the next step. */
function codeOf(user: { mfa: { secret: string } }): string {
  return authenticator.generate(user.mfa.secret);
}

beforeAll(async () => {
  fake = await startFakeAws({
    users: [ALICE, BOB],
    roles: [
      { arn: ROLE, trust: [`arn:aws:iam::${ACCOUNT}:root`], maxSessionDuration: 43_200 },
      { arn: ROLE_EXT, trust: [`arn:aws:iam::${ACCOUNT}:user/alice`], externalId: 'partner-42' },
      { arn: ROLE_MFA, trust: [`arn:aws:iam::${ACCOUNT}:root`], requireMfa: true },
    ],
  });
});
afterAll(() => fake.close());

describe('fake STS wire format', () => {
  it('answers GetCallerIdentity in the STS XML shape, through the real AWS SDK (SigV4 verified)', async () => {
    const out = await client(ALICE).send(new GetCallerIdentityCommand({}));
    expect(out).toMatchObject({ Account: ACCOUNT, Arn: `arn:aws:iam::${ACCOUNT}:user/alice` });
    const raw = await query('Action=GetCallerIdentity&Version=2011-06-15');
    expect(raw.status).toBe(200);
    expect(raw.type).toBe('text/xml');
    expect(raw.text).toMatch(
      /^<GetCallerIdentityResponse xmlns="https:\/\/sts\.amazonaws\.com\/doc\/2011-06-15\/">\s*<GetCallerIdentityResult>\s*<Arn>arn:aws:iam::123456789012:user\/alice<\/Arn><UserId>AIDA\w+<\/UserId><Account>123456789012<\/Account>/,
    );
    expect(raw.text).toMatch(/<ResponseMetadata>\s*<RequestId>[0-9a-f-]{36}<\/RequestId>/);
  });

  it('answers errors as <ErrorResponse><Error><Type/><Code/><Message/></Error><RequestId/>', async () => {
    const raw = await query('Action=GetCallerIdentity&Version=2011-06-15', {
      accessKeyId: 'AKIAUNKNOWNKEY000000',
      secretAccessKey: 'x',
    });
    expect(raw.status).toBe(403);
    expect(raw.text).toMatch(
      /<ErrorResponse xmlns="https:\/\/sts\.amazonaws\.com\/doc\/2011-06-15\/">\s*<Error>\s*<Type>Sender<\/Type>\s*<Code>InvalidClientTokenId<\/Code>\s*<Message>The security token included in the request is invalid\.<\/Message>\s*<\/Error>\s*<RequestId>[0-9a-f-]{36}<\/RequestId>\s*<\/ErrorResponse>/,
    );
  });

  it('rejects a wrong secret (SignatureDoesNotMatch), a missing signature, a tampered body and a bad Version', async () => {
    const wrong = await query('Action=GetCallerIdentity&Version=2011-06-15', {
      ...ALICE,
      secretAccessKey: 'wrong',
    });
    expect(wrong.text).toContain('<Code>SignatureDoesNotMatch</Code>');
    const unsigned = await fetch(`${fake.origin}/`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'Action=GetCallerIdentity&Version=2011-06-15',
    });
    expect(await unsigned.text()).toContain('<Code>MissingAuthenticationToken</Code>');
    const signed = signRequest({
      origin: fake.origin,
      body: 'Action=GetCallerIdentity&Version=2011-06-15',
      ...ALICE,
    });
    const tampered = await fetch(signed.url, {
      method: 'POST',
      headers: signed.headers,
      body: 'Action=GetSessionToken&Version=2011-06-15',
    });
    expect(await tampered.text()).toContain('<Code>SignatureDoesNotMatch</Code>');
    const old = signRequest({
      origin: fake.origin,
      body: 'Action=GetCallerIdentity&Version=2011-06-15',
      ...ALICE,
      at: new Date(Date.now() - 20 * 60_000),
    });
    const stale = await fetch(old.url, {
      method: 'POST',
      headers: old.headers,
      body: 'Action=GetCallerIdentity&Version=2011-06-15',
    });
    expect(await stale.text()).toMatch(
      /<Code>SignatureDoesNotMatch<\/Code>\s*<Message>Signature expired: \d{8}T\d{6}Z is now earlier than \d{8}T\d{6}Z \(\d{8}T\d{6}Z - 15 min\.\)/,
    );
    const ahead = signRequest({
      origin: fake.origin,
      body: 'Action=GetCallerIdentity&Version=2011-06-15',
      ...ALICE,
      at: new Date(Date.now() + 60 * 60_000),
    });
    const future = await fetch(ahead.url, {
      method: 'POST',
      headers: ahead.headers,
      body: 'Action=GetCallerIdentity&Version=2011-06-15',
    });
    expect(await future.text()).toMatch(
      /<Message>Signature not yet current: \d{8}T\d{6}Z is still later than \d{8}T\d{6}Z \(\d{8}T\d{6}Z \+ 15 min\.\)/,
    );
    const version = await query('Action=GetCallerIdentity&Version=2010-01-01');
    expect(version.text).toContain('<Code>InvalidAction</Code>');
  });

  it('throttles with 400 Throttling "Rate exceeded" when told to', async () => {
    fake.throttleNext(1);
    const raw = await query('Action=GetCallerIdentity&Version=2011-06-15');
    expect(raw.status).toBe(400);
    expect(raw.text).toMatch(/<Code>Throttling<\/Code>\s*<Message>Rate exceeded<\/Message>/);
    expect((await query('Action=GetCallerIdentity&Version=2011-06-15')).status).toBe(200);
  });
});

describe('fake STS actions', () => {
  it('GetSessionToken checks the MFA code with TOTP and accepts each code once', async () => {
    await expect(
      client(ALICE).send(new GetSessionTokenCommand({ SerialNumber: ALICE.mfa.serial, TokenCode: '000000' })),
    ).rejects.toMatchObject({
      name: 'AccessDenied',
      message: expect.stringContaining(
        'MultiFactorAuthentication failed with invalid MFA one time pass code',
      ),
    });
    const code = codeOf(ALICE);
    const out = await client(ALICE).send(
      new GetSessionTokenCommand({ SerialNumber: ALICE.mfa.serial, TokenCode: code, DurationSeconds: 3600 }),
    );
    expect(out.Credentials?.AccessKeyId).toMatch(/^ASIA/);
    expect(out.Credentials?.Expiration?.getTime()).toBeGreaterThan(Date.now() + 3500_000);
    await expect(
      client(ALICE).send(new GetSessionTokenCommand({ SerialNumber: ALICE.mfa.serial, TokenCode: code })),
    ).rejects.toMatchObject({ name: 'AccessDenied' });
    // Session credentials cannot call GetSessionToken again.
    const session = out.Credentials as { AccessKeyId: string; SecretAccessKey: string; SessionToken: string };
    await expect(
      client({
        accessKeyId: session.AccessKeyId,
        secretAccessKey: session.SecretAccessKey,
        sessionToken: session.SessionToken,
      }).send(new GetSessionTokenCommand({})),
    ).rejects.toMatchObject({ name: 'AccessDenied' });
  });

  it('AssumeRole checks trust, ExternalId, MFA and the one-hour role-chaining cap', async () => {
    const direct = await client(ALICE).send(
      new AssumeRoleCommand({ RoleArn: ROLE, RoleSessionName: 'direct', DurationSeconds: 43_200 }),
    );
    expect(direct.AssumedRoleUser?.Arn).toBe(`arn:aws:sts::${ACCOUNT}:assumed-role/Admin/direct`);
    await expect(
      client(ALICE).send(new AssumeRoleCommand({ RoleArn: ROLE_EXT, RoleSessionName: 'x1' })),
    ).rejects.toMatchObject({
      name: 'AccessDenied',
      message: expect.stringContaining('is not authorized to perform: sts:AssumeRole'),
    });
    await expect(
      client(ALICE).send(
        new AssumeRoleCommand({ RoleArn: ROLE_EXT, RoleSessionName: 'x2', ExternalId: 'partner-42' }),
      ),
    ).resolves.toBeDefined();
    await expect(
      client(ALICE).send(new AssumeRoleCommand({ RoleArn: ROLE_MFA, RoleSessionName: 'x3' })),
    ).rejects.toMatchObject({ name: 'AccessDenied' });
    const mfa = await client(BOB).send(
      new AssumeRoleCommand({
        RoleArn: ROLE_MFA,
        RoleSessionName: 'x4',
        SerialNumber: BOB.mfa.serial,
        TokenCode: codeOf(BOB),
      }),
    );
    expect(mfa.Credentials?.SessionToken).toBeTruthy();
    const role = direct.Credentials as { AccessKeyId: string; SecretAccessKey: string; SessionToken: string };
    const chained = client({
      accessKeyId: role.AccessKeyId,
      secretAccessKey: role.SecretAccessKey,
      sessionToken: role.SessionToken,
    });
    await expect(
      chained.send(new AssumeRoleCommand({ RoleArn: ROLE, RoleSessionName: 'chain', DurationSeconds: 7200 })),
    ).rejects.toMatchObject({
      name: 'ValidationError',
      message:
        'The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining.',
    });
    await expect(
      chained.send(new AssumeRoleCommand({ RoleArn: ROLE, RoleSessionName: 'chain', DurationSeconds: 3600 })),
    ).resolves.toBeDefined();
  });

  it('GetFederationToken needs long-term keys and a valid Name; expired sessions get ExpiredToken', async () => {
    const out = await client(ALICE).send(new GetFederationTokenCommand({ Name: 'alice', Policy: '{}' }));
    expect(out.FederatedUser?.Arn).toBe(`arn:aws:sts::${ACCOUNT}:federated-user/alice`);
    await expect(client(ALICE).send(new GetFederationTokenCommand({ Name: 'a' }))).rejects.toMatchObject({
      name: 'ValidationError',
    });
    const creds = out.Credentials as { AccessKeyId: string; SecretAccessKey: string; SessionToken: string };
    const federated = client({
      accessKeyId: creds.AccessKeyId,
      secretAccessKey: creds.SecretAccessKey,
      sessionToken: creds.SessionToken,
    });
    await expect(federated.send(new GetFederationTokenCommand({ Name: 'again' }))).rejects.toMatchObject({
      name: 'AccessDenied',
    });
    await expect(federated.send(new GetCallerIdentityCommand({}))).resolves.toBeDefined();
    fake.expireSessions();
    await expect(federated.send(new GetCallerIdentityCommand({}))).rejects.toMatchObject({
      name: 'ExpiredToken',
      message: 'The security token included in the request is expired',
    });
  });
});

describe('fake sign-in federation endpoint', () => {
  it('gives a SigninToken for role credentials by POST and GET, and logs in once with a 302 into the console', async () => {
    const role = (await client(ALICE).send(new AssumeRoleCommand({ RoleArn: ROLE, RoleSessionName: 'web' })))
      .Credentials as { AccessKeyId: string; SecretAccessKey: string; SessionToken: string };
    const post = await federation({
      Action: 'getSigninToken',
      SessionDuration: '43200',
      Session: sessionJson(role),
    });
    expect(post.status).toBe(200);
    const token = (JSON.parse(post.text) as { SigninToken: string }).SigninToken;
    expect(token.length).toBeGreaterThan(20);
    const get = await federation({ Action: 'getSigninToken', Session: sessionJson(role) }, 'GET');
    expect(Object.keys(JSON.parse(get.text) as object)).toEqual(['SigninToken']);

    const login = await federation(
      {
        Action: 'login',
        Issuer: 'tobira',
        Destination: 'https://console.aws.amazon.com/',
        SigninToken: token,
      },
      'GET',
    );
    expect(login.status).toBe(302);
    const location = new URL(login.response.headers.get('location') ?? '');
    expect(location.pathname).toBe('/console');
    expect(location.searchParams.get('arn')).toBe(`arn:aws:sts::${ACCOUNT}:assumed-role/Admin/web`);
    // The console session is a cookie: the console shows its account with it, and nobody without it.
    const cookie = (login.response.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
    expect(cookie).toMatch(/^aws-console-session=[\w-]{20,}$/);
    const signedIn = await fetch(location, { headers: { cookie } }).then((r) => r.text());
    expect(signedIn).toContain(`assumed-role/Admin/web`);
    const anonymous = await fetch(location).then((r) => r.text());
    expect(anonymous).toContain('Signed out');
    expect(anonymous).not.toContain('assumed-role');
    const again = await federation(
      {
        Action: 'login',
        Issuer: 'tobira',
        Destination: 'https://console.aws.amazon.com/',
        SigninToken: token,
      },
      'GET',
    );
    expect(again.status).toBe(400);
  });

  it('refuses long-term keys, GetSessionToken credentials and forbidden SessionDuration with HTML 400', async () => {
    const longTerm = await federation({
      Action: 'getSigninToken',
      Session: JSON.stringify({ sessionId: ALICE.accessKeyId, sessionKey: ALICE.secretAccessKey }),
    });
    expect(longTerm.status).toBe(400);
    expect(longTerm.text).toContain('Invalid credentials parameter');
    const sessionToken = (await client(ALICE).send(new GetSessionTokenCommand({}))).Credentials as {
      AccessKeyId: string;
    };
    expect((await federation({ Action: 'getSigninToken', Session: sessionJson(sessionToken) })).status).toBe(
      400,
    );

    const role = (await client(ALICE).send(new AssumeRoleCommand({ RoleArn: ROLE, RoleSessionName: 'web2' })))
      .Credentials as { AccessKeyId: string; SecretAccessKey: string; SessionToken: string };
    for (const bad of ['899', '43201', '12h']) {
      expect(
        (await federation({ Action: 'getSigninToken', SessionDuration: bad, Session: sessionJson(role) }))
          .status,
      ).toBe(400);
    }
    const chained = (
      await client({
        accessKeyId: role.AccessKeyId,
        secretAccessKey: role.SecretAccessKey,
        sessionToken: role.SessionToken,
      }).send(new AssumeRoleCommand({ RoleArn: ROLE, RoleSessionName: 'chained' }))
    ).Credentials as { AccessKeyId: string };
    expect(
      (await federation({ Action: 'getSigninToken', SessionDuration: '3600', Session: sessionJson(chained) }))
        .status,
    ).toBe(400);
    expect((await federation({ Action: 'getSigninToken', Session: sessionJson(chained) })).status).toBe(200);

    const federated = (
      await client(ALICE).send(new GetFederationTokenCommand({ Name: 'alice', Policy: '{}' }))
    ).Credentials as { AccessKeyId: string };
    expect(
      (
        await federation({
          Action: 'getSigninToken',
          SessionDuration: '3600',
          Session: sessionJson(federated),
        })
      ).status,
    ).toBe(400);
    expect((await federation({ Action: 'getSigninToken', Session: sessionJson(federated) })).status).toBe(
      200,
    );

    const cognito = fake.mintWebIdentitySession(ROLE);
    const cognitoJson = JSON.stringify({
      sessionId: cognito.accessKeyId,
      sessionKey: cognito.secretAccessKey,
      sessionToken: cognito.sessionToken,
    });
    expect(
      (await federation({ Action: 'getSigninToken', SessionDuration: '3600', Session: cognitoJson })).status,
    ).toBe(400);
    expect((await federation({ Action: 'getSigninToken', Session: cognitoJson })).status).toBe(200);
  });

  it('sends the logout hop on to its redirect_uri', async () => {
    const target = `${fake.origin}/federation?Action=login&SigninToken=x`;
    const response = await fetch(
      `${fake.origin}/oauth?${new URLSearchParams({ Action: 'logout', redirect_uri: target })}`,
      {
        redirect: 'manual',
      },
    );
    expect(response.status).toBe(302);
    expect(response.headers.get('location')).toBe(target);
  });
});

describe('fake STS clock', () => {
  it('checks MFA codes against its own clock, as it does signatures and expiry', async () => {
    const HOUR = 3_600_000;
    const ahead = await startFakeAws({ users: [ALICE], now: () => Date.now() + HOUR });
    // Signed at the fake's time, as a process under the same moved clock would sign.
    const getSessionToken = async (code: string) => {
      const body = new URLSearchParams({
        Action: 'GetSessionToken',
        Version: '2011-06-15',
        SerialNumber: ALICE.mfa.serial,
        TokenCode: code,
      }).toString();
      const signed = signRequest({ origin: ahead.origin, body, ...ALICE, at: new Date(Date.now() + HOUR) });
      const response = await fetch(signed.url, { method: 'POST', headers: signed.headers, body });
      return { status: response.status, text: await response.text() };
    };
    try {
      const stale = await getSessionToken(authenticator.generate(ALICE.mfa.secret));
      expect(stale.status).toBe(403);
      expect(stale.text).toContain('MultiFactorAuthentication failed');
      const current = await getSessionToken(
        authenticator.clone({ epoch: Date.now() + HOUR }).generate(ALICE.mfa.secret),
      );
      expect(current.status).toBe(200);
      expect(current.text).toContain('<SessionToken>');
    } finally {
      await ahead.close();
    }
  });
});
