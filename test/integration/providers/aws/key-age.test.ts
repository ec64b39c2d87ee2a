import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { addProfiles, awsWorld, type AwsWorld } from './fixture';

// `profile show` of a key added by hand: its age is looked up once in IAM (ListAccessKeys of the caller) and stored;
// with an MFA device only through a cached MFA session (never a prompt just for an age).
const DAY = 86_400_000;
const CREATED = Date.parse('2026-01-05T08:30:00Z');

const worlds: AwsWorld[] = [];
async function world(options: Parameters<typeof awsWorld>[0]): Promise<AwsWorld> {
  const created = await awsWorld({ keyCreatedAt: CREATED, ...options });
  worlds.push(created);
  return created;
}
afterEach(async () => {
  for (const created of worlds.splice(0)) await created.fake.close();
});

function storedKeyCreated(w: AwsWorld): string | undefined {
  const file = JSON.parse(readFileSync(join(w.home, 'profiles.json'), 'utf8')) as {
    profiles: Array<{ name: string; fields: { keyCreated?: string } }>;
  };
  return file.profiles.find((profile) => profile.name === 'alice')?.fields.keyCreated;
}

const listCalls = (w: AwsWorld) => w.fake.calls.filter((call) => call.action === 'ListAccessKeys');
const days = () => Math.floor((Date.now() - CREATED) / DAY);

describe('profile show: the age of a key added by hand', () => {
  it('without an MFA device: asked of IAM with the key itself, shown and stored; the next show asks nothing', async () => {
    const w = await world({ mfa: false });
    await addProfiles(w, { mfa: false });
    const show = await w.run(['profile', 'show', 'alice']);
    expect(show.code, show.stderr).toBe(0);
    expect(show.stdout).toMatch(new RegExp(`accessKeyAge\\s+${days()} days \\(2026-01-05\\)`));
    expect(listCalls(w).map((call) => call.accessKeyId)).toEqual([w.user.accessKeyId]);
    expect(storedKeyCreated(w)).toBe('2026-01-05T08:30:00Z');
    const json = JSON.parse((await w.run(['profile', 'show', 'alice', '--json'])).stdout) as {
      details: Record<string, string>;
    };
    expect(json.details.accessKeyAge).toBe(`${days()} days (2026-01-05)`);
    expect(listCalls(w)).toHaveLength(1);
  });

  it('with an MFA device and no MFA session: "unknown", says why, asks nobody; after a login it is looked up', async () => {
    const w = await world({});
    await addProfiles(w);
    const before = w.fake.calls.length;
    const show = await w.run(['profile', 'show', 'alice']);
    expect(show.code, show.stderr).toBe(0);
    expect(show.stdout).toMatch(/accessKeyAge\s+unknown/);
    expect(show.stderr).toContain('tobira login alice');
    expect(w.fake.calls.slice(before)).toEqual([]); // no GetSessionToken, no code spent, no IAM call
    expect(storedKeyCreated(w)).toBeUndefined();

    expect((await w.run(['login', 'alice'])).code).toBe(0);
    const again = await w.run(['profile', 'show', 'alice']);
    expect(again.stdout).toMatch(new RegExp(`accessKeyAge\\s+${days()} days \\(2026-01-05\\)`));
    expect(listCalls(w).map((call) => call.accessKeyId.slice(0, 4))).toEqual(['ASIA']); // the MFA session
    expect(storedKeyCreated(w)).toBe('2026-01-05T08:30:00Z');
  });

  it('IAM refusing keeps "unknown" quietly; --debug says why', async () => {
    const w = await world({ mfa: false });
    await addProfiles(w, { mfa: false });
    w.fake.failIamNext('ListAccessKeys', 2, 'AccessDenied');
    const show = await w.run(['profile', 'show', 'alice']);
    expect(show.code, show.stderr).toBe(0);
    expect(show.stdout).toMatch(/accessKeyAge\s+unknown/);
    expect(show.stderr).toBe('');
    const debug = await w.run(['--debug', 'profile', 'show', 'alice']);
    expect(debug.stdout).toMatch(/accessKeyAge\s+unknown/);
    expect(debug.stderr).toMatch(/key age of alice: IAM did not tell \(AccessDenied/);
    expect(storedKeyCreated(w)).toBeUndefined();
    // IAM unreachable: one attempt, no retries, still exit 0 and "unknown".
    const offline = await w.run(['--debug', 'profile', 'show', 'alice'], '', {
      TOBIRA_ENDPOINT_AWS_IAM: 'http://127.0.0.1:9',
    });
    expect(offline.code, offline.stderr).toBe(0);
    expect(offline.stdout).toMatch(/accessKeyAge\s+unknown/);
    expect(offline.stderr).toMatch(/key age of alice: IAM did not tell \(provider.unreachable\)/);
    expect(offline.stderr.match(/→ POST http:\/\/127.0.0.1:9\//g) ?? []).toHaveLength(1);
  });
});
