import type { ProviderDefinition, ProviderSessions } from '../types';
import { auth0KeyActions } from './actions';
import { auth0Env, auth0Json, identifyAuth0 } from './export';
import { loginAuth0Admin, loginAuth0ApiKey } from './login';
import { auth0AdminProfile, auth0ApiKeyProfile } from './profile';

const shared = {
  provider: 'auth0',
  identify: identifyAuth0,
  exportJson: auth0Json,
  exportEnv: auth0Env,
} satisfies Omit<ProviderSessions, 'login'>;

/** An API key exchanged for a JWT by password-realm (docs/protocols/auth0.md). */
export const auth0ApiKeyProvider: ProviderDefinition = {
  profile: auth0ApiKeyProfile,
  sessions: { ...shared, login: loginAuth0ApiKey },
};

/** The Management API client that creates and manages keys; its session is the Management API token. */
export const auth0AdminProvider: ProviderDefinition = {
  profile: auth0AdminProfile,
  sessions: { ...shared, login: loginAuth0Admin },
  // API keys of the connection: `tobira apikey …`, the app's key panel and its apikeys:* channels.
  extras: { commands: ['apikey'], actions: auth0KeyActions, panels: ['apiKeys'] },
};

export { AUTH0_ADMIN_TYPE, AUTH0_APIKEY_TYPE } from './profile';
