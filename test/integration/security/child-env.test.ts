import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { FILE_STORE_ENV } from '../../harness/cli';
import { awsWorld, CANARY_SECRET, MFA_SECRET, type AwsWorld } from '../providers/aws/fixture';

const worlds: AwsWorld[] = [];
afterEach(async () => {
  for (const created of worlds.splice(0)) await created.fake.close();
});

const REPO = resolve(import.meta.dirname, '../../..');

/** A program that writes its environment as JSON to OUT_FILE, then (for an MFA code command) prints a TOTP code. */
function envDumper(dir: string, name: string, printCode: boolean): string {
  const script = join(dir, `${name}.cjs`);
  writeFileSync(
    script,
    [
      `require('node:fs').writeFileSync(${JSON.stringify(join(dir, `${name}.json`))}, JSON.stringify(process.env));`,
      printCode
        ? `const { authenticator } = require(require.resolve('otplib', { paths: [${JSON.stringify(REPO)}] }));` +
          `process.stdout.write(authenticator.generate(${JSON.stringify(MFA_SECRET)}));`
        : '',
    ].join('\n'),
  );
  return script;
}

function tobiraVariables(env: Record<string, string>): string[] {
  return Object.keys(env)
    .filter((name) => name.toUpperCase().startsWith('TOBIRA_'))
    .sort();
}

describe('children get a scrubbed environment (T11)', () => {
  it('exec: credentials and the user environment, no TOBIRA_PASSPHRASE; mfa --command: nothing of Tobira', async () => {
    const w = await awsWorld();
    worlds.push(w);
    const dir = mkdtempSync(join(tmpdir(), 'tobira-child-env-'));
    const add = await w.run(
      [
        'profile',
        'add',
        'alice',
        '--type',
        'aws-iam-user',
        '--access-key-id',
        w.user.accessKeyId,
        '--mfa-serial',
        w.user.mfa?.serial ?? '',
      ],
      `${CANARY_SECRET}\n`,
    );
    expect(add.code, add.stderr).toBe(0);
    const codeCommand = `${process.execPath} ${envDumper(dir, 'code', true)}`;
    const set = await w.run(['mfa', 'set', 'alice', '--command', codeCommand]);
    expect(set.code, set.stderr).toBe(0);

    const extra = {
      MY_TOOL_SETTING: 'kept',
      TOBIRA_BROWSER: 'true',
      TOBIRA_DEBUG: '',
      tobira_passphrase: 'lower-case-too',
    };
    const result = await w.run(
      ['exec', 'alice', '--', process.execPath, envDumper(dir, 'exec', false)],
      '',
      extra,
    );
    expect(result.code, result.stderr).toBe(0);
    const passphrase = FILE_STORE_ENV.TOBIRA_PASSPHRASE;

    const codeEnv = JSON.parse(readFileSync(join(dir, 'code.json'), 'utf8')) as Record<string, string>;
    expect(tobiraVariables(codeEnv)).toEqual([]);
    expect(codeEnv.MY_TOOL_SETTING).toBe('kept');
    expect(codeEnv.PATH).toBe(process.env.PATH);
    const codeValues = Object.values(codeEnv).join('\n');
    expect(codeValues).not.toContain(passphrase);
    expect(codeValues).not.toContain(CANARY_SECRET);

    const execEnv = JSON.parse(readFileSync(join(dir, 'exec.json'), 'utf8')) as Record<string, string>;
    expect(tobiraVariables(execEnv)).toEqual(['TOBIRA_HOME', 'TOBIRA_PROFILE']);
    expect(execEnv.TOBIRA_HOME).toBe(w.home);
    expect(execEnv.MY_TOOL_SETTING).toBe('kept');
    const session = w.fake.sessions.find((s) => s.kind === 'session-token');
    expect(execEnv.AWS_ACCESS_KEY_ID).toBe(session?.accessKeyId);
    expect(execEnv.AWS_SECRET_ACCESS_KEY).toBe(session?.secretAccessKey);
    const execValues = Object.values(execEnv).join('\n');
    expect(execValues).not.toContain(passphrase);
    expect(execValues).not.toContain('lower-case-too');
    expect(execValues).not.toContain(CANARY_SECRET);
  });
});
