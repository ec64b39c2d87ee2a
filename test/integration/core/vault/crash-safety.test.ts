import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_TOTP_PARAMS, totpCode } from '../../../../electron/core/mfa';
import { ProfilesFile } from '../../../../electron/core/vault';
import { FILE_STORE_ENV, runTobira, spawnTobira, tempHome } from '../../../harness/cli';
import { startFakeAws, type FakeAws } from '../../../fakes/aws';
import { startFakeSoracom, type FakeSoracom } from '../../../fakes/soracom';

/**
 * kill -9 at random moments while secrets (secrets.enc) and session caches are written, and a crowd of
 * credential-process calls on a cold cache. Figures (rounds, kills, calls, time) are printed for SECURITY.md.
 */
const ROUNDS = 5;
const CACHE_ROUNDS = 3;
/** A file-store write takes ~0.3–1 s with 6 at once on 2 cores: kills land before, during and after it. */
const WRITE_WINDOW_MS = 1200;
const PER_ROUND = 4;
const seed = (index: number) => {
  // A distinct valid base32 seed per index: 32 letters from A–Z and 2–7.
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  return Array.from({ length: 32 }, (_, position) => alphabet[(index * 7 + position * 13) % 32]).join('');
};
const code = (base32: string) => totpCode(base32, DEFAULT_TOTP_PARAMS, 59);

function readProfiles(home: string) {
  return ProfilesFile.parse(JSON.parse(readFileSync(join(home, 'profiles.json'), 'utf8')));
}

/**
 * Runs tobira and, with probability 1/2, SIGKILLs it after a random 10–`windowMs` ms; resolves with its exit code
 * (null when killed). The survivors must finish even though a killed one may have left its lock behind.
 */
function killedRun(
  args: string[],
  home: string,
  env: Record<string, string>,
  input?: string,
  windowMs = 400,
) {
  const child = spawnTobira(args, { home, env, ...(input !== undefined ? { input } : {}) });
  const exit = new Promise<number | null>((resolve) => child.on('close', (exitCode) => resolve(exitCode)));
  const timer =
    Math.random() < 0.5
      ? setTimeout(() => child.kill('SIGKILL'), 10 + Math.floor(Math.random() * windowMs))
      : undefined;
  void exit.then(() => clearTimeout(timer));
  return exit;
}

function figure(line: string) {
  console.log(`[security figures] ${line}`);
}

describe('secrets.enc under kill -9', () => {
  it(`profile add and mfa set, ${ROUNDS} rounds of ${PER_ROUND}: no corrupt or lost record`, async () => {
    const started = Date.now();
    const home = tempHome();
    const env = { ...FILE_STORE_ENV, TOBIRA_LOCK_STALE_MS: '2000' };
    const finished = new Map<string, string>(); // profile → the seed its code must come from
    let killed = 0;
    let total = 0;
    for (let round = 0; round < ROUNDS; round += 1) {
      // Half the processes add new profiles, half replace the MFA seed of an IAM user added earlier.
      const mfaTargets = [...finished.keys()].filter((name) => name.startsWith('u')).slice(0, PER_ROUND / 2);
      const jobs = [
        ...Array.from({ length: PER_ROUND - mfaTargets.length }, (_, index) => {
          const name = `${index % 2 === 0 ? 't' : 'u'}${round}-${index}`;
          const secret = seed(round * 100 + index);
          const args = name.startsWith('t')
            ? ['profile', 'add', name, '--type', 'totp']
            : [
                'profile',
                'add',
                name,
                '--type',
                'aws-iam-user',
                '--access-key-id',
                `AKIACRASH${round}X${index}`.padEnd(20, '0'),
              ];
          return {
            name,
            secret: name.startsWith('t') ? secret : undefined,
            exit: killedRun(
              args,
              home,
              env,
              `${name.startsWith('t') ? secret : 'crashTestSecretKey0123456789abcdefghijklm'}\n`,
              WRITE_WINDOW_MS,
            ),
          };
        }),
        ...mfaTargets.map((name, index) => {
          const secret = seed(round * 100 + 50 + index);
          return {
            name,
            secret,
            exit: killedRun(['mfa', 'set', name], home, env, `${secret}\n`, WRITE_WINDOW_MS),
            previous: finished.get(name),
          };
        }),
      ];
      for (const job of jobs) {
        total += 1;
        const exitCode = await job.exit;
        if (exitCode === 0) {
          finished.set(job.name, job.secret ?? '');
        } else {
          killed += 1;
          if ('previous' in job) {
            // A killed `mfa set`: the seed is the old one (or none, as before) or the new one; never broken.
            const otp = await runTobira(['otp', job.name, '--at', '59'], { home, env });
            const got = otp.stdout.trim();
            if (got === '') {
              expect(job.previous, `${job.name}: ${otp.stderr}`).toBe('');
              expect(otp.stderr).toMatch(/no TOTP secret/);
            } else {
              expect(
                [job.previous, job.secret].filter(Boolean).map((value) => code(value as string)),
              ).toContain(got);
              if (job.secret && got === code(job.secret)) finished.set(job.name, job.secret);
            }
          }
        }
      }
      if (finished.size === 0 && !existsSync(join(home, 'profiles.json'))) continue; // every writer died early
      const names = new Set(readProfiles(home).profiles.map((profile) => profile.name)); // throws if torn
      for (const name of finished.keys()) expect(names.has(name), name).toBe(true);
    }
    // Every finished write is readable with the passphrase, and holds exactly what was written last.
    for (const [name, secret] of finished) {
      const otp = await runTobira(['otp', name, '--at', '59'], { home, env });
      if (secret) expect(otp.stdout.trim(), `${name}: ${otp.stderr}`).toBe(code(secret));
      else expect(otp.stderr, name).toMatch(/no TOTP secret/);
    }
    const after = await runTobira(['profile', 'add', 'after', '--type', 'totp'], {
      home,
      env,
      input: `${seed(999)}\n`,
    });
    expect(after.code, after.stderr).toBe(0);
    expect(killed).toBeGreaterThan(0);
    figure(
      `secrets.enc: ${ROUNDS} rounds, ${total} writers, ${killed} killed, ${finished.size} finished, 0 lost, ${Date.now() - started} ms`,
    );
  });
});

