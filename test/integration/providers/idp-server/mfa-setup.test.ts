import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { filesContaining } from '../../../harness/canary';
import { closedPort, runTobira, tempHome, type CliResult } from '../../../harness/cli';
import { startFakeIdpServer, type FakeIdpServer } from '../../../fakes/idp-server';
import { codeCommand, PASSWORD, PHONE } from './fixture';

const ADMIN_PASSWORD = 'canary-admin-password-81c2';
const env = { TOBIRA_SECRET_STORE: 'keychain' };

let fake: FakeIdpServer;
let adminTenant: string;
const outputs: CliResult[] = [];
const homes: string[] = [];

async function tobira(args: string[], home: string, input?: string): Promise<CliResult> {
  const result = await runTobira(args, { home, env, ...(input !== undefined ? { input } : {}) });
  outputs.push(result);
  return result;
}

/** A fresh tenant in org-1 with alice (phone registered) and the CLI client; no SMS configuration, no policy. */
function freshTenant(): string {
  const tenant = fake.addTenant().id;
  fake.addClient(tenant, { clientId: 'tobira-cli' });
  fake.addUser(tenant, { username: 'alice', password: PASSWORD, phoneNumber: PHONE });
  return tenant;
}

/** A fresh home with the admin profile "admin" (root of the admin tenant, at ORGANIZATION's level if given). */
async function adminHome(organization: string | null, password = ADMIN_PASSWORD): Promise<string> {
  const home = tempHome('tobira-idp-admin-');
  homes.push(home);
  const admin = await tobira(
    [
      'profile',
      'add',
      'admin',
      '--type',
      'idp-server-admin',
      '--issuer',
      fake.issuer(adminTenant),
      '--client-id',
      'admin-cli',
      '--username',
      'root',
      ...(organization ? ['--organization', organization] : []),
    ],
    home,
    `${password}\n`,
  );
  expect(admin.code, admin.stderr).toBe(0);
  return home;
}

/** adminHome plus the idp-server profile "alice" of TENANT. */
async function homeFor(tenant: string, organization: string | null = 'org-1'): Promise<string> {
  const home = await adminHome(organization);
  const user = await tobira(
    [
      'profile',
      'add',
      'alice',
      '--type',
      'idp-server',
      '--issuer',
      fake.issuer(tenant),
      '--client-id',
      'tobira-cli',
      '--username',
      'alice',
    ],
    home,
    `${PASSWORD}\n`,
  );
  expect(user.code, user.stderr).toBe(0);
  return home;
}

const managementRequests = () =>
  fake.requests.filter((request) => request.path.startsWith('/v1/management/'));
const writes = () =>
  managementRequests().filter((request) => request.method === 'POST' || request.method === 'PUT');

function smsDetails(tenant: string): Record<string, unknown> {
  const config = [...fake.tenant(tenant).authConfigs.values()].find((item) => item.type === 'sms');
  const interactions = config?.interactions as Record<
    string,
    { execution: { details: Record<string, unknown> } }
  >;
  return interactions['sms-authentication-challenge']?.execution.details ?? {};
}

beforeAll(async () => {
  fake = await startFakeIdpServer();
  adminTenant = fake.addTenant().id;
  fake.addClient(adminTenant, {
    clientId: 'admin-cli',
    grantTypes: ['password'],
    scopes: ['openid', 'management', 'org-management'],
  });
  const root = fake.addUser(adminTenant, { username: 'root', password: ADMIN_PASSWORD });
  fake.addOrganization({ id: 'org-1', tenants: [], members: [root.sub] });
  fake.addOrganization({ id: 'org-other', tenants: [], members: [] });
});
afterAll(async () => fake.close());

