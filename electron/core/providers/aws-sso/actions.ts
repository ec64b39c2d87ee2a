import type { ProviderActions } from '../types';
import { applySync, planSync } from './sync';

/** The app's sync panel on an aws-sso-session: the same plan and write as `tobira sso sync`. */
export const ssoActions: ProviderActions = {
  'sso:sync': async (services, { name, dryRun, prefix }) => {
    const options = prefix ? { prefix } : {};
    const items = await planSync(services, name, options);
    if (!dryRun) await applySync(services.vault, name, items, options);
    return { items };
  },
};
