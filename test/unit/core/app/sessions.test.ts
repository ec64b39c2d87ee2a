import { mkdtempSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppService } from '../../../../electron/core/app';
import { isTobiraError } from '../../../../electron/core';
import { DEFAULT_TOTP_PARAMS, totpCode, UsedSteps } from '../../../../electron/core/mfa';
import { Vault } from '../../../../electron/core/vault';
import type { UiEvent } from '../../../../shared/ipc';
import { startFakeAws, type FakeAws } from '../../../fakes/aws';

const SECRET = 'canaryAppSecretKey/0123456789abcdefghijklm';
const ACCOUNT = '123456789012';

function tempHome(): string {
  return join(mkdtempSync(join(tmpdir(), 'tobira-app-sessions-')), 'h');
}

/** Resolves with the first defined value of `read`, polled until the condition holds. */
async function until<T>(read: () => T | undefined | Promise<T | undefined>, timeoutMs = 5000): Promise<T> {
  const started = Date.now();
  for (;;) {
    const value = await read();
    if (value !== undefined) return value;
    if (Date.now() - started > timeoutMs) throw new Error('condition not reached in time');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

function refuses(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(false);
    });
    socket.once('error', () => resolve(true));
  });
}

async function caught(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => undefined,
    (error: unknown) => error,
  );
}

describe('AppService console (one-shot loopback redirect of core/console-redirect)', () => {
  let aws: FakeAws;
  beforeAll(async () => {
    aws = await startFakeAws({
      users: [
        {
          userName: 'alice',
          accountId: ACCOUNT,
          accessKeyId: 'AKIAAPPTEST000000001',
          secretAccessKey: SECRET,
        },
      ],
      roles: [{ arn: `arn:aws:iam::${ACCOUNT}:role/Admin`, trust: [`arn:aws:iam::${ACCOUNT}:root`] }],
    });
  });
  afterAll(async () => aws.close());

  async function app(openBrowser: (url: string) => Promise<void>, extraEnv: Record<string, string> = {}) {
    const service = new AppService({
      home: tempHome(),
      env: {
        TOBIRA_SECRET_STORE: 'file',
        TOBIRA_PASSPHRASE: 'pass-1',
        TOBIRA_ENDPOINT_AWS_STS: aws.origin,
        TOBIRA_ENDPOINT_AWS_SIGNIN: aws.origin,
        ...extraEnv,
      },
      platform: { mode: 'browser', systemLang: 'en', openBrowser },
    });
    await service.add({
      type: 'aws-iam-user',
      name: 'alice',
      options: { accessKeyId: 'AKIAAPPTEST000000001', region: 'ap-northeast-1' },
      secret: SECRET,
    });
    await service.add({
      type: 'aws-role',
      name: 'admin',
      options: { source: 'alice', roleArn: `arn:aws:iam::${ACCOUNT}:role/Admin` },
    });
    return service;
  }

  it('opens only a loopback URL that answers one 302 to the federation login; the token never reaches the opener', async () => {
    const opened: string[] = [];
    const locations: Array<string | null> = [];
    const service = await app(async (url) => {
      opened.push(url);
      // The "browser" follows the link right away, as a real one would.
      const first = await fetch(url, { redirect: 'manual' });
      expect(first.status).toBe(302);
      expect(first.headers.get('cache-control')).toBe('no-store');
      locations.push(first.headers.get('location'));
    });
    expect(await service.console('admin', false)).toEqual({ done: 'opened' });
    const token = aws.signins.at(-1)?.token ?? '';
    expect(token.length).toBeGreaterThan(20);
    expect(opened).toHaveLength(1);
    expect(opened[0]).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/[\w-]{32}$/);
    expect(opened[0]).not.toContain(token);
    const location = new URL(locations[0] ?? '');
    expect(location.origin + location.pathname).toBe(`${aws.origin}/federation`);
    expect(location.searchParams.get('SigninToken')).toBe(token);
    // One shot: the redirect server is gone once it answered.
    expect(await refuses(Number(new URL(opened[0] ?? '').port))).toBe(true);
    expect(service.activity()).toEqual([]);
  });

  it('an opener failure closes the redirect and fails the click; a browser that never comes times out', async () => {
    let port = 0;
    const failing = await app(async (url) => {
      port = Number(new URL(url).port);
      throw new Error('no browser here');
    });
    expect(String(await caught(failing.console('admin', false)))).toContain('no browser here');
    expect(await refuses(port)).toBe(true);

    const idle = await app(async () => undefined, { TOBIRA_CONSOLE_REDIRECT_TIMEOUT_MS: '100' });
    const error = await caught(idle.console('admin', false));
    expect(isTobiraError(error) && error.key).toBe('ui.console.timeout');
  });

  it('Cancel while the redirect waits for the browser ends the click and closes the redirect', async () => {
    let port = 0;
    const service = await app(async (url) => {
      port = Number(new URL(url).port);
    });
    const click = service.console('admin', false);
    await until(() =>
      service.activity().find((entry) => (entry.waitingFor === 'browser' && port > 0 ? entry : undefined)),
    );
    service.cancelActivity('admin');
    const error = await caught(click);
    expect(isTobiraError(error) && error.key).toBe('ui.cancelled');
    await until(async () => ((await refuses(port)) ? true : undefined));
  });
});

