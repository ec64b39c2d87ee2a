import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { filesContaining } from '../../../harness/canary';
import { runTobira, tempHome, type CliResult } from '../../../harness/cli';
import { reserveReader, startVirtualUsim, type VirtualUsim } from '../../../harness/virtual-usim';
import { startFakeAws, type FakeAws } from '../../../fakes/aws';
import {
  mintFromFakeAws,
  startFakeKrypton,
  type FakeKrypton,
  type FakeKryptonOptions,
} from '../../../fakes/krypton';

// SIM → Keys API → verify → provisioning → console URL, with the built CLI, real pcscd + vpcd and the virtual USIM.
const K = '465b5ce8b199b49faa5f0a2ee238a6bc';
const OPC = 'cd63cb71954a9f4e48a5994e37a02baf';
const IMSI = '001010000000001';
const READER = 'Virtual PCD 00 00';
const ROLE = 'arn:aws:iam::123456789012:role/Cognito_KryptonAuth_Role';
const PIN = '73915804'; // 8 digits: long enough to be a canary

let aws: FakeAws;
const fakes: FakeKrypton[] = [];
const cards: VirtualUsim[] = [];

beforeAll(async () => {
  aws = await startFakeAws();
});
afterAll(async () => aws.close());
afterEach(async () => {
  await Promise.all(cards.splice(0).map((card) => card.remove()));
  await Promise.all(fakes.splice(0).map((fake) => fake.close()));
});

async function krypton(options: FakeKryptonOptions = {}, sqn?: string): Promise<FakeKrypton> {
  const fake = await startFakeKrypton({ mintCredentials: mintFromFakeAws(aws, ROLE), ...options });
  fake.addSubscriber({ imsi: IMSI, k: K, opc: OPC, ...(sqn ? { sqn } : {}) });
  fakes.push(fake);
  return fake;
}

async function insert(options: { sqn?: string; pin?: { value: string; tries?: number }; k?: string } = {}) {
  const card = await startVirtualUsim({
    imsi: IMSI,
    milenage: { k: options.k ?? K, opc: OPC, ...(options.sqn ? { sqn: options.sqn } : {}) },
    ...(options.pin ? { pin: options.pin } : {}),
  });
  cards.push(card);
  return card;
}

function setup(fake: FakeKrypton, extra: Record<string, string> = {}) {
  const home = tempHome('tobira-krypton-');
  const env = {
    TOBIRA_SECRET_STORE: 'keychain',
    TOBIRA_ENDPOINT_KRYPTON: fake.endpoint,
    TOBIRA_ENDPOINT_AWS_SIGNIN: aws.origin,
    TOBIRA_SIM_WAIT_MS: '1000',
    HOME: dirname(home),
    ...extra,
  };
  const run = (args: string[], input?: string): Promise<CliResult> =>
    runTobira(args, { home, env, ...(input !== undefined ? { input } : {}) });
  return { home, env, run };
}

async function addProfile(run: (args: string[]) => Promise<CliResult>, name: string, ...flags: string[]) {
  const added = await run(['profile', 'add', name, '--type', 'aws-krypton', ...flags]);
  expect(added.code, added.stderr).toBe(0);
}

const authenticates = (card: VirtualUsim) => card.commands().filter((apdu) => apdu.startsWith('00880081'));

