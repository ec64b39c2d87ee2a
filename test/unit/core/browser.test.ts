import { describe, expect, it } from 'vitest';
import { browserCommand } from '../../../electron/core/browser';

describe('browserCommand', () => {
  it('splits TOBIRA_BROWSER like a shell would, without running one', () => {
    expect(browserCommand({ TOBIRA_BROWSER: `chromium --profile-directory='Work AWS'` }, 'linux')).toEqual([
      'chromium',
      '--profile-directory=Work AWS',
    ]);
  });

  it('falls back to the platform opener', () => {
    expect(browserCommand({}, 'linux')).toEqual(['xdg-open']);
    expect(browserCommand({}, 'darwin')).toEqual(['open']);
    expect(browserCommand({ TOBIRA_BROWSER: '  ' }, 'win32')[0]).toBe('rundll32');
  });

  it('refuses a TOBIRA_BROWSER with no command in it', () => {
    expect(() => browserCommand({ TOBIRA_BROWSER: '>' }, 'linux')).toThrow(/TOBIRA_BROWSER/);
  });
});