describe('AppService OAuth login (alibaba): waiting for the browser, cancel, pasted redirect', () => {
  // Below the ephemeral range (32768+) and apart from the integration tests' 20000–31999.
  const ports = [18_000 + (process.pid % 390) * 5, 18_001 + (process.pid % 390) * 5];

  async function app(openBrowser: (url: string) => Promise<void>) {
    const service = new AppService({
      home: tempHome(),
      env: {
        TOBIRA_SECRET_STORE: 'file',
        TOBIRA_PASSPHRASE: 'pass-1',
        // Nothing listens here: these tests end before any token request.
        TOBIRA_ENDPOINT_ALIBABA_OAUTH: 'http://127.0.0.1:9',
        TOBIRA_ENDPOINT_ALIBABA_SIGNIN: 'http://127.0.0.1:9',
        TOBIRA_OAUTH_PORTS: `${ports[0]}-${ports[1]}`,
      },
      platform: { mode: 'browser', systemLang: 'en', openBrowser },
    });
    await service.add({ type: 'alibaba', name: 'ali', options: { site: 'cn' } });
    return service;
  }

  it('shows "waiting for the browser" with the sign-in page, and Cancel closes the loopback port', async () => {
    const opened: string[] = [];
    const service = await app(async (url) => void opened.push(url));
    const notices: string[] = [];
    service.onEvent((event) => event.kind === 'notice' && notices.push(event.message.key));
    const login = service.login('ali');
    const waiting = await until(() =>
      service.activity().find((entry) => (entry.waitingFor === 'browser' && entry.link ? entry : undefined)),
    );
    expect(waiting.link).toBe(opened[0]);
    const redirect = new URL(new URL(opened[0] ?? '').searchParams.get('redirect_uri') ?? '');
    expect(redirect.hostname).toBe('127.0.0.1');
    const port = Number(redirect.port);
    expect(await refuses(port)).toBe(false); // the loopback receiver is listening
    service.cancelActivity('ali');
    const error = await caught(login);
    expect(isTobiraError(error) && error.key).toBe('ui.cancelled');
    await until(async () => ((await refuses(port)) ? true : undefined));
    // The app shows the state itself instead of toasting the CLI's "waiting…" lines.
    expect(notices.filter((key) => key.startsWith('oauth.browser.'))).toEqual([]);
  });

  it('without a browser, asks for the pasted redirect address in a visible line prompt that links the sign-in page', async () => {
    const service = await app(async () => {
      throw new Error('no browser');
    });
    const login = service.login('ali');
    const prompt = await until(() => service.prompts.list()[0]);
    expect(prompt).toMatchObject({
      kind: 'line',
      profile: 'ali',
      provider: 'Alibaba Cloud (CN)',
      label: { key: 'oauth.paste.prompt' },
      requester: null,
    });
    expect(prompt.link).toMatch(/^http:\/\/127\.0\.0\.1:9\/oauth2\/v1\/auth\?/);
    // A pasted address of the wrong state is refused and asked again (not sent to the server).
    service.prompts.answer(prompt.id, `http://127.0.0.1:${ports[0]}/cli/callback?code=x&state=forged`);
    const again = await until(() => service.prompts.list().find((next) => next.id !== prompt.id));
    expect(again.kind).toBe('line');
    service.cancelActivity('ali');
    const error = await caught(login);
    expect(isTobiraError(error) && error.key).toBe('ui.cancelled');
    expect(service.prompts.list()).toEqual([]);
  });
});

describe('AppService MFA time steps', () => {
  it('a login after the clock moved back says so in the app and goes on at once', async () => {
    const serial = `arn:aws:iam::${ACCOUNT}:mfa/carol`;
    const seed = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';
    const aws = await startFakeAws({
      users: [
        {
          userName: 'carol',
          accountId: ACCOUNT,
          accessKeyId: 'AKIAAPPSTEPS00000001',
          secretAccessKey: SECRET,
          mfa: { serial, secret: seed },
        },
      ],
    });
    try {
      const home = tempHome();
      const env = {
        TOBIRA_SECRET_STORE: 'file',
        TOBIRA_PASSPHRASE: 'pass-1',
        TOBIRA_ENDPOINT_AWS_STS: aws.origin,
      };
      const service = new AppService({ home, env, platform: { mode: 'browser', systemLang: 'en' } });
      await service.add({
        type: 'aws-iam-user',
        name: 'carol',
        options: { accessKeyId: 'AKIAAPPSTEPS00000001', mfaSerial: serial },
        secret: SECRET,
      });
      const vault = new Vault({ home, env, passphrase: async () => 'pass-1' });
      await vault.setMfa('carol', { kind: 'totp', secret: seed, params: DEFAULT_TOTP_PARAMS });
      // A code was made an hour ahead (the clock was wrong then).
      const ahead = Math.floor((Date.now() / 1000 + 3600) / 30);
      const device = { profileId: vault.get('carol').id, secret: seed, serial: `aws:${serial}` };
      expect(await new UsedSteps(home).claim(device, ahead)).toEqual({ claimed: true, movedBack: 0 });
      const events: UiEvent[] = [];
      service.onEvent((event) => events.push(event));
      const started = Date.now();
      await service.login('carol');
      expect(Date.now() - started).toBeLessThan(10_000);
      const notices = events.flatMap((event) => (event.kind === 'notice' ? [event.message] : []));
      expect(notices).toContainEqual({
        key: 'mfa.totp.clockBack',
        params: { name: 'carol', seconds: expect.any(Number) },
      });
    } finally {
      await aws.close();
    }
  });
});

