import { describe, expect, it } from 'vitest';
import { consoleTimeoutMs, openConsole } from '../../../../electron/core/usecases';

const messages = { timeout: 'cli.console.timeout', foreign: 'cli.console.foreign' } as const;

describe('opening a console, the one use case behind `tobira console` and the app', () => {
  it('waits 2 minutes unless TOBIRA_CONSOLE_REDIRECT_TIMEOUT_MS says otherwise; a bad value is the default, not NaN', () => {
    expect(consoleTimeoutMs({})).toBe(120_000);
    expect(consoleTimeoutMs({ TOBIRA_CONSOLE_REDIRECT_TIMEOUT_MS: '300' })).toBe(300);
    expect(consoleTimeoutMs({ TOBIRA_CONSOLE_REDIRECT_TIMEOUT_MS: 'soon' })).toBe(120_000);
    expect(consoleTimeoutMs({ TOBIRA_CONSOLE_REDIRECT_TIMEOUT_MS: '-5' })).toBe(120_000);
  });

  it('hands the browser a loopback link that answers with the sign-in URL, once', async () => {
    const target = 'https://signin.example/federation?Action=login&SigninToken=canary-token';
    let link = '';
    await openConsole(target, {
      name: 'prod',
      env: {},
      messages,
      open: async (url) => {
        link = url;
        const answer = await fetch(url, { redirect: 'manual' });
        expect(answer.status).toBe(302);
        expect(answer.headers.get('location')).toBe(target);
      },
    });
    expect(link).toMatch(/^http:\/\/127\.0\.0\.1:\d+\//);
    expect(link).not.toContain('canary-token');
    await expect(fetch(link, { redirect: 'manual' })).rejects.toThrow();
  });

  it('fails (exit 1, in the shell’s own words) when the browser never follows the link', async () => {
    await expect(
      openConsole('https://signin.example/x', {
        name: 'prod',
        env: { TOBIRA_CONSOLE_REDIRECT_TIMEOUT_MS: '150' },
        messages,
        open: async () => undefined,
      }),
    ).rejects.toMatchObject({
      key: 'cli.console.timeout',
      exitCode: 1,
      params: { name: 'prod', seconds: 0 },
    });
  });
});
