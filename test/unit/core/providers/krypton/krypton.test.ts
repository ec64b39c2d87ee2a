import { afterEach, describe, expect, it } from 'vitest';
import { TobiraError } from '../../../../../electron/core/errors';
import {
  KryptonApi,
  KryptonRejection,
  kryptonSignature,
  signedProvisioningRequest,
} from '../../../../../electron/core/providers/krypton/api';
import { kryptonBase } from '../../../../../electron/core/providers/krypton/endpoint';
import { KEY_VALID_MS, KryptonKeyCache } from '../../../../../electron/core/providers/krypton/key-cache';
import { toSession } from '../../../../../electron/core/providers/krypton/login';
import { identifyAws } from '../../../../../electron/core/providers/aws/export';
import { kryptonProfile } from '../../../../../electron/core/providers/krypton/profile';
import type { ProfileRecord } from '../../../../../electron/core/vault/schema';
import type { SecretStore } from '../../../../../electron/core/vault/secret-store';
import { providerKeySecretId, type Vault } from '../../../../../electron/core/vault/vault';
import { startFakeKrypton, type FakeKrypton } from '../../../../fakes/krypton';
import { milenageAuthenticator, UsimCardModel } from '../../../../harness/virtual-usim';

const CK = Buffer.from('b40ba9a3c58b2a05bbf0d987b21bf8cb', 'hex');

describe('Krypton request signing (krypton.md §3.3, §5.2)', () => {
  it('matches the golden signature and sends the Go client body', () => {
    expect(kryptonSignature('{"keyId":"example-key-id","requestParameters":null}', '1700000000000', CK)).toBe(
      'zLs/znMtuieqKSN1XlVDontiqFY2hId92SUvPjsK9Vg=',
    );
    const request = signedProvisioningRequest('example-key-id', CK, 1700000000000.7);
    expect(request.body).toBe('{"keyId":"example-key-id","requestParameters":null}');
    expect(JSON.stringify(request.payload)).toBe(request.body);
    expect(request.headers).toEqual({
      'x-soracom-timestamp': '1700000000000',
      'x-soracom-digest-algorithm': 'SHA-256',
      'x-soracom-signature': 'zLs/znMtuieqKSN1XlVDontiqFY2hId92SUvPjsK9Vg=',
    });
  });
});

describe('aws-krypton profile', () => {
  it('defaults to global coverage and no second factor, and says it is single-factor', () => {
    const built = kryptonProfile.build({}, undefined);
    expect(built).toEqual({ fields: { coverage: 'g', secondFactor: 'none' }, secrets: {} });
    expect(kryptonProfile.describe(built.fields).secondFactor).toMatch(/single factor/);
    const pin = kryptonProfile.build(
      {
        reader: 'Virtual PCD 00 01',
        coverage: 'jp',
        secondFactor: 'sim-pin',
        endpoint: 'http://127.0.0.1:8080',
      },
      undefined,
    );
    expect(kryptonProfile.describe(pin.fields)).toMatchObject({
      reader: 'Virtual PCD 00 01',
      coverage: 'jp',
      secondFactor: expect.stringMatching(/two factors/),
    });
  });

  it('refuses unknown second factors, coverages and non-origin endpoints with a usage error', () => {
    for (const options of [
      { secondFactor: 'sms' },
      { coverage: 'us' },
      { endpoint: 'http://example.com' },
      { endpoint: 'https://g.api.soracom.io/v1' },
      { reader: 'bad\nname' },
    ]) {
      expect(() => kryptonProfile.build(options, undefined)).toThrow(TobiraError);
      try {
        kryptonProfile.build(options, undefined);
      } catch (error) {
        expect((error as TobiraError).exitCode).toBe(2);
      }
    }
  });

  it('picks TOBIRA_ENDPOINT_KRYPTON, then --endpoint, then the coverage host', () => {
    expect(kryptonBase({ coverage: 'g' }, {})).toBe('https://g.api.soracom.io');
    expect(kryptonBase({ coverage: 'jp' }, {})).toBe('https://api.soracom.io');
    expect(kryptonBase({ coverage: 'jp', endpoint: 'https://x.example' }, {})).toBe('https://x.example');
    expect(
      kryptonBase(
        { coverage: 'jp', endpoint: 'https://x.example' },
        { TOBIRA_ENDPOINT_KRYPTON: 'http://127.0.0.1:9/' },
      ),
    ).toBe('http://127.0.0.1:9');
  });
});

describe('Cognito credentials as AWS session data', () => {
  const response = (expiration: number | string) => ({
    identityId: 'ap-northeast-1:0000',
    region: 'ap-northeast-1',
    credentials: { accessKeyId: 'ASIAEXAMPLEEXAMPLE', secretKey: 's', sessionToken: 't', expiration },
  });
  const inAnHour = Date.UTC(2099, 0, 1, 12, 0, 0, 701);

  it('accepts expiration in ms, in seconds and as ISO, always giving ISO UTC with Z', () => {
    for (const value of [inAnHour, Math.floor(inAnHour / 1000), '2099-01-01T12:00:00.701Z']) {
      expect(toSession(response(value)).expiration).toBe('2099-01-01T12:00:00Z');
    }
    expect(toSession(response(inAnHour)).data).toEqual({
      accessKeyId: 'ASIAEXAMPLEEXAMPLE',
      secretAccessKey: 's',
      sessionToken: 't',
      expiration: '2099-01-01T12:00:00Z',
      region: 'ap-northeast-1',
      partition: 'aws',
      origin: 'cognito',
      identityId: 'ap-northeast-1:0000',
    });
    expect(toSession({ ...response(inAnHour), region: 'cn-north-1' }).data.partition).toBe('aws-cn');
  });

  it('names the session by its Cognito identity, not by its access key id', () => {
    const session = toSession(response(inAnHour));
    const active = {
      profile: {} as ProfileRecord,
      expiration: session.expiration,
      data: session.data,
      fromCache: false,
    };
    const { identity } = identifyAws(active);
    expect(identity).toBe('Cognito identity ap-northeast-1:0000');
    expect(identity).not.toContain('ASIA');
  });

  it('refuses credentials that are already expired', () => {
    expect(() => toSession(response(Date.now() - 1000))).toThrow(/not in the future/);
  });
});