describe('AppService in browser mode (T20): the page opens pages, a wrong typed MFA code is asked again', () => {
  // One user per test: the fake, like AWS, refuses a code its device already used.
  const USERS = ['dave1', 'dave2', 'dave3', 'dave4'];
  const serial = (user: string) => `arn:aws:iam::${ACCOUNT}:mfa/${user}`;
  const keyId = (user: string) => `AKIAAPP${user.toUpperCase()}00000000`.slice(0, 20);
  const seed = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';
  let aws: FakeAws;
  beforeAll(async () => {
    aws = await startFakeAws({
      users: USERS.map((userName) => ({
        userName,
        accountId: ACCOUNT,
        accessKeyId: keyId(userName),
        secretAccessKey: SECRET,
        mfa: { serial: serial(userName), secret: seed },
      })),
    });
  });
  afterAll(async () => aws.close());

  async function app(user: string) {
    const service = new AppService({
      home: tempHome(),
      env: {
        TOBIRA_SECRET_STORE: 'file',
        TOBIRA_PASSPHRASE: 'pass-1',
        TOBIRA_ENDPOINT_AWS_STS: aws.origin,
        TOBIRA_ENDPOINT_AWS_SIGNIN: aws.origin,
        // Were anything started on the serving machine, this would fail the click.
        TOBIRA_BROWSER: '/nonexistent/browser',
      },
      platform: { mode: 'browser', systemLang: 'en' },
    });
    await service.add({
      type: 'aws-iam-user',
      name: 'dave',
      options: { accessKeyId: keyId(user), mfaSerial: serial(user) },
      secret: SECRET,
    });
    return service;
  }
  const code = (offsetSteps = 0) =>
    totpCode(seed, DEFAULT_TOTP_PARAMS, Math.floor(Date.now() / 1000) + offsetSteps * 30);

  it('hands the console’s one-shot loopback link to the page (activity.open) and starts no browser here', async () => {
    const service = await app('dave1');
    const click = service.console('dave', false);
    const prompt = await until(() => service.prompts.list()[0]);
    service.prompts.answer(prompt.id, code());
    const link = await until(() => service.activity()[0]?.open ?? undefined);
    expect(link).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/[\w-]{32}$/);
    expect(service.activity()[0]?.waitingFor).toBe('browser');
    // The page's new tab follows it: one 302 to the federation login, then the click is done.
    const first = await fetch(link, { redirect: 'manual' });
    expect(first.status).toBe(302);
    expect(first.headers.get('location')).toContain('/federation?Action=login');
    expect(await click).toEqual({ done: 'opened' });
  });

  it('copies the console link through the page in browser mode', async () => {
    const service = await app('dave2');
    const click = service.console('dave', true);
    const prompt = await until(() => service.prompts.list()[0]);
    service.prompts.answer(prompt.id, code());
    const reply = await click;
    expect(reply.done).toBe('copied');
    expect(reply.text).toContain('/federation?Action=login');
  });

  it('keeps asking after a rejected code, with the provider’s message and the tries left, then signs in', async () => {
    const service = await app('dave3');
    const login = service.login('dave', false);
    const first = await until(() => service.prompts.list()[0]);
    expect(first.warning).toBeNull();
    service.prompts.answer(first.id, code(-10));
    const second = await until(() => service.prompts.list().find((prompt) => prompt.id !== first.id));
    expect(second.warning?.key).toBe('aws.mfa.rejected');
    expect(second.note).toEqual({ key: 'day.prompt.codeRetry', params: { tries: 2 } });
    service.prompts.answer(second.id, code());
    expect((await login).identity).toContain('dave');
  });

  it('stops after three rejected codes and fails the login with the provider’s message', async () => {
    const service = await app('dave4');
    const login = caught(service.login('dave', false));
    const seen: string[] = [];
    for (let attempt = 0; attempt < 3; attempt += 1) {
      const prompt = await until(() => service.prompts.list().find((entry) => !seen.includes(entry.id)));
      seen.push(prompt.id);
      service.prompts.answer(prompt.id, code(-20 - attempt));
    }
    const error = await login;
    expect(isTobiraError(error) && error.key).toBe('aws.mfa.rejected');
    expect(service.prompts.list()).toEqual([]);
  });
});
