import { createHash } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { startFakeKrypton, type FakeKrypton, type FakeKryptonOptions } from '../../fakes/krypton';
import { milenageAuts, milenageF1, milenageF2345 } from '../../harness/virtual-usim';

// The fake against the wire examples of docs/protocols/krypton.md, driven with plain fetch (not Tobira's client).
const K = '465b5ce8b199b49faa5f0a2ee238a6bc';
const OPC = 'cd63cb71954a9f4e48a5994e37a02baf';
const IMSI = '001010000000001';
const b = (hex: string) => Buffer.from(hex, 'hex');

let fake: FakeKrypton | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

async function start(options: FakeKryptonOptions = {}): Promise<FakeKrypton> {
  fake = await startFakeKrypton(options);
  fake.addSubscriber({ imsi: IMSI, k: K, opc: OPC });
  return fake;
}

async function post(path: string, body: string, headers: Record<string, string> = {}) {
  const response = await fetch(`${(fake as FakeKrypton).endpoint}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body,
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

/** What a USIM does with a challenge: check MAC-A, return RES and CK (SQN is not tracked here). */
function card(rand64: string, autn64: string) {
  const rand = Buffer.from(rand64, 'base64');
  const autn = Buffer.from(autn64, 'base64');
  const { res, ck, ak } = milenageF2345(b(K), b(OPC), rand);
  const sqn = Buffer.from(autn.subarray(0, 6).map((byte, i) => byte ^ (ak[i] as number)));
  const { macA } = milenageF1(b(K), b(OPC), rand, sqn, autn.subarray(6, 8));
  expect(macA.equals(autn.subarray(8, 16))).toBe(true);
  return { rand, res, ck, sqn };
}

async function verifiedKey() {
  const challenge = await post('/v1/keys', JSON.stringify({ imsi: IMSI }));
  const keyId = challenge.body.keyId as string;
  const { res, ck } = card(challenge.body.rand as string, challenge.body.autn as string);
  expect(
    (await post(`/v1/keys/${keyId}/verify`, JSON.stringify({ res: res.toString('base64') }))).status,
  ).toBe(200);
  return { keyId, ck };
}

function signed(body: string, ck: Buffer, ts = String(Date.now())) {
  const signature = createHash('sha256').update(body).update(ts).update(ck).digest('base64');
  return {
    'X-Soracom-Timestamp': ts,
    'X-Soracom-Digest-Algorithm': 'SHA-256',
    'X-Soracom-Signature': signature,
  };
}

const PATH = '/v1/provisioning/aws/cognito/credentials';

describe('fake Krypton: Keys API', () => {
  it('issues a Milenage challenge for a known IMSI with an incrementing SQN and a keyId without "_"', async () => {
    await start();
    const first = await post('/v1/keys', JSON.stringify({ imsi: IMSI }));
    expect(first.status).toBe(200);
    expect(first.body.keyId).toMatch(/^[0-9a-f]{32}$/);
    expect(Buffer.from(first.body.rand as string, 'base64')).toHaveLength(16);
    expect(card(first.body.rand as string, first.body.autn as string).sqn.toString('hex')).toBe(
      '000000000001',
    );
    const second = await post('/v1/keys', JSON.stringify({ imsi: IMSI }));
    expect(card(second.body.rand as string, second.body.autn as string).sqn.toString('hex')).toBe(
      '000000000002',
    );
  });

  it('answers 401 with the challenge when configured to (both are valid, §3.2)', async () => {
    await start({ challengeStatus: 401 });
    const challenge = await post('/v1/keys', JSON.stringify({ imsi: IMSI }));
    expect(challenge.status).toBe(401);
    expect(challenge.body).toHaveProperty('autn');
  });

  it('refuses an unknown IMSI and malformed bodies in SORACOM error shape', async () => {
    await start();
    expect(await post('/v1/keys', JSON.stringify({ imsi: '440100000000000' }))).toMatchObject({
      status: 404,
      body: { code: expect.any(String), message: expect.any(String) },
    });
    expect((await post('/v1/keys', '{"imsi":12}')).status).toBe(400);
    expect((await post('/v1/keys', 'not json')).status).toBe(400);
    expect(
      (await post('/v1/keys', JSON.stringify({ imsi: IMSI, rand: 'I1U8vpY3qJ0hiuZNrke/NQ==' }))).status,
    ).toBe(400);
  });

  it('resynchronises from the spec example AUTS and continues after SQN_MS', async () => {
    await start();
    const rand = 'I1U8vpY3qJ0hiuZNrke/NQ==';
    expect(
      (await post('/v1/keys', JSON.stringify({ imsi: IMSI, rand, auts: 'uoU/PBI8z0TpNZbjVcY=' }))).status,
    ).toBe(200);
    expect(fake?.sqnOf(IMSI)).toBe('ff9bb4d0b608');
    expect(fake?.stats.resyncs).toBe(1);
    const forged = milenageAuts(b(K), b(OPC), Buffer.from(rand, 'base64'), b('000000000005'));
    forged[13] = (forged[13] as number) ^ 1;
    const refused = await post(
      '/v1/keys',
      JSON.stringify({ imsi: IMSI, rand, auts: forged.toString('base64') }),
    );
    expect(refused.status).toBe(400);
    expect(fake?.sqnOf(IMSI)).toBe('ff9bb4d0b608');
  });

  it('verifies RES (as res or xres) and burns a challenge answered wrongly', async () => {
    await start();
    const challenge = await post('/v1/keys', JSON.stringify({ imsi: IMSI }));
    const { res } = card(challenge.body.rand as string, challenge.body.autn as string);
    const keyId = challenge.body.keyId as string;
    expect(
      (await post(`/v1/keys/${keyId}/verify`, JSON.stringify({ xres: res.toString('base64') }))).status,
    ).toBe(200);
    const other = await post('/v1/keys', JSON.stringify({ imsi: IMSI }));
    const wrong = Buffer.alloc(8, 1).toString('base64');
    expect(
      (await post(`/v1/keys/${other.body.keyId as string}/verify`, JSON.stringify({ res: wrong }))).status,
    ).toBe(401);
    expect(
      (await post(`/v1/keys/${other.body.keyId as string}/verify`, JSON.stringify({ res: wrong }))).status,
    ).toBe(404);
  });
});

describe('fake Krypton: signed provisioning', () => {
  it('matches the signature example of krypton.md §5.2', () => {
    const body = '{"keyId":"example-key-id","requestParameters":null}';
    expect(signed(body, b('b40ba9a3c58b2a05bbf0d987b21bf8cb'), '1700000000000')['X-Soracom-Signature']).toBe(
      'zLs/znMtuieqKSN1XlVDontiqFY2hId92SUvPjsK9Vg=',
    );
  });

  it('returns Cognito credentials for a verified key and a valid signature (expiration in ms or ISO)', async () => {
    await start();
    const { keyId, ck } = await verifiedKey();
    const body = JSON.stringify({ keyId, requestParameters: null });
    const answer = await post(PATH, body, signed(body, ck));
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({
      identityId: expect.stringMatching(/^ap-northeast-1:/),
      region: 'ap-northeast-1',
      credentials: { accessKeyId: expect.stringMatching(/^ASIA/), expiration: expect.any(Number) },
    });
    await fake?.close();
    await start({ expirationFormat: 'iso' });
    const again = await verifiedKey();
    const body2 = JSON.stringify({ keyId: again.keyId, requestParameters: null });
    const iso = await post(PATH, body2, signed(body2, again.ck));
    expect((iso.body.credentials as { expiration: string }).expiration).toMatch(/Z$/);
  });

  it('checks the signature over the raw bytes: a re-serialised or tampered body is refused', async () => {
    await start();
    const { keyId, ck } = await verifiedKey();
    const body = JSON.stringify({ keyId, requestParameters: null });
    const headers = signed(body, ck);
    const spaced = JSON.stringify({ keyId, requestParameters: null }, null, 1); // same JSON, other bytes
    expect((await post(PATH, spaced, headers)).status).toBe(401);
    const tampered = {
      ...headers,
      'X-Soracom-Signature': signed(body, Buffer.alloc(16))['X-Soracom-Signature'],
    };
    expect((await post(PATH, body, tampered)).body.code).toBe('KRY0009');
    expect((await post(PATH, body, headers)).status).toBe(200);
  });

  it('refuses a stale or future timestamp, a wrong algorithm, an unverified or expired key', async () => {
    let clock = Date.now();
    await start({ now: () => clock });
    const { keyId, ck } = await verifiedKey();
    const body = JSON.stringify({ keyId, requestParameters: null });
    expect((await post(PATH, body, signed(body, ck, String(clock - 6 * 60_000)))).body.code).toBe('KRY0008');
    expect((await post(PATH, body, signed(body, ck, String(clock + 6 * 60_000)))).body.code).toBe('KRY0008');
    expect(
      (await post(PATH, body, { ...signed(body, ck, String(clock)), 'X-Soracom-Digest-Algorithm': 'SHA-1' }))
        .status,
    ).toBe(400);
    const pending = await post('/v1/keys', JSON.stringify({ imsi: IMSI }));
    const unverified = JSON.stringify({ keyId: pending.body.keyId, requestParameters: null });
    expect((await post(PATH, unverified, signed(unverified, ck, String(clock)))).status).toBe(403);
    clock += 3_600_000;
    expect((await post(PATH, body, signed(body, ck, String(clock)))).body.code).toBe('KRY0006');
    expect((await post(PATH, body, signed(body, ck, String(clock)))).body.code).toBe('KRY0003');
  });
});
