import { afterEach, describe, expect, it, vi } from 'vitest';
import { loginAuth0ApiKey } from '../../../../../electron/core/providers/auth0/login';
import type { LoginServices } from '../../../../../electron/core/providers/types';
import type { ProfileRecord } from '../../../../../electron/core/vault/schema';
import { generateKey } from '../../../../../electron/core/providers/auth0/key';

afterEach(() => vi.restoreAllMocks());

function profileWith(): ProfileRecord {
  return {
    id: '00000000-0000-4000-8000-000000000000',
    name: 'ci',
    type: 'auth0-apikey',
    fields: {
      domain: 'http://127.0.0.1:9',
      clientId: 'exchanger',
      audience: 'https://api.example.com',
      realm: 'api-keys',
      keyId: 'abcdefghijkl',
    },
    secrets: { apiKey: 'secret-id-0001' },
    createdAt: '2026-01-01T00:00:00.000Z',
    updatedAt: '2026-01-01T00:00:00.000Z',
  };
}

describe('auth0-apikey login', () => {
  it('a stored key that fails its checksum is exit 2 and no request is made', async () => {
    const fetchSpy = vi.spyOn(globalThis, 'fetch');
    const { key } = generateKey();
    const damaged = `${key.slice(0, 30)}${key[30] === 'Z' ? 'Y' : 'Z'}${key.slice(31)}`;
    const services = {
      env: {},
      vault: { readSecret: async () => damaged },
    } as unknown as LoginServices;
    await expect(loginAuth0ApiKey(services, { profile: profileWith() })).rejects.toMatchObject({
      key: 'auth0.key.checksum',
      exitCode: 2,
    });
    expect(fetchSpy).not.toHaveBeenCalled();
  });
});
