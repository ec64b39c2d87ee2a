import type { MessageKey } from '../../../shared/i18n';
import type { ActivityView, UiEvent, UiMessage } from '../../../shared/ipc';
import { ExitCode, isTobiraError, TobiraError } from '../errors';
import type { SessionManager } from '../providers/session';

export interface Activity {
  view: ActivityView;
  cancel: () => void;
  /** Aborted on cancel: a provider waiting on the browser (OAuth loopback) stops and closes its port. */
  signal: AbortSignal;
  /** A code typed into the app's MFA prompt was used in this attempt (a rejection may then be the code's fault). */
  codeAnswered?: boolean;
}

/** Tries of a typed MFA code per click: a wrong one is asked again, at most this many times in all. */
export const MAX_CODE_ATTEMPTS = 3;

/** Rejections after which no new code can help: asking again would only spend the provider's attempts. */
const FINAL_CODE_REJECTIONS = new Set<string>(['idp.otp.limit', 'sim.pin.blocked']);

/** The SIM's refusal of a PIN, worded for the next prompt (the CLI's message says to run the command again). */
const PIN_WARNINGS: Record<string, MessageKey> = {
  'sim.pin.wrong': 'ui.prompt.pinWrong',
  'sim.pin.wrongLast': 'ui.prompt.pinWrongLast',
  'sim.pin.blocked': 'sim.pin.blocked',
};

/**
 * The long actions of profiles (a login that may wait on a prompt or the browser), one per profile at a time, each
 * shown to the UI and cancellable by it; and the SIM's last refusal of a profile's PIN, for its next PIN prompt.
 */
export class Activities {
  private readonly running = new Map<string, Activity>();
  /** The SIM's answer to the last PIN of a profile (wrong, tries left), shown with the next PIN prompt. */
  private readonly pinFailures = new Map<string, UiMessage>();
  /** The provider's refusal of the last typed MFA code of a profile, and the tries left, for the next code prompt. */
  private readonly codeFailures = new Map<string, { warning: UiMessage; note: UiMessage }>();

  constructor(
    private readonly emit: (event: UiEvent) => void,
    /** A SessionManager whose prompts and notices report to `activity`. */
    private readonly sessions: (activity: Activity) => SessionManager,
  ) {}

  set(activity: Activity | undefined, change: Partial<ActivityView>): void {
    if (!activity) return;
    activity.view = { ...activity.view, ...change };
    this.emit({ kind: 'changed', topics: ['prompts'] });
  }

  /** Runs one long action of a profile, cancellable by the UI. */
  async track<T>(
    name: string,
    action: ActivityView['action'],
    work: (manager: SessionManager, activity: Activity) => Promise<T>,
  ): Promise<T> {
    if (this.running.has(name)) throw new TobiraError('ui.busy', ExitCode.error, { name });
    const controller = new AbortController();
    let reject: (error: TobiraError) => void = () => undefined;
    const cancelled = new Promise<never>((_resolve, fail) => (reject = fail));
    const cancel = () => {
      reject(new TobiraError('ui.cancelled', ExitCode.error, { name }));
      controller.abort();
    };
    const activity: Activity = {
      view: { profile: name, action, waitingFor: null, link: null, open: null },
      cancel,
      signal: controller.signal,
    };
    this.running.set(name, activity);
    this.emit({ kind: 'changed', topics: ['prompts'] });
    try {
      const running = work(this.sessions(activity), activity);
      running.catch(() => undefined); // after a cancel nobody awaits it any more
      return await Promise.race([running, cancelled]);
    } finally {
      this.running.delete(name);
      this.emit({ kind: 'changed', topics: ['prompts', 'profiles'] });
    }
  }

  /** Keeps the SIM's refusal of a PIN (with the tries left) for the next PIN prompt of the profile. */
  async remembering<T>(name: string, work: () => Promise<T>): Promise<T> {
    try {
      const result = await work();
      this.pinFailures.delete(name);
      return result;
    } catch (error) {
      const warning = isTobiraError(error) ? PIN_WARNINGS[error.key] : undefined;
      if (warning && isTobiraError(error))
        this.pinFailures.set(name, { key: warning, params: { ...error.params } });
      throw error;
    }
  }

  /**
   * Runs a sign-in, and runs it again when the provider rejected the MFA code the person typed into the prompt: the
   * next prompt shows the provider's message and the tries left, up to MAX_CODE_ATTEMPTS in all. Codes from a stored
   * secret or a command are not retried here (the broker already waits for a fresh step).
   */
  async retryingCode<T>(name: string, activity: Activity, work: () => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt += 1) {
      activity.codeAnswered = false;
      try {
        const result = await work();
        this.codeFailures.delete(name);
        return result;
      } catch (error) {
        const retry =
          activity.codeAnswered &&
          !activity.signal.aborted &&
          attempt < MAX_CODE_ATTEMPTS &&
          isTobiraError(error) &&
          error.exitCode === ExitCode.rejected &&
          !FINAL_CODE_REJECTIONS.has(error.key);
        if (!retry || !isTobiraError(error)) {
          this.codeFailures.delete(name);
          throw error;
        }
        this.codeFailures.set(name, {
          warning: { key: error.key, params: { ...error.params } },
          note: { key: 'day.prompt.codeRetry', params: { tries: MAX_CODE_ATTEMPTS - attempt } },
        });
      }
    }
  }

  /** What the next MFA code prompt of a profile says about the last code the provider rejected, if any. */
  codeRetry(name: string): { warning: UiMessage; note: UiMessage } | undefined {
    return this.codeFailures.get(name);
  }

  /** The warning to show with the next PIN prompt of a profile, if its last PIN was refused. */
  pinWarning(name: string): UiMessage | undefined {
    return this.pinFailures.get(name);
  }

  cancel(name: string): void {
    this.running.get(name)?.cancel();
  }

  cancelAll(): void {
    for (const activity of this.running.values()) activity.cancel();
  }

  list(): ActivityView[] {
    return [...this.running.values()].map((entry) => entry.view);
  }
}