describe('tobira idp-server mfa-setup', () => {
  let tenant: string;
  let home: string;

  beforeAll(async () => {
    tenant = freshTenant();
    const root = fake.tenant(adminTenant).users[0];
    fake.addOrganization({ id: 'org-1', tenants: [tenant], members: [root?.sub ?? ''] });
    home = await homeFor(tenant);
  });

  it('--dry-run uses the server dry_run, changes nothing, and its verification fails (password alone still works)', async () => {
    const before = writes().length;
    const result = await tobira(
      ['idp-server', 'mfa-setup', 'admin', '--tenant', tenant, '--dry-run', '--verify-with', 'alice'],
      home,
    );
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('authentication-configurations: will be created');
    expect(result.stderr).toContain('Dry run: idp-server accepted 2 change(s)');
    expect(result.stderr).toContain('Verification with alice FAILED: password alone was enough');
    expect(result.stdout).toContain('+   "type": "sms"');
    const sent = writes().slice(before);
    expect(sent.map((request) => `${request.method} ${request.query.get('dry_run')}`)).toEqual([
      'POST true',
      'POST true',
    ]);
    expect(sent[0]?.path).toBe(
      `/v1/management/organizations/org-1/tenants/${tenant}/authentication-configurations`,
    );
    expect(fake.tenant(tenant).authConfigs.size).toBe(0);
    expect(fake.tenant(tenant).policies.size).toBe(0);
  });

  it('fresh tenant: creates both documents, and the verification proves password alone is refused and password + code signs in', async () => {
    const grantsBefore = fake.grants.password ?? 0;
    // The verification's code comes from alice's MFA source, as a login's would.
    const command = await tobira(['mfa', 'set', 'alice', '--command', codeCommand(fake, PHONE)], home);
    expect(command.code).toBe(0);
    const tokensBefore = fake.grants.authorization_code ?? 0;
    const result = await tobira(
      ['idp-server', 'mfa-setup', 'admin', '--tenant', tenant, '--verify-with', 'alice'],
      home,
    );
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toContain('2 change(s) applied');
    expect(result.stderr).toContain(
      'Verified with alice: password alone is refused at authorize, and password + the SMS code signs in (tokens issued; methods password, sms)',
    );
    expect(fake.grants.authorization_code ?? 0).toBe(tokensBefore + 1);
    expect(fake.grants.password ?? 0).toBe(grantsBefore); // the management token from the dry run is cached
    expect(smsDetails(tenant)).toMatchObject({
      sender_type: 'no_action',
      retry_count_limitation: 5,
      expire_seconds: 300,
    });
    const policy = [...fake.tenant(tenant).policies.values()][0] as {
      policies: Array<Record<string, unknown>>;
    };
    expect(policy.policies[0]?.step_definitions).toContainEqual({
      method: 'sms',
      order: 2,
      requires_user: true,
    });

    // And a real sign-in now takes both factors.
    const login = await tobira(['login', 'alice'], home);
    expect(login.code, login.stderr).toBe(0);
    expect(login.stdout).toMatch(/methods\s+password, sms/);
    expect(fake.outbox.at(-1)?.body).toMatch(
      /認証コード: \d{6} \(300秒間有効\) \/ Your verification code: \d{6}/,
    );
  });

  it('a second run changes nothing', async () => {
    const before = writes().length;
    const result = await tobira(['idp-server', 'mfa-setup', 'admin', '--tenant', tenant], home);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toContain('already set up; nothing changed');
    expect(result.stdout).toBe('');
    expect(writes().length).toBe(before);
  });

  it('updates the retry limit and expiry in place with PUT, showing the difference', async () => {
    const id = [...fake.tenant(tenant).authConfigs.keys()][0];
    const result = await tobira(
      [
        'idp-server',
        'mfa-setup',
        'admin',
        '--tenant',
        tenant,
        '--retry-limit',
        '3',
        '--expire-seconds',
        '120',
        '--json',
      ],
      home,
    );
    expect(result.code, result.stderr).toBe(0);
    const report = JSON.parse(result.stdout) as {
      changes: Array<{ action: string; id: string; diff: string[] }>;
    };
    expect(report.changes.map((change) => change.action)).toEqual(['update', 'unchanged']);
    expect(report.changes[0]?.id).toBe(id);
    const diff = report.changes[0]?.diff ?? [];
    expect(
      diff.some((line) => /^- +"expire_seconds": 300,$/.test(line)),
      diff.join('\n'),
    ).toBe(true);
    expect(diff.some((line) => /^\+ +"expire_seconds": 120,$/.test(line))).toBe(true);
    expect(diff.some((line) => /^\+ +"retry_count_limitation": 3,?$/.test(line))).toBe(true);
    expect(writes().at(-1)).toMatchObject({
      method: 'PUT',
      path: expect.stringMatching(new RegExp(`/authentication-configurations/${id}$`)),
    });
    expect(smsDetails(tenant)).toMatchObject({ retry_count_limitation: 3, expire_seconds: 120 });
    expect(fake.tenant(tenant).authConfigs.size).toBe(1);
  });

  it('refuses a broken policy or bad settings locally, before any request', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'idp-policy-'));
    const noSuccess = join(dir, 'no-success.json');
    writeFileSync(
      noSuccess,
      JSON.stringify({ flow: 'oauth', enabled: true, policies: [{ priority: 1, conditions: {} }] }),
    );
    const firstFactor = join(dir, 'first-factor.json');
    writeFileSync(
      firstFactor,
      JSON.stringify({
        flow: 'oauth',
        policies: [
          {
            success_conditions: {
              any_of: [
                [
                  { path: '$.password-authentication.success_count', operation: 'gte', value: 1 },
                  { path: '$.sms-authentication.success_count', operation: 'gte', value: 1 },
                ],
                [{ path: '$.password-authentication.success_count', operation: 'gte', value: 1 }],
              ],
            },
          },
        ],
      }),
    );
    const before = managementRequests().length;
    const none = await tobira(
      ['idp-server', 'mfa-setup', 'admin', '--tenant', tenant, '--policy-file', noSuccess],
      home,
    );
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('Refused before sending anything');
    expect(none.stderr).toContain('password alone would be enough');
    const loose = await tobira(
      ['idp-server', 'mfa-setup', 'admin', '--tenant', tenant, '--policy-file', firstFactor],
      home,
    );
    expect(loose.code).toBe(2);
    expect(loose.stderr).toContain(
      'policies[0].success_conditions.any_of[1]: this way to succeed does not require sms-authentication',
    );
    expect(loose.stderr).toContain(
      'policies[0].step_definitions: needs {"method":"sms","order":2,"requires_user":true}',
    );
    const zero = await tobira(
      ['idp-server', 'mfa-setup', 'admin', '--tenant', tenant, '--retry-limit', '0'],
      home,
    );
    expect(zero.code).toBe(2);
    expect(zero.stderr).toContain('--retry-limit: must be a whole number from 1 to 20');
    const noUrl = await tobira(
      ['idp-server', 'mfa-setup', 'admin', '--tenant', tenant, '--sms-sender', 'http_request'],
      home,
    );
    expect(noUrl.code).toBe(2);
    expect(noUrl.stderr).toContain('--sender-url');
    expect(managementRequests().length).toBe(before);
  });

  it('switches to an http_request sender that receives the codes', async () => {
    const result = await tobira(
      [
        'idp-server',
        'mfa-setup',
        'admin',
        '--tenant',
        tenant,
        '--sms-sender',
        'http_request',
        '--sender-url',
        `${fake.origin}/sms-sink`,
      ],
      home,
    );
    expect(result.code, result.stderr).toBe(0);
    expect(smsDetails(tenant)).toMatchObject({
      sender_type: 'http_request',
      settings: { http_request: { url: `${fake.origin}/sms-sink` } },
    });
  });
});

