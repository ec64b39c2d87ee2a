import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppService, appHandlers, dispatch } from '../../../../../electron/core/app';
import { startFakeAws, type FakeAws } from '../../../../fakes/aws';

const SECRET = 'canaryAppRotateSecret/0123456789abcdefghi';
const OLD = 'AKIAAPPROTATE0000001';

describe("the app's access-key panel (aws:key, aws:rotate) and its rotation-age setting", () => {
  let aws: FakeAws;
  beforeAll(async () => {
    aws = await startFakeAws({
      users: [{ userName: 'alice', accountId: '123456789012', accessKeyId: OLD, secretAccessKey: SECRET }],
    });
  });
  afterAll(async () => aws.close());

  it('shows an unknown age, rotates like `tobira rotate` (never returning the secret), then shows the age', async () => {
    const app = new AppService({
      home: join(mkdtempSync(join(tmpdir(), 'tobira-app-rotate-')), 'h'),
      env: {
        TOBIRA_SECRET_STORE: 'file',
        TOBIRA_PASSPHRASE: 'pass-1',
        TOBIRA_ENDPOINT_AWS_STS: aws.origin,
        TOBIRA_ENDPOINT_AWS_IAM: aws.origin,
      },
      platform: { mode: 'browser', systemLang: 'en' },
    });
    const handlers = appHandlers(app);
    await dispatch(handlers, 'profiles:add', {
      type: 'aws-iam-user',
      name: 'alice',
      options: { accessKeyId: OLD },
      secret: SECRET,
    });
    expect(await dispatch(handlers, 'aws:key', { name: 'alice' })).toEqual({
      ok: true,
      value: { accessKeyId: OLD, created: null, ageDays: null },
    });
    const rotated = await dispatch(handlers, 'aws:rotate', { name: 'alice' });
    const fresh = aws.accessKeys[0];
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
});
