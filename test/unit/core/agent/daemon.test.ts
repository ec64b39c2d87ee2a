import { describe, expect, it } from 'vitest';
import { servedRecord } from '../../../../electron/core/agent/daemon';

const record = (data: Record<string, unknown>) =>
  JSON.stringify({
    version: 1,
    expiration: '2026-01-01T01:00:00Z',
    obtainedAt: '2026-01-01T00:00:00Z',
    data,
  });

describe('what tobira agent hands out of a cache record', () => {
  it('the session, without an OAuth refresh token', () => {
    const served = servedRecord(record({ accessToken: 'at', refreshToken: 'rt-canary', idToken: 'id' }));
    expect(served).not.toContain('rt-canary');
    expect(JSON.parse(served ?? '{}')).toMatchObject({ data: { accessToken: 'at', idToken: 'id' } });
  });

  it('an AWS session as it is; nothing for an unreadable record', () => {
    const aws = record({ accessKeyId: 'ASIA', secretAccessKey: 's', sessionToken: 't' });
    expect(servedRecord(aws)).toBe(aws);
    expect(servedRecord('not json')).toBeUndefined();
    expect(servedRecord(undefined)).toBeUndefined();
  });
});
