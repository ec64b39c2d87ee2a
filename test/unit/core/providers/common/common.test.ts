import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import { TobiraError } from '../../../../../electron/core/errors';
import {
  EndpointOrigin,
  endpointFromEnv,
  isSecureUrl,
} from '../../../../../electron/core/providers/common/endpoint';
import { optionalString, parseFields } from '../../../../../electron/core/providers/common/fields';
import { nothingToImport, planEntries } from '../../../../../electron/core/providers/common/import';
import { isoSeconds } from '../../../../../electron/core/providers/common/time';

describe('endpoint origins', () => {
  it('allows https anywhere and plain http only on loopback', () => {
    expect(isSecureUrl(new URL('https://api.example.com'))).toBe(true);
    for (const host of ['127.0.0.1', 'localhost', '[::1]'])
      expect(isSecureUrl(new URL(`http://${host}:8080`))).toBe(true);
    expect(isSecureUrl(new URL('http://api.example.com'))).toBe(false);
    expect(isSecureUrl(new URL('http://127.0.0.2'))).toBe(false);
  });

  it('EndpointOrigin takes an origin without path, query, fragment, user or trailing slash', () => {
    expect(EndpointOrigin.safeParse('https://api.example.com:8443').success).toBe(true);
    expect(EndpointOrigin.safeParse('http://127.0.0.1:9000').success).toBe(true);
    for (const bad of [
      'api.example.com',
      'http://api.example.com',
      'https://api.example.com/',
      'https://api.example.com/v1',
      'https://api.example.com?x=1',
      'https://api.example.com#x',
      'https://user@api.example.com',
    ])
      expect(EndpointOrigin.safeParse(bad).success, bad).toBe(false);
  });

  it('TOBIRA_ENDPOINT_* loses its trailing slashes; unset or empty is no override', () => {
    expect(endpointFromEnv({ TOBIRA_ENDPOINT_X: 'http://127.0.0.1:1//' }, 'TOBIRA_ENDPOINT_X')).toBe(
      'http://127.0.0.1:1',
    );
    expect(endpointFromEnv({ TOBIRA_ENDPOINT_X: '' }, 'TOBIRA_ENDPOINT_X')).toBeUndefined();
    expect(endpointFromEnv({}, 'TOBIRA_ENDPOINT_X')).toBeUndefined();
  });
});

describe('profile fields', () => {
  it('a schema failure is a usage error naming the field, never its value', () => {
    const schema = z.object({ port: z.number().int() });
    let caught: unknown;
    try {
      parseFields(schema, { port: 'secret-value' });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(TobiraError);
    const error = caught as TobiraError;
    expect(error.key).toBe('profile.invalidField');
    expect(error.exitCode).toBe(2);
    expect(error.params.field).toBe('port');
    expect(JSON.stringify(error.params)).not.toContain('secret-value');
    expect(optionalString({ a: 'x', b: true }, 'a')).toBe('x');
    expect(optionalString({ a: 'x', b: true }, 'b')).toBeUndefined();
  });

  it('expiries are ISO UTC without milliseconds', () => {
    expect(isoSeconds(Date.UTC(2030, 0, 2, 3, 4, 5, 678))).toBe('2030-01-02T03:04:05Z');
  });
});

describe('import plans', () => {
  it('skips names that cannot be profiles without reading them, and keeps the order', () => {
    const read: string[] = [];
    const plan = planEntries(
      ['ok', 'bad name', '', 'skipped'].map((name) => ({
        name,
        origin: `/f/${name}`,
        read: () => {
          read.push(name);
          return name === 'ok'
            ? { type: 't', fields: { a: 1 }, secrets: { s: 'v' } }
            : { reason: 'import.aliyun.mode' as const, params: { mode: 'AK' } };
        },
      })),
    );
    expect(read).toEqual(['ok', 'skipped']);
    expect(plan.candidates).toEqual([
      { name: 'ok', origin: '/f/ok', type: 't', fields: { a: 1 }, secrets: { s: 'v' } },
    ]);
    expect(plan.skipped).toEqual([
      { name: 'bad name', origin: '/f/bad name', reason: 'import.badName' },
      { name: '-', origin: '/f/', reason: 'import.badName' },
      { name: 'skipped', origin: '/f/skipped', reason: 'import.aliyun.mode', params: { mode: 'AK' } },
    ]);
    expect(nothingToImport('/dir', 'import.sourceMissing')).toEqual({
      candidates: [],
      skipped: [{ name: '-', origin: '/dir', reason: 'import.sourceMissing' }],
    });
  });
});
