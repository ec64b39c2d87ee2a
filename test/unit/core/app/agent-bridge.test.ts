import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { noticeViaAgent } from '../../../../electron/core/agent';
import { serveAgent } from '../../../../electron/core/app';
import { PromptCenter } from '../../../../electron/core/app/prompts';
import type { UiMessage } from '../../../../shared/ipc';

describe('the app side of the agent', () => {
  it('shows a terminal’s notice (why soracom-cli waits) as the app’s own notice', async () => {
    const home = join(mkdtempSync(join(tmpdir(), 'tobira-bridge-')), 'h');
    const shown: UiMessage[] = [];
    const agent = await serveAgent(home, new PromptCenter(), (message) => shown.push(message));
    try {
      const sent = await noticeViaAgent(home, {
        profile: 'sam',
        label: { key: 'mfa.totp.waitingProfileCommand', params: { name: 'sam', seconds: 21 } },
        requester: { pid: 7, command: 'soracom sims list --profile sam', tobira: 'tobira export sam' },
      });
      expect(sent).toBe(true);
      expect(shown).toEqual([
        { key: 'mfa.totp.waitingProfileCommand', params: { name: 'sam', seconds: 21 } },
      ]);
    } finally {
      await agent.close();
    }
  });
});
