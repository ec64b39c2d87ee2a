import { describe, expect, it } from 'vitest';
import { startConsoleRedirect } from '../../../../../electron/core/console-redirect';

describe('one-shot loopback redirect', () => {
  it('302s the nonce path once with no-store and no-referrer; other paths 404 and do not consume it', async () => {
    const target = 'https://signin.aws.amazon.com/federation?Action=login&SigninToken=secret';
    const redirect = await startConsoleRedirect(target, { timeoutMs: 5000 });
    expect(redirect.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/[\w-]{32}$/);
    const wrong = await fetch(`${new URL(redirect.url).origin}/guess`, { redirect: 'manual' });
    expect(wrong.status).toBe(404);
    const hit = await fetch(redirect.url, { redirect: 'manual' });
    expect(hit.status).toBe(302);
    expect(hit.headers.get('location')).toBe(target);
    expect(hit.headers.get('cache-control')).toBe('no-store');
    expect(hit.headers.get('referrer-policy')).toBe('no-referrer');
    expect(await redirect.done).toBe('served');
    await expect(fetch(redirect.url, { redirect: 'manual' })).rejects.toThrow();
  });

  it('gives up after the timeout', async () => {
    const redirect = await startConsoleRedirect('https://example.com/', { timeoutMs: 50 });
    expect(await redirect.done).toBe('timeout');
  });
});