describe('session cache under kill -9 and a cold-cache crowd', () => {
  let soracom: FakeSoracom;
  let aws: FakeAws;
  beforeAll(async () => {
    soracom = await startFakeSoracom();
    soracom.addOperator({ email: 'crash@example.com', password: 'crash-test-password' });
    aws = await startFakeAws({
      users: [
        {
          userName: 'dave',
          accountId: '123456789012',
          accessKeyId: 'AKIACROWDTEST0000001',
          secretAccessKey: 'crowdTestSecretKey0123456789abcdefghijklm',
        },
      ],
      roles: [{ arn: 'arn:aws:iam::210987654321:role/Admin', trust: ['arn:aws:iam::123456789012:root'] }],
    });
  });
  afterAll(async () => Promise.all([soracom.close(), aws.close()]));

  it(`login killed while the session is cached, ${CACHE_ROUNDS} rounds of 4: the store always opens and logins recover`, async () => {
    const started = Date.now();
    const home = tempHome();
    const env = {
      ...FILE_STORE_ENV,
      TOBIRA_ENDPOINT_SORACOM: soracom.endpoint,
      TOBIRA_LOCK_STALE_MS: '2000',
    };
    const names = ['s0', 's1', 's2', 's3'];
    for (const name of names) {
      const add = await runTobira(
        ['profile', 'add', name, '--type', 'soracom', '--email', 'crash@example.com'],
        {
          home,
          env,
          input: 'crash-test-password\n',
        },
      );
      expect(add.code, add.stderr).toBe(0);
    }
    let killed = 0;
    let cached = 0;
    for (let round = 0; round < CACHE_ROUNDS; round += 1) {
      await Promise.all(names.map((name) => runTobira(['logout', name], { home, env })));
      // A login takes ~0.5–1 s here: the kills land before, during and after the cache write.
      const exits = await Promise.all(
        names.map((name) => killedRun(['login', name], home, env, undefined, 1200)),
      );
      killed += exits.filter((exitCode) => exitCode !== 0).length;
      // Whatever the moment of the kill: a valid cached session, or a fresh login; never a broken store.
      const logins = await Promise.all(
        names.map((name) => runTobira(['login', name, '--json'], { home, env })),
      );
      for (const login of logins) {
        expect(login.code, login.stderr).toBe(0);
        expect(JSON.parse(login.stdout)).toMatchObject({ provider: 'soracom' });
      }
      const status = await runTobira(['status', '--json'], { home, env });
      expect(status.code, status.stderr).toBe(0);
      cached += exits.filter((exitCode) => exitCode === 0).length;
    }
    expect(killed).toBeGreaterThan(0);
    figure(
      `session cache: ${CACHE_ROUNDS} rounds x 4 logins, ${killed} killed, ${cached} finished, every next login ok, ${Date.now() - started} ms`,
    );
  });

  it('50 concurrent credential-process calls on a cold cache: one STS call per session, identical credentials', async () => {
    const home = tempHome();
    const env = { ...FILE_STORE_ENV, TOBIRA_ENDPOINT_AWS_STS: aws.origin, TOBIRA_AWS_RETRY_BASE_MS: '5' };
    const add = await runTobira(
      ['profile', 'add', 'dave', '--type', 'aws-iam-user', '--access-key-id', 'AKIACROWDTEST0000001'],
      { home, env, input: 'crowdTestSecretKey0123456789abcdefghijklm\n' },
    );
    expect(add.code, add.stderr).toBe(0);
    const role = await runTobira(
      [
        'profile',
        'add',
        'admin',
        '--type',
        'aws-role',
        '--source',
        'dave',
        '--role-arn',
        'arn:aws:iam::210987654321:role/Admin',
      ],
      { home, env },
    );
    expect(role.code, role.stderr).toBe(0);
    const before = aws.calls.length;
    const started = Date.now();
    // Both caches are cold: the role needs the source user's session first, then AssumeRole.
    const results = await Promise.all(
      Array.from({ length: 50 }, () => runTobira(['credential-process', 'admin'], { home, env })),
    );
    const elapsed = Date.now() - started;
    const failures = results.filter((result) => result.code !== 0).map((result) => result.stderr);
    expect(failures).toEqual([]);
    const bodies = new Set(results.map((result) => result.stdout));
    expect(bodies.size, [...bodies].join('\n')).toBe(1);
    expect(JSON.parse([...bodies][0] as string)).toMatchObject({
      Version: 1,
      AccessKeyId: expect.stringMatching(/^ASIA/),
    });
    const issuing = aws.calls
      .slice(before)
      .map((call) => call.action)
      .filter((action) => action !== 'GetCallerIdentity');
    expect(issuing).toEqual(['GetSessionToken', 'AssumeRole']);
    figure(
      `credential-process crowd (file store): 50 cold processes, STS calls ${issuing.join('+')} (1 each), 1 distinct answer, ${elapsed} ms`,
    );
  });
});