describe('aws-krypton through PC/SC', () => {
  it('signs in from the SIM and opens the AWS console; exports, exec and link use the same credentials', async () => {
    const fake = await krypton();
    const card = await insert();
    const { run, home } = setup(fake);
    await addProfile(run, 'sim', '--reader', READER);

    const url = await run(['console', 'sim', '--print']);
    expect(url.code, url.stderr).toBe(0);
    expect(url.stderr).toMatch(/single factor/);
    expect(url.stdout.trim()).toMatch(new RegExp(`^${aws.origin}/federation\\?Action=login&`));
    const landing = await fetch(url.stdout.trim(), { redirect: 'manual' });
    expect(landing.status).toBe(302);
    expect(landing.headers.get('location')).toContain('CognitoIdentityCredentials');

    expect(card.commands()).toEqual([
      '00A40004023F00',
      '00A40004022F00',
      '00C0000011',
      '00B2010426',
      '00A4040410A0000000871002FFFFFFFF8907090000',
      '00A40004026F07',
      '00B0000009',
      '00A4040410A0000000871002FFFFFFFF8907090000',
      '00C000001C',
      expect.stringMatching(/^0088008122 ?10[0-9A-F]{32}10[0-9A-F]{32}$/),
      '00C0000035',
    ]);
    expect(fake.stats).toMatchObject({ challenges: 1, verified: 1, provisioned: 1, refused: 0 });
    const issued = fake.issued[0];
    if (!issued) throw new Error('nothing issued');

    const processJson = await run(['credential-process', 'sim']);
    expect(processJson.code, processJson.stderr).toBe(0);
    expect(JSON.parse(processJson.stdout)).toMatchObject({ Version: 1, AccessKeyId: issued.accessKeyId });
    const exported = await run(['export', 'sim', '--format', 'json']);
    expect(JSON.parse(exported.stdout)).toMatchObject({
      profile: 'sim',
      provider: 'aws',
      accessKeyId: issued.accessKeyId,
      expiration: expect.stringMatching(/Z$/),
    });
    const exec = await run([
      'exec',
      'sim',
      '--',
      process.execPath,
      '-e',
      'console.log(process.env.AWS_ACCESS_KEY_ID)',
    ]);
    expect(exec.stdout.trim()).toBe(issued.accessKeyId);
    expect(fake.stats.provisioned).toBe(1); // all from the credential cache
    const linked = await run(['link', 'sim']);
    expect(linked.code, linked.stderr).toBe(0);
    expect(readFileSync(join(dirname(home), '.aws', 'config'), 'utf8')).toMatch(
      /\[profile sim\]\n# managed by tobira: credential_process\ncredential_process = .*credential-process sim/,
    );

    // The SIM-derived secrets never reach a file or the output.
    const key = [...fake.keys.values()][0];
    if (!key) throw new Error('no key');
    for (const canary of [
      key.ck.toString('hex'),
      key.ck.toString('base64'),
      key.xres.toString('hex'),
      key.xres.toString('base64'),
    ]) {
      expect(filesContaining(dirname(home), canary)).toEqual([]);
      for (const result of [url, processJson, exported, exec, linked]) {
        expect(result.stdout + result.stderr).not.toContain(canary);
      }
    }
  });

  it('a warm key cache skips AKA; a key the server no longer knows is dropped and AKA runs once more', async () => {
    const fake = await krypton({ challengeStatus: 401 }); // the challenge may come with 401 too
    const card = await insert();
    const { run } = setup(fake);
    await addProfile(run, 'sim');
    expect((await run(['login', 'sim'])).code).toBe(0);
    expect(authenticates(card)).toHaveLength(1);
    card.clearLog();
    const warm = await run(['login', 'sim', '--force', '--json']);
    // The cached AID selects ADF.USIM at once: 3 APDUs instead of 7 before the signed call.
    expect(card.commands()).toEqual([
      '00A4040410A0000000871002FFFFFFFF8907090000',
      '00A40004026F07',
      '00B0000009',
    ]);
    expect(warm.code, warm.stderr).toBe(0);
    expect(JSON.parse(warm.stdout)).toMatchObject({
      provider: 'aws',
      accessKeyId: fake.issued[1]?.accessKeyId,
    });
    expect(authenticates(card)).toHaveLength(0); // no AKA: the IMSI was read, the cached key signed
    expect(fake.stats.challenges).toBe(1);
    fake.expireKeys();
    const renewed = await run(['login', 'sim', '--force']);
    expect(renewed.code, renewed.stderr).toBe(0);
    expect(fake.stats).toMatchObject({ challenges: 2, provisioned: 3, refused: 1 });
    expect(authenticates(card)).toHaveLength(1);
  });

  it('resynchronises when the SIM is ahead of the server (AUTS), then signs in', async () => {
    const fake = await krypton({}, '000000000000');
    const card = await insert({ sqn: '00000000ff00' });
    const { run } = setup(fake);
    await addProfile(run, 'sim');
    const login = await run(['login', 'sim']);
    expect(login.code, login.stderr).toBe(0);
    expect(fake.stats.resyncs).toBe(1);
    expect(fake.sqnOf(IMSI)).toBe('00000000ff01');
    expect(authenticates(card)).toHaveLength(2);
    expect(
      card.apdus
        .filter((apdu) => apdu.command.startsWith('00C00000'))
        .map((apdu) => apdu.response.slice(0, 4)),
    ).toContain('DC0E');
    const resync = fake.requests.filter((request) => request.path === '/v1/keys')[1];
    expect(Object.keys(JSON.parse(resync?.body ?? '{}'))).toEqual(['imsi', 'rand', 'auts']);
  });
});

