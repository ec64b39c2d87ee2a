import type { MessageKey, MessageParams } from '../../../shared/i18n';
import type { ActivityView } from '../../../shared/ipc';
import { openBrowser as defaultOpenBrowser } from '../browser';
import { MfaBroker } from '../mfa/broker';
import { UsedSteps } from '../mfa/used-steps';
import { SessionManager } from '../providers/session';
import type { AskRequest } from '../providers/types';
import type { Activities, Activity } from './activities';
import type { AppContext } from './context';
import { appYubikeyCode } from './yubikey';

/** Notices the app shows in its own way (the activity's waiting state, the prompt's link) instead of as toasts. */
const QUIET_NOTICES = new Set<string>([
  'oauth.browser.opening',
  'oauth.browser.url',
  'oauth.browser.waiting',
  'oauth.paste.instructions',
]);
/** Notices that carry the sign-in page address (`url`) of an OAuth login. */
const LINK_NOTICES = new Set<string>(['oauth.browser.url', 'oauth.paste.instructions']);

/**
 * Opens a URL with the platform's opener, else the user's browser as the CLI opens it. In browser mode without an
 * opener the page is already in the person's browser: the address goes to it over the authenticated contract (the
 * activity's `open`) and the page opens a new tab; nothing is started on the machine serving `tobira ui`.
 */
export function openUrl(
  context: AppContext,
  activities: Activities,
  activity: Activity | undefined,
  url: string,
): Promise<void> {
  const open = context.platform.openBrowser;
  if (open) return open(url);
  if (context.platform.mode === 'browser') {
    activities.set(activity, { open: url });
    return Promise.resolve();
  }
  return defaultOpenBrowser(url, context.env, context.home).then(() => undefined);
}

/**
 * A SessionManager whose MFA codes, one-time secrets and pasted lines come from the app's own prompt, and whose
 * waiting (on a prompt, on the browser) shows on `activity` when there is one.
 */
export function appSessions(
  context: AppContext,
  activities: Activities,
  activity?: Activity,
): SessionManager {
  const waiting = (state: ActivityView['waitingFor']) => activities.set(activity, { waitingFor: state });
  const ask = async <T>(work: () => Promise<T>): Promise<T> => {
    waiting('prompt');
    try {
      return await work();
    } finally {
      waiting(null);
    }
  };
  const vault = context.vault();
  const say = (key: MessageKey, params: MessageParams) =>
    context.emit({ kind: 'notice', message: { key, params } });
  const mfa = new MfaBroker({
    vault,
    usedSteps: new UsedSteps(context.home),
    interactive: false,
    env: context.env,
    // Why a login pauses (the next TOTP step), and that a clock that moved back was noticed.
    onWait: ({ name, seconds }) => say('mfa.totp.waiting', { name, seconds }),
    onClockBack: ({ name, seconds }) => say('mfa.totp.clockBack', { name, seconds }),
    yubikey: (profile, atSeconds) => ask(() => appYubikeyCode(context, profile, atSeconds)),
    prompts: [
      async ({ profileName, provider }) => {
        // Keyed by the clicked profile: a role's code may be asked for its source's MFA device.
        const retry = activities.codeRetry(activity?.view.profile ?? profileName);
        const code = await ask(() =>
          context.prompts.require({
            kind: 'code',
            profile: profileName,
            provider,
            label: { key: 'mfa.prompt.label', params: { name: profileName, provider } },
            requester: null,
            ...(retry ? { warning: retry.warning, note: retry.note } : {}),
          }),
        );
        if (activity) activity.codeAnswered = true;
        return code;
      },
    ],
  });
  return new SessionManager({
    vault,
    mfa,
    env: context.env,
    lang: context.lang(),
    now: context.now,
    notice: (key, params) => {
      if (LINK_NOTICES.has(key) && typeof params?.url === 'string') {
        activities.set(activity, { link: params.url });
      }
      if (QUIET_NOTICES.has(key)) return;
      context.emit({ kind: 'notice', message: { key, ...(params ? { params } : {}) } });
    },
    askSecret: (request) => {
      const warning = activities.pinWarning(request.profile.name);
      return ask(() =>
        context.prompts.require({
          kind: 'secret',
          ...promptOf(request),
          note: { key: 'ui.prompt.neverStored' },
          ...(warning ? { warning } : {}),
        }),
      );
    },
    // A visible line: the redirect address pasted back after signing in on another browser (OAuth without a
    // browser here), or an OTP that may be "r" for a new code. The prompt shows the sign-in page to open.
    askLine: (request) => {
      const link = activity?.view.link;
      return ask(() =>
        context.prompts.require({ kind: 'line', ...promptOf(request), ...(link ? { link } : {}) }),
      );
    },
    openBrowser: async (url) => {
      waiting('browser');
      await openUrl(context, activities, activity, url);
    },
  });
}

/** What every prompt a provider asks shows: its profile, its provider, and its label with both named. */
function promptOf(request: AskRequest) {
  return {
    profile: request.profile.name,
    provider: request.provider,
    label: {
      key: request.label,
      params: { name: request.profile.name, provider: request.provider, ...request.params },
    },
    requester: null,
  };
}
