import type { MessageKey } from '../../../../shared/i18n';
import type { SimStatusView } from '../../../../shared/ipc';
import { isTobiraError } from '../../errors';
import { simStatus } from '../../sim';
import type { ProviderActions } from '../types';

/** The PC/SC readers and the USIM in each, as the app's SIM page shows them (`tobira sim status` in the CLI). */
async function simStatusView(): Promise<SimStatusView> {
  try {
    const entries = await simStatus();
    return {
      available: true,
      error: null,
      readers: entries.map((entry) => ({
        name: entry.name,
        cardPresent: entry.cardPresent,
        imsi: entry.imsi ?? null,
        error: entry.error ? { key: entry.error.key, params: { ...entry.error.params } } : null,
      })),
    };
  } catch (error) {
    const message = isTobiraError(error)
      ? { key: error.key, params: { ...error.params } }
      : { key: 'error.internal' as MessageKey, params: { detail: 'PC/SC' } };
    return { available: false, error: message, readers: [] };
  }
}

export const kryptonActions: ProviderActions = {
  'sim:status': () => simStatusView(),
};
