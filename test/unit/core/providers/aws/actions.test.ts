import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppService, appHandlers, dispatch } from '../../../../../electron/core/app';
import { startFakeAws, type FakeAws } from '../../../../fakes/aws';

const SECRET = 'canaryAppRotateSecret/0123456789abcdefghi';
const OLD = 'AKIAAPPROTATE0000001';
const BOB = 'AKIAAPPROTATE0000002';
const CREATED = Date.parse('2026-01-05T08:30:00Z');
const DAYS = () => Math.floor((Date.now() - CREATED) / 86_400_000);

describe("the app's access-key panel (aws:key, aws:rotate) and its rotation-age setting", () => {
  let aws: FakeAws;
  beforeAll(async () => {
    aws = await startFakeAws({
      users: [
        {
          userName: 'alice',
          accountId: '123456789012',
          accessKeyId: OLD,
          secretAccessKey: SECRET,
          keyCreatedAt: CREATED,
        },
        {
          userName: 'bob',
          accountId: '123456789012',
          accessKeyId: BOB,
          secretAccessKey: SECRET,
          mfa: { serial: 'arn:aws:iam::123456789012:mfa/bob', secret: 'JBSWY3DPEHPK3PXP' },
        },
      ],
    });
  });
  afterAll(async () => aws.close());

  const newApp = () =>
    new AppService({
      home: join(mkdtempSync(join(tmpdir(), 'tobira-app-rotate-')), 'h'),
      env: {
        TOBIRA_SECRET_STORE: 'file',
        TOBIRA_PASSPHRASE: 'pass-1',
        TOBIRA_ENDPOINT_AWS_STS: aws.origin,
        TOBIRA_ENDPOINT_AWS_IAM: aws.origin,
      },
      platform: { mode: 'browser', systemLang: 'en' },
    });

  it('looks up the age of a key added by hand, rotates like `tobira rotate` (never returning the secret), then shows the new age', async () => {
    const handlers = appHandlers(newApp());
    await dispatch(handlers, 'profiles:add', {
      type: 'aws-iam-user',
      name: 'alice',
      options: { accessKeyId: OLD },
      secret: SECRET,
    });
    expect(await dispatch(handlers, 'aws:key', { name: 'alice' })).toEqual({
      ok: true,
      value: { accessKeyId: OLD, created: '2026-01-05T08:30:00Z', ageDays: DAYS(), unknown: null },
    });
    // Stored: the profile's details show it too, and the next look asks IAM nothing.
    const listed = aws.calls.filter((call) => call.action === 'ListAccessKeys').length;
    expect(JSON.stringify(await dispatch(handlers, 'profiles:get', { name: 'alice' }))).toContain(
      `"accessKeyAge":"${DAYS()} days (2026-01-05)"`,
    );
    await dispatch(handlers, 'aws:key', { name: 'alice' });
    expect(aws.calls.filter((call) => call.action === 'ListAccessKeys')).toHaveLength(listed);
    const rotated = await dispatch(handlers, 'aws:rotate', { name: 'alice' });
    const fresh = aws.accessKeys.find((key) => key.userName === 'alice');
    expect(rotated).toEqual({
      ok: true,
      value: {
        accessKeyId: fresh?.accessKeyId,
        created: expect.any(String),
        deletedAccessKeyId: OLD,
        droppedSessions: ['alice'],
      },
    });
    expect(JSON.stringify(rotated)).not.toContain(fresh?.secretAccessKey);
    expect(await dispatch(handlers, 'aws:key', { name: 'alice' })).toMatchObject({
      ok: true,
      value: { accessKeyId: fresh?.accessKeyId, ageDays: 0 },
    });
    const detail = await dispatch(handlers, 'profiles:get', { name: 'alice' });
    expect(JSON.stringify(detail)).toMatch(/"accessKeyAge":"0 days \(\d{4}-\d\d-\d\d\)"/);

    expect(await dispatch(handlers, 'settings:get', {})).toMatchObject({ value: { keyRotationDays: 90 } });
    expect(await dispatch(handlers, 'settings:set', { keyRotationDays: 30 })).toMatchObject({
      value: { keyRotationDays: 30 },
    });
    expect(await dispatch(handlers, 'settings:set', { keyRotationDays: 0 })).toMatchObject({ ok: false });
  });

  it('with an MFA device and no MFA session the age stays unknown and says why; nothing is asked', async () => {
    const app = newApp();
    const handlers = appHandlers(app);
    await dispatch(handlers, 'profiles:add', {
      type: 'aws-iam-user',
      name: 'bob',
      options: { accessKeyId: BOB, mfaSerial: 'arn:aws:iam::123456789012:mfa/bob' },
      secret: SECRET,
    });
    const before = aws.calls.length;
    expect(await dispatch(handlers, 'aws:key', { name: 'bob' })).toEqual({
      ok: true,
      value: { accessKeyId: BOB, created: null, ageDays: null, unknown: 'mfaSession' },
    });
    expect(aws.calls.slice(before)).toEqual([]);
    expect(app.prompts.list()).toEqual([]);
  });
});
