import { randomUUID } from 'node:crypto';
import type { PromptView, Requester, UiMessage } from '../../../shared/ipc';
import { ExitCode, TobiraError } from '../errors';

export interface PromptInput {
  kind: PromptView['kind'];
  profile: string;
  provider: string;
  label: UiMessage;
  requester: Requester | null;
  note?: UiMessage;
  warning?: UiMessage;
  link?: string;
  /** Cancels the prompt when aborted (the asking process went away). */
  signal?: AbortSignal;
  /** This prompt's own wait instead of the center's (a YubiKey's touch wait). */
  timeoutMs?: number;
}

export type PromptOutcome = { value: string } | { error: 'cancelled' | 'timeout' };

interface Pending {
  view: PromptView;
  settle(outcome: PromptOutcome): void;
}

export interface PromptCenterOptions {
  /** How long a prompt waits for an answer (default 3 minutes; tests shorten it). */
  timeoutMs?: number;
  now?: () => number;
}

/**
 * The prompts waiting for the person, from this app's own logins and from CLI processes over the agent. The UI lists
 * them and answers or cancels one by id; each one times out on its own, so a forgotten prompt never hangs a terminal.
 */
export class PromptCenter {
  private readonly pending = new Map<string, Pending>();
  private readonly listeners = new Set<() => void>();
  private readonly timeoutMs: number;
  private readonly now: () => number;

  constructor(options: PromptCenterOptions = {}) {
    this.timeoutMs = options.timeoutMs ?? 180_000;
    this.now = options.now ?? Date.now;
  }

  list(): PromptView[] {
    return [...this.pending.values()].map((entry) => entry.view);
  }

  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Queues a prompt and resolves when it is answered, cancelled or timed out. */
  ask(input: PromptInput): Promise<PromptOutcome> {
    const id = randomUUID();
    const created = this.now();
    const { note, warning, link, signal, timeoutMs = this.timeoutMs, ...rest } = input;
    const view: PromptView = {
      id,
      ...rest,
      note: note ?? null,
      warning: warning ?? null,
      link: link ?? null,
      createdAt: new Date(created).toISOString(),
      expiresAt: new Date(created + timeoutMs).toISOString(),
    };
    return new Promise<PromptOutcome>((resolve) => {
      const timer = setTimeout(() => settle({ error: 'timeout' }), timeoutMs);
      const settle = (outcome: PromptOutcome) => {
        if (!this.pending.delete(id)) return;
        clearTimeout(timer);
        resolve(outcome);
        this.changed();
      };
      this.pending.set(id, { view, settle });
      this.changed();
      if (signal?.aborted) settle({ error: 'cancelled' });
      else signal?.addEventListener('abort', () => settle({ error: 'cancelled' }), { once: true });
    });
  }

  /** Like `ask`, but an answer or a TobiraError: what the app's own MFA broker and askSecret need. */
  async require(input: PromptInput): Promise<string> {
    const outcome = await this.ask(input);
    if ('value' in outcome) return outcome.value;
    throw new TobiraError(
      outcome.error === 'timeout' ? 'ui.prompt.timeout' : 'agent.cancelled',
      ExitCode.mfaUnavailable,
      {
        name: input.profile,
      },
    );
  }

  answer(id: string, value: string): void {
    const entry = this.pending.get(id);
    // A touch request has nothing to answer: the key's button is the answer.
    if (!entry || entry.view.kind === 'touch') throw new TobiraError('ui.prompt.gone', ExitCode.error);
    entry.settle({ value });
  }

  cancel(id: string): void {
    this.pending.get(id)?.settle({ error: 'cancelled' });
  }

  /** Cancels every prompt of one profile (the person cancelled its login). */
  cancelProfile(profile: string): void {
    for (const entry of [...this.pending.values()]) {
      if (entry.view.profile === profile && entry.view.requester === null)
        entry.settle({ error: 'cancelled' });
    }
  }

  cancelAll(): void {
    for (const entry of [...this.pending.values()]) entry.settle({ error: 'cancelled' });
  }

  private changed(): void {
    for (const listener of this.listeners) listener();
  }
}
