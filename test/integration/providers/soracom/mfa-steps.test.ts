import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAgentServer, type NoticeRequest } from '../../../../electron/core/agent';
import { FILE_STORE_ENV, runTobira, tempHome, type CliRun } from '../../../harness/cli';
import { nearEndOfStep } from '../../../harness/totp-step';
import { startFakeSoracom, type FakeSoracom } from '../../../fakes/soracom';

const PASSWORD = 'canary-sam-password-steps-41d2';

let fake: FakeSoracom;
let operatorId: string;

beforeAll(async () => {
  fake = await startFakeSoracom();
  operatorId = fake.addOperator({ email: 'steps@example.com', password: 'canary-root-9c1e' }).operatorId;
});
afterAll(async () => fake.close());

/** A fresh home with profile "m" for a new SAM user with MFA, its secret stored with `mfa set`. */
async function mfaProfile(userName: string) {
  fake.addSamUser({ operatorId, userName, password: PASSWORD, permissions: ['*'] });
  const { secret } = fake.enableMfa({ operatorId, userName });
  const home = tempHome('tobira-soracom-steps-');
  const env = { ...FILE_STORE_ENV, TOBIRA_ENDPOINT_SORACOM: fake.endpoint };
  const run = (args: readonly string[], options: Partial<CliRun> = {}) =>
    runTobira(args, { home, env, input: '', ...options });
  const add = ['profile', 'add', 'm', '--type', 'soracom', '--operator-id', operatorId, '--user', userName];
  expect((await run(add, { input: `${PASSWORD}\n` })).code).toBe(0);
  expect((await run(['mfa', 'set', 'm'], { input: `${secret}\n` })).code).toBe(0);
  return { run, home };
}

describe('SORACOM MFA time steps', () => {
  it('soracom-cli profileCommand: a second call in the same step says why it waits, how long, and what avoids it', async () => {
    const { run, home } = await mfaProfile('steps-export');
    // The desktop app runs: soracom-cli hides the profileCommand's stderr, so the app shows why it waits.
    const notices: NoticeRequest[] = [];
    const app = await startAgentServer({
      home,
      onAsk: async () => ({ error: 'cancelled' }),
      onNotice: (request) => notices.push(request),
    });
    await nearEndOfStep(7);
    const first = await run(['export', 'm', '--format', 'soracom-profile']);
    const second = await run(['export', 'm', '--format', 'soracom-profile']);
    expect(first.code, first.stderr).toBe(0);
    expect(first.stderr).toBe('');
    expect(second.code, second.stderr).toBe(0);
    expect(second.stderr).toMatch(
      /soracom-cli asks Tobira for a fresh MFA code on every command, and the code of this time step was already sent for m: waiting [1-8] s for the next one/,
    );
    expect(second.stderr).toContain('AuthKey profile');
    expect(second.stderr).toContain('tobira exec m -- CMD');
    const codes = [first, second].map(
      (result) => (JSON.parse(result.stdout) as { mfaOTPCode: string }).mfaOTPCode,
    );
    expect(codes[0]).not.toBe(codes[1]);
    await app.close();
    expect(notices).toHaveLength(1);
    expect(notices[0]).toMatchObject({
      profile: 'm',
      label: { key: 'mfa.totp.waitingProfileCommand', params: { name: 'm', seconds: expect.any(Number) } },
      requester: { tobira: 'tobira export m --format soracom-profile' },
    });
  }, 90_000);

  it('a login with the clock an hour ahead says the clock is off (from SORACOM’s Date); the next normal one goes on', async () => {
    const { run } = await mfaProfile('steps-clock');
    const ahead = await run(['login', 'm'], { wrapper: ['faketime', '-f', '+1h'] });
    expect(ahead.code).toBe(3);
    expect(ahead.stderr).toMatch(/your clock is off: it is about 3\d{3} s ahead of SORACOM/);
    expect(ahead.stderr).toContain('timedatectl set-ntp true');
    const started = Date.now();
    const normal = await run(['login', 'm']);
    expect(normal.code, normal.stderr).toBe(0);
    expect(normal.stderr).toMatch(/clock moved back by about 3\d{3} s since the last MFA code for m/);
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(`${ahead.stderr}${normal.stderr}`).not.toContain(PASSWORD);
  }, 60_000);
});
