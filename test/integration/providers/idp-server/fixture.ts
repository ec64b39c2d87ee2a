import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'vitest';
import { CLI_PATH, runTobira, type CliResult } from '../../../harness/cli';
import {
  internalOtpConfig,
  passwordAndOtpPolicy,
  startFakeIdpServer,
  type FakeIdpOptions,
  type FakeIdpServer,
  type InternalOtpOptions,
} from '../../../fakes/idp-server';

export const PASSWORD = 'canary-idp-password-3f9a';
export const PHONE = '+819012345678';
export const EMAIL = 'alice@example.com';
export const CLIENT = 'tobira-cli';

export interface IdpWorld {
  fake: FakeIdpServer;
  /** password AND (sms OR email), both configured. */
  tenant: string;
  env: Record<string, string>;
  close(): Promise<void>;
}

/** A tenant where alice (phone and e-mail) must use password and then SMS or e-mail. */
export async function startWorld(
  options: FakeIdpOptions = {},
  otp: InternalOtpOptions = {},
): Promise<IdpWorld> {
  const fake = await startFakeIdpServer(options);
  const tenant = fake.addTenant().id;
  fake.addClient(tenant, { clientId: CLIENT });
  fake.addUser(tenant, { username: 'alice', password: PASSWORD, phoneNumber: PHONE, email: EMAIL });
  fake.addUser(tenant, { username: 'nophone', password: PASSWORD, email: 'nophone@example.com' });
  fake.putAuthConfig(tenant, internalOtpConfig('sms', otp));
  fake.putAuthConfig(tenant, internalOtpConfig('email', otp));
  const policy = passwordAndOtpPolicy('sms');
  const entry = (policy.policies as Record<string, unknown>[])[0] as Record<string, unknown>;
  const both = passwordAndOtpPolicy('email');
  const emailEntry = (both.policies as Record<string, unknown>[])[0] as Record<string, unknown>;
  entry.step_definitions = [
    ...(entry.step_definitions as unknown[]),
    { method: 'email', order: 2, requires_user: true },
  ];
  entry.success_conditions = {
    any_of: [
      ...(entry.success_conditions as { any_of: unknown[] }).any_of,
      ...(emailEntry.success_conditions as { any_of: unknown[] }).any_of,
    ],
  };
  fake.putPolicy(tenant, policy);
  return {
    fake,
    tenant,
    env: { TOBIRA_SECRET_STORE: 'keychain' },
    close: () => fake.close(),
  };
}

/**
 * A code command like `op item get … --otp` would be: prints the code the fake "sent" to `to`, optionally after
 * moving the fake's clock (the user took too long).
 */
export function codeCommand(fake: FakeIdpServer, to: string, advanceSeconds = 0): string {
  const dir = mkdtempSync(join(tmpdir(), 'idp-code-'));
  const script = join(dir, 'code.mjs');
  writeFileSync(
    script,
    [
      'const [base, to, advance] = process.argv.slice(2);',
      "if (Number(advance) > 0) await fetch(`${base}/__fake/advance?seconds=${advance}`, { method: 'POST' });",
      'const reply = await fetch(`${base}/__fake/outbox/latest?to=${encodeURIComponent(to)}`);',
      'process.stdout.write(await reply.text());',
    ].join('\n'),
  );
  return `${process.execPath} ${script} ${fake.origin} ${to} ${advanceSeconds}`;
}

export async function addProfile(
  world: IdpWorld,
  home: string,
  name: string,
  extra: string[] = [],
  password = PASSWORD,
  tenant = world.tenant,
): Promise<void> {
  const result = await runTobira(
    [
      'profile',
      'add',
      name,
      '--type',
      'idp-server',
      '--issuer',
      world.fake.issuer(tenant),
      '--client-id',
      CLIENT,
      '--username',
      'alice',
      ...extra,
    ],
    { home, env: world.env, input: `${password}\n` },
  );
  expect(result.code, result.stderr).toBe(0);
}

export async function setCommand(
  world: IdpWorld,
  home: string,
  name: string,
  command: string,
): Promise<void> {
  const result = await runTobira(['mfa', 'set', name, '--command', command], { home, env: world.env });
  expect(result.code, result.stderr).toBe(0);
}

export const parsed = (result: CliResult) =>
  JSON.parse(result.stdout) as Record<string, string> & { accessToken: string };

/** Runs tobira on a real pseudo-terminal (util-linux `script`), answering prompts as they appear. */
export function runOnTty(
  args: string[],
  home: string,
  env: Record<string, string>,
  answer: (output: string) => string | undefined,
): Promise<{ code: number | null; output: string }> {
  const quote = (value: string) => `'${value.replace(/'/g, `'\\''`)}'`;
  const command = [process.execPath, CLI_PATH, ...args].map(quote).join(' ');
  const child = spawn('script', ['-qfec', command, '/dev/null'], {
    env: { ...process.env, LANG: 'C.UTF-8', LC_ALL: '', TOBIRA_HOME: home, ...env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let output = '';
  let answered = 0;
  const onData = (chunk: Buffer) => {
    output += chunk.toString('utf8');
    const reply = answer(output.slice(answered));
    if (reply !== undefined) {
      answered = output.length;
      child.stdin.write(`${reply}\r`);
    }
  };
  child.stdout.on('data', onData);
  child.stderr.on('data', onData);
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, output }));
  });
}