describe('mfa-setup at system level and its errors', () => {
  it('without --organization uses the system-level API with the management scope', async () => {
    const tenant = freshTenant();
    const home = await homeFor(tenant, null);
    expect((await tobira(['mfa', 'set', 'alice', '--command', codeCommand(fake, PHONE)], home)).code).toBe(0);
    const result = await tobira(
      ['idp-server', 'mfa-setup', 'admin', '--tenant', tenant, '--verify-with', 'alice'],
      home,
    );
    expect(result.code, result.stderr).toBe(0);
    expect(writes().at(-1)?.path).toBe(`/v1/management/tenants/${tenant}/authentication-policies`);
  });

  it('a tenant outside the organization, a foreign organization, and a wrong admin password', async () => {
    const tenant = freshTenant();
    const home = await homeFor(tenant);
    const outside = await tobira(['idp-server', 'mfa-setup', 'admin', '--tenant', tenant], home);
    expect(outside.code).toBe(1);
    expect(outside.stderr).toContain(`The Management API does not know tenant ${tenant}`);

    const foreign = await homeFor(tenant, 'org-other');
    const denied = await tobira(['idp-server', 'mfa-setup', 'admin', '--tenant', tenant], foreign);
    expect(denied.code).toBe(3);
    expect(denied.stderr).toContain(`may not manage tenant ${tenant}`);

    const wrongHome = await adminHome(null, 'not-the-admin-password');
    const wrong = await tobira(['idp-server', 'mfa-setup', 'admin', '--tenant', tenant], wrongHome);
    expect(wrong.code).toBe(3);
    expect(wrong.stderr).toContain('rejected the administrator user name or password');

    const notAdmin = await tobira(['idp-server', 'mfa-setup', 'alice', '--tenant', tenant], home);
    expect(notAdmin.code, notAdmin.stderr).toBe(2);
    expect(notAdmin.stderr).toContain('needs an idp-server-admin profile');
  });
});