describe('aws-krypton second factor (sim-pin)', () => {
  it('verifies PIN1 before the IMSI and AUTHENTICATE, every sign-in, and never stores it', async () => {
    const fake = await krypton();
    const card = await insert({ pin: { value: PIN } });
    const { run, home } = setup(fake);
    await addProfile(run, 'pin', '--second-factor', 'sim-pin');
    const shown = await run(['profile', 'show', 'pin']);
    expect(shown.stdout).toMatch(/sim-pin/);
    const login = await run(['login', 'pin'], `${PIN}\n`);
    expect(login.code, login.stderr).toBe(0);
    expect(login.stderr).not.toMatch(/single factor/);
    const commands = card.commands();
    const verify = commands.findIndex((apdu) => apdu.startsWith('00200001'));
    expect(verify).toBeGreaterThan(commands.indexOf('00A4040410A0000000871002FFFFFFFF8907090000'));
    expect(verify).toBeLessThan(commands.indexOf('00B0000009'));
    expect(commands.filter((apdu) => apdu.startsWith('00200001'))).toHaveLength(1);
    // A forced sign-in asks again, even with the warm key cache.
    expect((await run(['login', 'pin', '--force'])).code).toBe(5); // no PIN on stdin: no way to ask
    expect((await run(['login', 'pin', '--force'], `${PIN}\n`)).code).toBe(0);
    expect(card.commands().filter((apdu) => apdu.startsWith('00200001'))).toHaveLength(2);
    expect(filesContaining(dirname(home), PIN)).toEqual([]);
    expect(login.stdout + login.stderr).not.toContain(PIN);
  });

  it('--debug shows each APDU (header, lengths, status word) and each exchange, never the PIN, keys or SIM data', async () => {
    const fake = await krypton();
    const card = await insert({ pin: { value: PIN } });
    const { run } = setup(fake);
    await addProfile(run, 'dbg', '--second-factor', 'sim-pin');
    const login = await run(['login', 'dbg', '--debug'], `${PIN}\n`);
    expect(login.code, login.stderr).toBe(0);
    const debugLines = login.stderr.split('\n').filter((line) => line.startsWith('tobira debug'));
    const text = debugLines.join('\n');
    expect(text).toMatch(/\[apdu\] CLA=00 INS=20 P1=00 P2=01 Lc=8 → SW=9000, 0 data bytes \(\d+ ms\)/);
    expect(text).toMatch(/\[apdu\] CLA=00 INS=88 P1=00 P2=81 Lc=34 → SW=61[0-9A-F]{2}, 0 data bytes/);
    expect(text).toMatch(/\[apdu\] CLA=00 INS=B0 P1=00 P2=00 Lc=0 → SW=9000, 9 data bytes/);
    expect(text).toMatch(/\[http\] ← 200 POST http:\/\/127\.0\.0\.1:\d+\/v1\/keys \(/);
    expect(text).toMatch(
      /\[http\] ← 200 POST http:\/\/127\.0\.0\.1:\d+\/v1\/provisioning\/aws\/cognito\/credentials/,
    );
    expect(text).toMatch(/"x-soracom-signature":"<redacted \d+ chars>"/);
    const issued = fake.issued[0];
    if (!issued) throw new Error('nothing issued');
    // Every command's data as hex (the PIN block, RAND and AUTN), and what the card and the server answered.
    const secrets = [PIN, IMSI, K, OPC, issued.secretKey, issued.sessionToken];
    for (const apdu of card.commands()) if (apdu.length > 14) secrets.push(apdu.slice(10));
    for (const secret of secrets) {
      expect(text).not.toContain(secret);
      expect(text.toLowerCase()).not.toContain(secret.toLowerCase());
      expect(text).not.toContain(
        Buffer.from(secret, /^[0-9A-F]+$/i.test(secret) ? 'hex' : 'utf8').toString('base64'),
      );
    }
  });

  it('a wrong PIN says how many tries are left and is not retried; the third blocks the SIM', async () => {
    const fake = await krypton();
    const card = await insert({ pin: { value: PIN } });
    const { run } = setup(fake);
    await addProfile(run, 'pin', '--second-factor', 'sim-pin');
    const first = await run(['login', 'pin'], '11111111\n');
    expect(first.code).toBe(3);
    expect(first.stderr).toMatch(/rejected the PIN: 2 tries left/);
    expect(card.commands().filter((apdu) => apdu.startsWith('00200001'))).toHaveLength(1);
    expect(fake.stats.challenges).toBe(0);
    const second = await run(['login', 'pin'], '11111111\n');
    expect(second.stderr).toMatch(/1 try left.*PUK/s);
    const third = await run(['login', 'pin'], '11111111\n');
    expect(third.code).toBe(3);
    expect(third.stderr).toMatch(/blocked.*PUK/s);
    const right = await run(['login', 'pin'], `${PIN}\n`);
    expect(right.stderr).toMatch(/blocked/);
    const malformed = await run(['login', 'pin'], '12\n');
    expect(malformed.code).toBe(2);
    expect(malformed.stderr).toMatch(/4 to 8 digits/);
  });

  it('a PIN-enabled SIM under --second-factor none is explained', async () => {
    const fake = await krypton();
    await insert({ pin: { value: PIN } });
    const { run } = setup(fake);
    await addProfile(run, 'nopin');
    const login = await run(['login', 'nopin']);
    expect(login.code).toBe(1);
    expect(login.stderr).toMatch(/--second-factor sim-pin/);
    const status = await run(['sim', 'status', '--json']);
    const entry = (JSON.parse(status.stdout) as { readers: Array<Record<string, unknown>> }).readers.find(
      (reader) => reader.name === READER,
    );
    expect(entry).toMatchObject({ cardPresent: true, error: { key: 'sim.card.pinRequired' } });
  });
});

describe('tobira sim status', () => {
  it('lists the readers, the card and its IMSI, in text and JSON', async () => {
    await insert();
    const fake = await krypton();
    const { run } = setup(fake);
    const text = await run(['sim', 'status']);
    expect(text.code, text.stderr).toBe(0);
    expect(text.stdout).toMatch(new RegExp(`${READER}\\s+present\\s+${IMSI}`));
    expect(text.stdout).toMatch(/Virtual PCD 00 01\s+(empty|present)/);
    const json = JSON.parse((await run(['sim', 'status', '--json'])).stdout) as { readers: unknown[] };
    expect(json.readers).toContainEqual({ name: READER, cardPresent: true, atr: '3B021450', imsi: IMSI });
    const down = await setup(fake, { PCSCLITE_CSOCK_NAME: '/nonexistent/pcscd.comm' }).run(['sim', 'status']);
    expect(down.code).toBe(1);
    expect(down.stderr).toMatch(/pcscd/);
  });
});

describe('aws-krypton failures are clear and fast', () => {
  it('a card pulled out mid-sign-in, an empty reader, an unknown reader, no pcscd', async () => {
    let card: VirtualUsim | undefined;
    const fake = await krypton({
      beforeChallenge: async () => {
        await card?.remove();
        card = undefined;
      },
    });
    card = await startVirtualUsim({ imsi: IMSI, milenage: { k: K, opc: OPC } });
    const { run } = setup(fake);
    await addProfile(run, 'sim', '--reader', READER);
    const started = Date.now();
    const pulled = await run(['login', 'sim']);
    expect(pulled.code).toBe(1);
    expect(pulled.stderr).toMatch(/removed|reinsert|Insert it again/i);
    expect(pulled.stderr).toContain(READER);

    const release = await reserveReader(35963); // the reader stays empty meanwhile
    try {
      const empty = await run(['login', 'sim']);
      expect(empty.code).toBe(1);
      expect(empty.stderr).toMatch(/Waiting for a SIM in "Virtual PCD 00 00"/);
      expect(empty.stderr).toMatch(/No card appeared in the reader "Virtual PCD 00 00" within 1 s/);
    } finally {
      await release();
    }
    const { run: runNamed } = setup(fake, { TOBIRA_SIM_WAIT_MS: '0' });
    await addProfile(runNamed, 'other', '--reader', 'No Such Reader 9');
    const unknown = await runNamed(['login', 'other']);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(/no reader named "No Such Reader 9".*"Virtual PCD 00 00"/s);
    const { run: runNoService } = setup(fake, { PCSCLITE_CSOCK_NAME: '/nonexistent/pcscd.comm' });
    await addProfile(runNoService, 'sim', '--reader', READER);
    const down = await runNoService(['login', 'sim']);
    expect(down.code).toBe(1);
    expect(down.stderr).toMatch(/pcscd\) is not running/);
    expect(Date.now() - started).toBeLessThan(20_000);
  });

  it('a SIM of another network (MAC failure) and a server clock far off (stale timestamp) are exit 3', async () => {
    const fake = await krypton();
    await insert({ k: '00112233445566778899aabbccddeeff' });
    const { run } = setup(fake);
    await addProfile(run, 'sim');
    const mac = await run(['login', 'sim']);
    expect(mac.code, mac.stderr).toBe(3);
    expect(mac.stderr).toMatch(/MAC failure/);

    await Promise.all(cards.splice(0).map((card) => card.remove()));
    const skewed = await krypton({ now: () => Date.now() + 10 * 60_000 });
    await insert();
    const { run: runSkewed } = setup(skewed);
    await addProfile(runSkewed, 'sim');
    const stale = await runSkewed(['login', 'sim']);
    expect(stale.code).toBe(3);
    expect(stale.stderr).toMatch(/KRY0008.*clock/s);
    expect(skewed.stats.refused).toBe(1);
  });
});