describe('key cache in the secret store', () => {
  const profile = { id: '00000000-0000-4000-8000-000000000001' } as ProfileRecord;
  function memoryVault(): { vault: Vault; store: Map<string, string> } {
    const store = new Map<string, string>();
    const secretStore: SecretStore = {
      kind: 'file',
      get: async (id) => store.get(id),
      set: async (id, value) => void store.set(id, value),
      delete: async (id) => void store.delete(id),
    };
    return { vault: { secretStore: async () => secretStore } as unknown as Vault, store };
  }

  it('keeps the key under the profile-derived id for an hour, for the same IMSI and endpoint only', async () => {
    let now = 1_000_000;
    const { vault, store } = memoryVault();
    const cache = new KryptonKeyCache(vault, () => now);
    await cache.write(profile, '001010000000001', 'http://a', { keyId: 'k1', ck: CK });
    expect([...store.keys()]).toEqual([providerKeySecretId(profile)]);
    await expect(cache.read(profile, '001010000000001', 'http://a')).resolves.toEqual({
      keyId: 'k1',
      ck: CK,
    });
    await expect(cache.read(profile, '001010000000002', 'http://a')).resolves.toBeUndefined();
    await expect(cache.read(profile, '001010000000001', 'http://b')).resolves.toBeUndefined();
    now += KEY_VALID_MS - 120_000;
    await expect(cache.read(profile, '001010000000001', 'http://a')).resolves.toBeDefined();
    now += 60_001; // inside the last minute: not used any more
    await expect(cache.read(profile, '001010000000001', 'http://a')).resolves.toBeUndefined();
    await cache.drop(profile);
    expect(store.size).toBe(0);
  });

  it('treats a corrupt entry as a miss', async () => {
    const { vault, store } = memoryVault();
    store.set(providerKeySecretId(profile), '{not json');
    await expect(new KryptonKeyCache(vault).read(profile, '001010000000001', 'x')).resolves.toBeUndefined();
  });
});

describe('KryptonApi against the fake Krypton', () => {
  let fake: FakeKrypton | undefined;
  afterEach(async () => fake?.close());
  const K = '465b5ce8b199b49faa5f0a2ee238a6bc';
  const OPC = 'cd63cb71954a9f4e48a5994e37a02baf';
  const IMSI = '001010000000001';

  async function aka(api: KryptonApi, card: UsimCardModel) {
    const challenge = await api.createKey(IMSI);
    const apdu = Buffer.concat([
      Buffer.from('0088008122 10'.replace(/ /g, ''), 'hex'),
      challenge.rand,
      Buffer.from([0x10]),
      challenge.autn,
    ]);
    card.handle(Buffer.from('00A4040410A0000000871002FFFFFFFF8907090000', 'hex'));
    const sw = card.handle(apdu);
    const data = card.handle(Buffer.from([0x00, 0xc0, 0x00, 0x00, sw[1] as number]));
    return { challenge, data: data.subarray(0, -2) };
  }

  for (const challengeStatus of [200, 401] as const) {
    it(`runs AKA and provisioning when the challenge comes with ${challengeStatus}`, async () => {
      fake = await startFakeKrypton({ challengeStatus });
      fake.addSubscriber({ imsi: IMSI, k: K, opc: OPC });
      const api = new KryptonApi(fake.endpoint);
      const card = new UsimCardModel(IMSI, milenageAuthenticator({ k: K, opc: OPC }));
      const { challenge, data } = await aka(api, card);
      const res = data.subarray(2, 10);
      const ck = data.subarray(11, 27);
      await expect(api.cognitoCredentials(challenge.keyId, ck)).rejects.toMatchObject({ status: 403 });
      await api.verify(challenge.keyId, res);
      const credentials = await api.cognitoCredentials(challenge.keyId, ck);
      expect(credentials.credentials.accessKeyId).toBe(fake.issued[0]?.accessKeyId);
      const sent = fake.requests.at(-1);
      expect(sent?.body).toBe(`{"keyId":"${challenge.keyId}","requestParameters":null}`);
      expect(JSON.parse(fake.requests.find((r) => r.path === '/v1/keys')?.body ?? '')).toEqual({
        imsi: IMSI,
      });
    });
  }

  it('turns a wrong RES and an unknown IMSI into rejections with the server code (exit 3)', async () => {
    fake = await startFakeKrypton();
    fake.addSubscriber({ imsi: IMSI, k: K, opc: OPC });
    const api = new KryptonApi(fake.endpoint);
    const { keyId } = await api.createKey(IMSI);
    const wrong = await api.verify(keyId, Buffer.alloc(8)).catch((error: unknown) => error);
    expect(wrong).toBeInstanceOf(KryptonRejection);
    expect((wrong as KryptonRejection).toTobiraError()).toMatchObject({
      key: 'krypton.rejected.verify',
      exitCode: 3,
      params: { status: 401, code: 'KRY0004' },
    });
    const unknown = await api.createKey('440100000000000').catch((error: unknown) => error);
    expect((unknown as KryptonRejection).toTobiraError().message).toContain('KRY0001');
  });
});
