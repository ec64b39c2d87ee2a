import type { ServerResponse } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FILE_STORE_ENV, runTobira, tempHome } from '../../harness/cli';
import { startHttpService, type HttpService } from '../../harness/http-service';
import { startFakeSoracom, type FakeSoracom } from '../../fakes/soracom';
import { startFakeAuth0, standardTenant, type FakeAuth0 } from '../../fakes/auth0';
import { addProfile, codeCommand, PHONE, startWorld, type IdpWorld } from '../providers/idp-server/fixture';

const PASSWORD = 'canary-debug-password-2b7a';
const CANARY = 'canary-in-a-bad-answer-91ce';

let soracom: FakeSoracom;
let home: string;
const env = () => ({ ...FILE_STORE_ENV, TOBIRA_ENDPOINT_SORACOM: soracom.endpoint });

beforeAll(async () => {
  soracom = await startFakeSoracom();
  soracom.addOperator({ email: 'debug@example.com', password: PASSWORD });
  home = tempHome('tobira-debug-');
  const added = await runTobira(
    ['profile', 'add', 'sora', '--type', 'soracom', '--email', 'debug@example.com'],
    {
      home,
      env: env(),
      input: `${PASSWORD}\n`,
    },
  );
  expect(added.code, added.stderr).toBe(0);
});
afterAll(async () => soracom?.close());

function expectExchangeLogged(stderr: string) {
  expect(stderr).toMatch(/tobira debug \[http\] → POST http:\/\/127\.0\.0\.1:\d+\/v1\//);
  expect(stderr).toMatch(/tobira debug \[http\] ← 200 POST http:\/\/127\.0\.0\.1:\d+\/v1\/\S+ \(\d+ ms\)/);
  expect(stderr).toMatch(/tobira debug \[store\] file \(TOBIRA_SECRET_STORE=file\)/);
  expect(stderr).toMatch(/tobira debug \[lock\] session-[\w-]+: acquired after \d+ ms/);
  expect(stderr).not.toContain(PASSWORD);
  expect(stderr).not.toContain(FILE_STORE_ENV.TOBIRA_PASSPHRASE);
}

describe('--debug and TOBIRA_DEBUG=1', () => {
  it.each([
    ['--debug before the command', ['--debug', 'login', 'sora', '--force'], {}],
    ['--debug after the command', ['login', 'sora', '--force', '--debug'], {}],
    ['TOBIRA_DEBUG=1', ['login', 'sora', '--force'], { TOBIRA_DEBUG: '1' }],
  ])('%s: requests, responses, store and lock decisions on stderr, no secret', async (_, args, extra) => {
    const result = await runTobira(args, { home, env: { ...env(), ...extra } });
    expect(result.code, result.stderr).toBe(0);
    expectExchangeLogged(result.stderr);
    expect(result.stdout).not.toContain('tobira debug');
    const session = soracom.sessions.at(-1);
    expect(session).toBeDefined();
    for (const value of [session?.apiKey ?? '', session?.token ?? '']) {
      expect(value.length).toBeGreaterThan(8);
      expect(result.stderr).not.toContain(value);
    }
  });

  it('without either, nothing is logged', async () => {
    const result = await runTobira(['login', 'sora', '--force'], { home, env: env() });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).not.toContain('tobira debug');
  });

  it('--debug after `exec NAME --` belongs to the command, not to tobira', async () => {
    const result = await runTobira(['exec', 'sora', '--', '/bin/echo', '--debug'], { home, env: env() });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout.trim()).toBe('--debug');
    expect(result.stderr).not.toContain('tobira debug');
  });
});

