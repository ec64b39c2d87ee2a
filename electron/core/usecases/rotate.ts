import { rotateAccessKey, type RotateResult } from '../providers/aws/rotate';
import type { SessionManager } from '../providers/session';

/**
 * `tobira rotate NAME` and the app's "Rotate key": the provider does the IAM work, the session manager gives it the
 * MFA session and forgets the sessions made with the old key.
 */
export async function rotateKey(
  manager: SessionManager,
  name: string,
  options: { mfaCode?: string } = {},
): Promise<RotateResult> {
  const { services } = manager;
  const profile = services.vault.get(name);
  return rotateAccessKey(
    {
      services,
      dropSessions: async (names) => {
        for (const each of names) await manager.cache.clear(services.vault.get(each));
      },
    },
    profile,
    options,
  );
}

export type { RotateResult } from '../providers/aws/rotate';
