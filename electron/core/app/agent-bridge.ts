import { startAgentServer, type AgentServer } from '../agent/server';
import { agentStoreHandlers, type AgentStoreAccess } from '../agent/store-handlers';
import type { UiMessage } from '../../../shared/ipc';
import type { PromptCenter } from './prompts';

/**
 * Serves CLI prompts from the app's prompt center: a terminal's `tobira export` asks here when the app runs. Given
 * the app's store (`options.store`), it is the agent too: cache hits and logins for the CLI from the app's vault, as
 * `tobira agent` serves them, so that no CLI process needs the passphrase while the app runs.
 */
export function serveAgent(
  home: string,
  prompts: PromptCenter,
  onNotice?: (message: UiMessage) => void,
  options: { store?: AgentStoreAccess } = {},
): Promise<AgentServer> {
  return startAgentServer({
    home,
    ...(options.store ? agentStoreHandlers(options.store) : {}),
    // A terminal's notice (why a soracom-cli call waits, which soracom-cli itself never shows) shows in the app.
    onNotice: (request) =>
      onNotice?.({
        key: request.label.key,
        ...(request.label.params ? { params: request.label.params } : {}),
      }),
    onAsk: (request, { signal }) =>
      prompts.ask({
        kind: request.kind,
        profile: request.profile,
        provider: request.provider,
        label: request.label,
        // As the OS reports it where the agent could find the process (verified), else the client's claim.
        requester: request.requester,
        // A terminal that gave up (Ctrl-C, its own timeout) takes its prompt with it.
        signal,
        // A terminal's one-time secret is the SIM PIN: say that it is used once and never kept.
        ...(request.kind === 'secret' ? { note: { key: 'ui.prompt.neverStored' } } : {}),
      }),
  });
}
