import { readFileSync } from 'node:fs';
import { complete, completionText } from './complete';
import type { CompletionSpec } from './types';

/**
 * `tobira __complete WORD... :CURRENT`, answered in the entry file: the table comes from completion-spec.json, which
 * scripts/build-cli.mjs writes next to the bundle from the commander program; without it (a source checkout that was
 * not built) the program is loaded and the table built on the spot.
 */
export async function answerCompletion(
  args: readonly string[],
  env: Readonly<Record<string, string | undefined>>,
  specUrl: URL,
): Promise<string> {
  const last = args.at(-1);
  const words = last?.startsWith(':') ? [...args.slice(0, -1), last.slice(1)] : [...args, ''];
  let spec: CompletionSpec;
  try {
    spec = JSON.parse(readFileSync(specUrl, 'utf8')) as CompletionSpec;
  } catch {
    const { liveCompletionSpec } = await import('./live');
    spec = liveCompletionSpec();
  }
  return completionText(complete(words, spec, env));
}
