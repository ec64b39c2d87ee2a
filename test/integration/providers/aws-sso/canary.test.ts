import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { filesContaining } from '../../../harness/canary';
import { addSession, ssoWorld, type SsoWorld } from './world';

/**
 * The secrets of IAM Identity Center — access tokens, refresh tokens, client secrets, and the role credentials the
 * portal hands out — never appear in argv, in any output but an explicit export, in profiles.json or any other file
 * under TOBIRA_HOME. Every command runs with --debug. The one place they are written is the AWS CLI's token cache
 * (~/.aws/sso/cache), which is that cache's documented format, 0600.
 */
let w: SsoWorld;
const outputs: Array<{ what: string; text: string }> = [];
const exported: string[] = [];
const cmdlines: string[] = [];

async function tobira(args: string[], explicit = false): Promise<string> {
  const result = await w.run(['--debug', ...args]);
  expect(result.code, `${args.join(' ')}: ${result.stderr}`).toBe(0);
  outputs.push({ what: `${args.join(' ')} (stderr)`, text: result.stderr });
  if (explicit) exported.push(result.stdout);
  else outputs.push({ what: args.join(' '), text: result.stdout });
  return result.stdout;
}

/** `login org --no-browser` (the device grant): the person approves the code it prints. */
async function deviceLogin(): Promise<void> {
  const child = w.spawn(['--debug', 'login', 'org', '--no-browser']);
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk;
    const code = /user_code=([A-Z]{4}-[A-Z]{4})/.exec(stderr)?.[1];
    const device = w.sso.devices.find((candidate) => candidate.userCode === code);
    if (code && device?.state === 'pending') setTimeout(() => w.sso.approveDevice(code), 300);
  });
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  expect(code, stderr).toBe(0);
  outputs.push({ what: 'login org --no-browser (stderr)', text: stderr });
  outputs.push({ what: 'login org --no-browser', text: stdout });
}

function sampleCmdlines(): void {
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      cmdlines.push(readFileSync(`/proc/${entry}/cmdline`, 'utf8').replace(/\0/g, ' '));
    } catch {
      // exited meanwhile
    }
  }
}

beforeAll(async () => {
  w = await ssoWorld();
  await addSession(w);
  const role = await w.run([
    'profile',
    'add',
    'prod',
    '--type',
    'aws-sso',
    '--session',
    'org',
    '--account-id',
    '111111111111',
    '--role-name',
    'ReadOnly',
  ]);
  expect(role.code, role.stderr).toBe(0);
  await tobira(['login', 'org']);
  await tobira(['logout', 'org']);
  await deviceLogin();
  await tobira(['login', 'prod']);
  await tobira(['status']);
  await tobira(['sso', 'sync', 'org', '--dry-run']);
  await tobira(['export', 'prod', '--format', 'json'], true);
  await tobira(['credential-process', 'prod'], true);
  await tobira(['console', 'prod', '--print'], true);
  const sampler = setInterval(sampleCmdlines, 20);
  try {
    await tobira(['exec', 'prod', '--', 'sh', '-c', 'sleep 0.5; test -n "$AWS_SESSION_TOKEN"']);
  } finally {
    clearInterval(sampler);
  }
  await tobira(['profile', 'show', 'prod', '--json']);
  await tobira(['logout', 'prod']);
  await tobira(['logout', 'org']);
}, 120_000);

afterAll(async () => {
  await w?.close();
});

function secrets(): Array<{ kind: string; value: string }> {
  const found: Array<{ kind: string; value: string }> = [];
  for (const token of w.sso.tokens) {
    found.push({ kind: 'access token', value: token.accessToken });
    if (token.refreshToken) found.push({ kind: 'refresh token', value: token.refreshToken });
  }
  for (const client of w.sso.clients) found.push({ kind: 'client secret', value: client.clientSecret });
  for (const device of w.sso.devices) found.push({ kind: 'device code', value: device.deviceCode });
  // What Tobira sent to SSO OIDC: the authorization code, the PKCE verifier, the refresh token it used.
  for (const request of w.sso.oidcRequests) {
    const body = (request.body ? JSON.parse(request.body) : {}) as Record<string, unknown>;
    for (const field of ['code', 'codeVerifier', 'refreshToken', 'deviceCode', 'clientSecret']) {
      const value = body[field];
      if (typeof value === 'string' && value !== '') found.push({ kind: `sent ${field}`, value });
    }
  }
  for (const session of w.aws.sessions) {
    found.push({ kind: 'role secret key', value: session.secretAccessKey });
    found.push({ kind: 'role session token', value: session.sessionToken });
  }
  return found;
}

describe('IAM Identity Center secrets stay where they belong', () => {
  it('the run signed in, got role credentials and saw them exported explicitly', () => {
    const all = secrets();
    expect(all.filter((secret) => secret.kind === 'refresh token').length).toBeGreaterThan(0);
    expect(all.filter((secret) => secret.kind === 'role secret key').length).toBeGreaterThan(0);
    expect(cmdlines.some((line) => line.includes('sleep 0.5'))).toBe(true);
    // --debug logged the SSO exchanges that were searched.
    const logged = outputs.map((output) => output.text).join('\n');
    expect(logged).toContain('AWS SSO OIDC CreateToken: ok');
    expect(logged).toContain('AWS SSO portal GetRoleCredentials: ok');
    // ... each request and answer, redacted (so a leak in them would fail the next test).
    expect(logged).toContain(`→ POST ${w.sso.oidcOrigin}/token`);
    expect(logged).toContain(`→ POST ${w.sso.oidcOrigin}/device_authorization`);
    expect(logged).toContain(`→ GET ${w.sso.portalOrigin}/federation/credentials`);
    expect(logged).toMatch(/"x-amz-sso_bearer_token":"<redacted \d+ chars>"/);
    for (const field of ['codeVerifier', 'deviceCode', 'clientSecret', 'accessToken', 'refreshToken']) {
      expect(logged, field).toMatch(new RegExp(`"${field}":"<redacted \\d+ chars>"`));
    }
    expect(logged).toMatch(/"secretAccessKey":"<redacted \d+ chars>"/);
    expect(logged).toMatch(/"sessionToken":"<redacted \d+ chars>"/);
    expect(all.filter((secret) => secret.kind === 'sent codeVerifier').length).toBeGreaterThan(0);
    expect(all.filter((secret) => secret.kind === 'device code').length).toBeGreaterThan(0);
    const roleKey = all.find((secret) => secret.kind === 'role secret key')?.value ?? '';
    expect(exported.join('\n')).toContain(roleKey);
  });

  it('none in argv, outputs (but the explicit exports), or any file under TOBIRA_HOME', () => {
    for (const { kind, value } of secrets()) {
      for (const output of outputs) expect(output.text, `${kind} in ${output.what}`).not.toContain(value);
      for (const line of cmdlines) expect(line, `${kind} in argv`).not.toContain(value);
      expect(filesContaining(w.home, value), `${kind} under TOBIRA_HOME`).toEqual([]);
    }
    expect(readFileSync(join(w.home, 'profiles.json'), 'utf8')).not.toMatch(/aoaAAAAA|aorAAAAA|secret-/);
  });
});