describe('mfa-setup --verify-with proves both halves', () => {
  /** A fresh tenant in org-1 and a home whose alice gets her codes from COMMAND (none: no code source). */
  async function verifyHome(command: 'outbox' | 'none'): Promise<{ tenant: string; home: string }> {
    const tenant = freshTenant();
    const root = fake.tenant(adminTenant).users[0];
    fake.addOrganization({ id: 'org-1', tenants: [tenant], members: [root?.sub ?? ''] });
    const home = await homeFor(tenant);
    if (command === 'outbox')
      expect((await tobira(['mfa', 'set', 'alice', '--command', codeCommand(fake, PHONE)], home)).code).toBe(
        0,
      );
    return { tenant, home };
  }

  it('an SMS sender that cannot deliver fails the verification: users would be locked out', async () => {
    const { tenant, home } = await verifyHome('outbox');
    const port = await closedPort();
    const result = await tobira(
      [
        'idp-server',
        'mfa-setup',
        'admin',
        '--tenant',
        tenant,
        '--sms-sender',
        'http_request',
        '--sender-url',
        `http://127.0.0.1:${port}/sms`,
        '--verify-with',
        'alice',
      ],
      home,
    );
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(
      `Verification with alice FAILED: tenant ${tenant} now demands an SMS code, but its sender could not deliver one, so as it is every user would be locked out`,
    );
    expect(result.stderr).toMatch(/could not send the SMS code: its SMS delivery service failed/);
    const ja = await runTobira(
      [
        'idp-server',
        'mfa-setup',
        'admin',
        '--tenant',
        tenant,
        '--sms-sender',
        'http_request',
        '--sender-url',
        `http://127.0.0.1:${port}/sms`,
        '--verify-with',
        'alice',
        '--lang',
        'ja',
      ],
      { home, env },
    );
    outputs.push(ja);
    expect(ja.code).toBe(1);
    expect(ja.stderr).toContain('このままでは全ユーザーがサインインできません');
  });

  it('a sender that delivers passes: the code it received signs in', async () => {
    const { tenant, home } = await verifyHome('outbox');
    const received: string[] = [];
    const sink = createServer((req, res) => {
      let body = '';
      req.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
      req.on('end', () => {
        received.push(body);
        res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
      });
    });
    await new Promise<void>((resolve) => sink.listen(0, '127.0.0.1', resolve));
    const { port } = sink.address() as AddressInfo;
    try {
      const result = await tobira(
        [
          'idp-server',
          'mfa-setup',
          'admin',
          '--tenant',
          tenant,
          '--sms-sender',
          'http_request',
          '--sender-url',
          `http://127.0.0.1:${port}/sms`,
          '--verify-with',
          'alice',
          '--json',
        ],
        home,
      );
      expect(result.code, result.stderr).toBe(0);
      expect(JSON.parse(result.stdout)).toMatchObject({
        verification: { profile: 'alice', passwordAlone: 'refused', withCode: 'signed-in' },
      });
      expect(received).toHaveLength(1);
      expect(received[0]).toContain(PHONE);
    } finally {
      await new Promise((resolve) => sink.close(resolve));
    }
  });

  it('without a way to get the code, the verification is incomplete: exit 5 and how to give it one', async () => {
    const { tenant, home } = await verifyHome('none');
    const result = await tobira(
      ['idp-server', 'mfa-setup', 'admin', '--tenant', tenant, '--verify-with', 'alice'],
      home,
    );
    expect(result.code, result.stderr).toBe(5);
    expect(result.stderr).toContain('Verification with alice is incomplete: password alone is refused');
    expect(result.stderr).toContain('tobira mfa set alice --command');
  });

  it('a code the tenant does not accept fails the verification', async () => {
    const { tenant, home } = await verifyHome('none');
    const script = join(mkdtempSync(join(tmpdir(), 'idp-wrong-')), 'wrong.mjs');
    writeFileSync(script, 'process.stdout.write("000000\\n");\n');
    const wrong = `${process.execPath} ${script}`;
    expect((await tobira(['mfa', 'set', 'alice', '--command', wrong], home)).code).toBe(0);
    const result = await tobira(
      ['idp-server', 'mfa-setup', 'admin', '--tenant', tenant, '--verify-with', 'alice'],
      home,
    );
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(
      'Verification with alice FAILED: password alone is refused, but password + the SMS code did not sign in either',
    );
  });
});

describe('mfa-setup secrets', () => {
  it('the admin password and management tokens are never in files, logs or argv', () => {
    const managementTokens = [...fake.accessTokens.values()]
      .filter((token) => token.grant === 'password')
      .map((token) => token.token);
    expect(managementTokens.length).toBeGreaterThan(0);
    for (const home of homes.filter((dir) => existsSync(dir))) {
      expect(filesContaining(home, ADMIN_PASSWORD)).toEqual([]);
      for (const token of managementTokens) expect(filesContaining(home, token)).toEqual([]);
    }
    for (const result of outputs) {
      for (const secret of [ADMIN_PASSWORD, PASSWORD, ...managementTokens]) {
        expect(result.stderr).not.toContain(secret);
        expect(result.stdout).not.toContain(secret);
      }
    }
    for (const request of fake.requests) expect(request.url).not.toContain(ADMIN_PASSWORD);
  });
});
