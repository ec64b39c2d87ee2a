import {
  CreateAccessKeyCommand,
  DeleteAccessKeyCommand,
  GetAccessKeyLastUsedCommand,
  IAMClient,
  ListAccessKeysCommand,
} from '@aws-sdk/client-iam';
import { GetCallerIdentityCommand, GetSessionTokenCommand, STSClient } from '@aws-sdk/client-sts';
import { authenticator } from 'otplib';
import { afterEach, describe, expect, it } from 'vitest';
import { signRequest, startFakeAws, type FakeAws } from '../../fakes/aws';

const ACCOUNT = '123456789012';
const alice = () => ({
  userName: 'alice',
  accountId: ACCOUNT,
  accessKeyId: 'AKIAFAKEALICE0000001',
  secretAccessKey: 'aliceSecretKey/0123456789+abcdefghijklmnopq',
  mfa: { serial: `arn:aws:iam::${ACCOUNT}:mfa/alice`, secret: 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP' },
});

type Keys = { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
let fake: FakeAws | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

function iam(origin: string, credentials: Keys) {
  return new IAMClient({ region: 'us-east-1', endpoint: origin, credentials, maxAttempts: 1 });
}
function sts(origin: string, credentials: Keys) {
  return new STSClient({ region: 'us-east-1', endpoint: origin, credentials, maxAttempts: 1 });
}
async function rejection(promise: Promise<unknown>) {
  const error = (await promise.then(
    () => undefined,
    (e: unknown) => e,
  )) as { name?: string; message?: string; $metadata?: { httpStatusCode?: number } } | undefined;
  return { name: error?.name, message: error?.message, status: error?.$metadata?.httpStatusCode };
}

describe('fake IAM access keys (Query API 2010-05-08, SigV4 scope iam)', () => {
  it('lists, creates (secret once), and deletes keys of the signing user, as the real SDK reads them', async () => {
    fake = await startFakeAws({ users: [alice()] });
    const client = iam(fake.origin, alice());
    const listed = await client.send(new ListAccessKeysCommand({}));
    expect(listed.AccessKeyMetadata?.[0]?.UserName).toBe('alice');
    expect(listed.AccessKeyMetadata?.map((k) => k.AccessKeyId)).toEqual(['AKIAFAKEALICE0000001']);
    expect(listed.AccessKeyMetadata?.[0]?.CreateDate).toBeInstanceOf(Date);
    const created = await client.send(new CreateAccessKeyCommand({}));
    expect(created.AccessKey?.AccessKeyId).toMatch(/^AKIA[0-9A-F]{16}$/);
    expect(created.AccessKey?.SecretAccessKey).toHaveLength(40);
    expect(created.AccessKey?.Status).toBe('Active');
    expect((await client.send(new ListAccessKeysCommand({}))).AccessKeyMetadata).toHaveLength(2);
    const fresh = {
      accessKeyId: created.AccessKey?.AccessKeyId ?? '',
      secretAccessKey: created.AccessKey?.SecretAccessKey ?? '',
    };
    expect((await sts(fake.origin, fresh).send(new GetCallerIdentityCommand({}))).Arn).toBe(
      `arn:aws:iam::${ACCOUNT}:user/alice`,
    );
    await iam(fake.origin, fresh).send(new DeleteAccessKeyCommand({ AccessKeyId: alice().accessKeyId }));
    expect(fake.accessKeys.map((k) => k.accessKeyId)).toEqual([fresh.accessKeyId]);
    // A deleted key signs nothing any more.
    expect(await rejection(client.send(new ListAccessKeysCommand({})))).toMatchObject({
      name: 'InvalidClientTokenId',
      status: 403,
    });
  });

  it('refuses a third key with LimitExceeded (409) and an unknown key id with NoSuchEntity (404)', async () => {
    fake = await startFakeAws({ users: [alice()] });
    const client = iam(fake.origin, alice());
    await client.send(new CreateAccessKeyCommand({}));
    const third = await rejection(client.send(new CreateAccessKeyCommand({})));
    expect(third).toMatchObject({ status: 409, message: 'Cannot exceed quota for AccessKeysPerUser: 2' });
    expect(third.name).toMatch(/^LimitExceeded/);
    const missing = await rejection(
      client.send(new DeleteAccessKeyCommand({ AccessKeyId: 'AKIANOSUCHKEY0000000' })),
    );
    expect(missing).toMatchObject({ status: 404 });
    expect(missing.name).toMatch(/^NoSuchEntity/);
    expect(fake.accessKeys).toHaveLength(2);
  });

  it('a new key is refused (InvalidClientTokenId) until IAM has propagated it', async () => {
    fake = await startFakeAws({ users: [alice()], newKeyDelayMs: 400 });
    const created = await iam(fake.origin, alice()).send(new CreateAccessKeyCommand({}));
    const fresh = {
      accessKeyId: created.AccessKey?.AccessKeyId ?? '',
      secretAccessKey: created.AccessKey?.SecretAccessKey ?? '',
    };
    expect(await rejection(sts(fake.origin, fresh).send(new GetCallerIdentityCommand({})))).toMatchObject({
      name: 'InvalidClientTokenId',
      status: 403,
    });
    await new Promise((resolve) => setTimeout(resolve, 450));
    expect((await sts(fake.origin, fresh).send(new GetCallerIdentityCommand({}))).Account).toBe(ACCOUNT);
  });

  it('GetSessionToken credentials reach IAM only when made with MFA', async () => {
    fake = await startFakeAws({ users: [alice()] });
    const plain = await sts(fake.origin, alice()).send(new GetSessionTokenCommand({}));
    const asKeys = (c: typeof plain.Credentials): Keys => ({
      accessKeyId: c?.AccessKeyId ?? '',
      secretAccessKey: c?.SecretAccessKey ?? '',
      sessionToken: c?.SessionToken ?? '',
    });
    expect(
      await rejection(iam(fake.origin, asKeys(plain.Credentials)).send(new ListAccessKeysCommand({}))),
    ).toMatchObject({
      name: 'AccessDenied',
      status: 403,
      message: expect.stringContaining('unless MFA authentication information is included'),
    });
    const withMfa = await sts(fake.origin, alice()).send(
      new GetSessionTokenCommand({
        SerialNumber: alice().mfa.serial,
        TokenCode: authenticator.generate(alice().mfa.secret),
      }),
    );
    const client = iam(fake.origin, asKeys(withMfa.Credentials));
    expect((await client.send(new ListAccessKeysCommand({}))).AccessKeyMetadata).toHaveLength(1);
    const used = await client.send(new GetAccessKeyLastUsedCommand({ AccessKeyId: alice().accessKeyId }));
    expect(used.UserName).toBe('alice');
    expect(used.AccessKeyLastUsed?.ServiceName).toBe('sts');
  });

  it('answers a never-used key with N/A, and checks the SigV4 scope names iam', async () => {
    fake = await startFakeAws({ users: [alice()] });
    const created = await iam(fake.origin, alice()).send(new CreateAccessKeyCommand({}));
    const used = await iam(fake.origin, alice()).send(
      new GetAccessKeyLastUsedCommand({ AccessKeyId: created.AccessKey?.AccessKeyId ?? '' }),
    );
    expect(used.AccessKeyLastUsed).toMatchObject({ ServiceName: 'N/A', Region: 'N/A' });
    expect(used.AccessKeyLastUsed?.LastUsedDate).toBeUndefined();
    const body = 'Action=ListAccessKeys&Version=2010-05-08';
    const wrongScope = signRequest({ origin: fake.origin, body, ...alice(), service: 'sts' });
    const response = await fetch(wrongScope.url, { method: 'POST', headers: wrongScope.headers, body });
    expect(response.status).toBe(403);
    expect(await response.text()).toContain('<Code>SignatureDoesNotMatch</Code>');
    const right = signRequest({ origin: fake.origin, body, ...alice(), service: 'iam' });
    const ok = await fetch(right.url, { method: 'POST', headers: right.headers, body });
    expect(await ok.text()).toContain(
      '<ListAccessKeysResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/">',
    );
    const badSecret = signRequest({
      origin: fake.origin,
      body,
      ...alice(),
      secretAccessKey: 'x'.repeat(40),
      service: 'iam',
    });
    const refused = await fetch(badSecret.url, { method: 'POST', headers: badSecret.headers, body });
    expect(refused.status).toBe(403);
    expect(await refused.text()).toContain('<Code>SignatureDoesNotMatch</Code>');
  });
});