describe('a malformed answer, as the CLI prints it: the field or check, the status, never a value', () => {
  let service: HttpService;
  afterAll(async () => service?.close());

  function badSoracom(_req: unknown, res: ServerResponse) {
    res
      .writeHead(200, { 'content-type': 'application/json' })
      .end(JSON.stringify({ apiKey: CANARY, operatorId: 'OP0000000001', token: null }));
  }

  it('SORACOM: /v1/auth without a token', async () => {
    service = await startHttpService(badSoracom);
    const result = await runTobira(['login', 'sora', '--force', '--debug'], {
      home,
      env: { ...env(), TOBIRA_ENDPOINT_SORACOM: service.origin },
    });
    expect(result.code).toBe(4);
    expect(result.stderr).toMatch(
      /tobira: SORACOM API answered something Tobira does not understand: auth: token: .*string.* \(HTTP 200\)\. Run again with --debug/,
    );
    expect(result.stderr).toContain('"apiKey":"<redacted'); // the debug line shows the field, not its value
    expect(result.stderr).not.toContain(CANARY);
    expect(result.stderr).not.toContain(PASSWORD);
  });

  it('Auth0: a users page of an unexpected shape (apikey list)', async () => {
    const auth0: FakeAuth0 = await startFakeAuth0();
    try {
      const tenant = standardTenant(auth0, { managementSecret: 'canary-mgmt-secret-00aa' });
      // A proxy in front of the Management API that mangles the users listing; tokens pass through.
      const proxy = await startHttpService(async (req, res) => {
        if (req.path === '/api/v2/users') {
          res
            .writeHead(200, { 'content-type': 'application/json' })
            .end(JSON.stringify({ users: [{ user_id: 12, email: CANARY }], total: 1, start: 0 }));
          return;
        }
        const upstream = await fetch(`${auth0.origin}${req.url}`, {
          method: req.method,
          headers: { 'content-type': String(req.headers['content-type'] ?? 'application/json') },
          // The Management API's audience is named after the domain: the proxy's, which the fake does not know.
          ...(req.method === 'GET'
            ? {}
            : {
                body: req.body.replaceAll(encodeURIComponent(proxy.origin), encodeURIComponent(auth0.origin)),
              }),
        });
        res.writeHead(upstream.status, { 'content-type': 'application/json' }).end(await upstream.text());
      });
      try {
        const add = await runTobira(
          [
            'profile',
            'add',
            'a0',
            '--type',
            'auth0-admin',
            '--domain',
            proxy.origin,
            '--client-id',
            tenant.managementClientId,
            '--connection',
            tenant.connection,
            '--audience',
            tenant.audience,
          ],
          { home, env: env(), input: 'canary-mgmt-secret-00aa\n' },
        );
        expect(add.code, add.stderr).toBe(0);
        const result = await runTobira(['apikey', 'list', 'a0'], { home, env: env() });
        expect(result.code, result.stderr).toBe(4);
        expect(result.stderr).toContain(
          'Auth0 Management API answered something Tobira does not understand: users: users.0.user_id: ',
        );
        expect(result.stderr).toContain('(HTTP 200)');
        expect(result.stderr).not.toContain(CANARY);
      } finally {
        await proxy.close();
      }
    } finally {
      await auth0.close();
    }
  });

  it('idp-server: an ID token without the nonce claim', async () => {
    const world: IdpWorld = await startWorld({ idTokenWithoutNonce: true });
    try {
      world.env = { ...FILE_STORE_ENV };
      const idpHome = tempHome('tobira-idp-nonce-');
      await addProfile(world, idpHome, 'idp');
      const set = await runTobira(['mfa', 'set', 'idp', '--command', codeCommand(world.fake, PHONE)], {
        home: idpHome,
        env: world.env,
      });
      expect(set.code, set.stderr).toBe(0);
      const result = await runTobira(['login', 'idp'], { home: idpHome, env: world.env });
      expect(result.code).toBe(4);
      expect(result.stderr).toContain('idp-server answered something Tobira does not understand: token: ');
      expect(result.stderr).toContain('"nonce"');
      expect(result.stderr).toContain('(HTTP 200)');
    } finally {
      await world.close();
    }
  });
});
