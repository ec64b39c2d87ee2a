import { agentAnswer } from '../providers/aws/agent-fast-path';
import { fastTarget, keychainAnswer } from '../providers/aws/fast-path';

/**
 * A `credential-process NAME` cache hit and where it came from, or undefined for the full CLI: profiles.json is read
 * once, then the keychain store answers from the OS keychain and the file store from a running `tobira agent`.
 */
export async function credentialProcessFast(
  argv: readonly string[],
  env: Readonly<Record<string, string | undefined>>,
): Promise<{ answer: string; source: string } | undefined> {
  try {
    const target = fastTarget(argv, env);
    if (target?.store === 'keychain') {
      const answer = keychainAnswer(target, Date.now());
      return answer === undefined ? undefined : { answer, source: 'the keychain cache' };
    }
    if (target?.store === 'file') {
      const answer = await agentAnswer(target);
      return answer === undefined ? undefined : { answer, source: 'tobira agent' };
    }
  } catch {
    // any surprise: the full CLI handles the request, errors and all
  }
  return undefined;
}
