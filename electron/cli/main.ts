import { realpathSync } from 'node:fs';
import { credentialProcessFast, markStep, timingSummary } from '../core/fastpath';
import { answerCompletion } from './completion/fast';

markStep('start.main'); // Node's own start-up and loading this entry file
const argv = process.argv.slice(2);
if (process.env.TOBIRA_TIMINGS === '1') {
  // Step names and durations only (electron/core/timings.ts), for the benchmarks.
  process.once('exit', () => {
    markStep('exit');
    process.stderr.write(`Tobira timings: ${timingSummary()}\n`);
  });
}
// A shell asks for completions on every TAB: `__complete` answers from the completion table and profiles.json
// without loading the CLI; `__complete-spec` prints that table (scripts/build-cli.mjs writes it next to this file).
const completing = argv[0] === '__complete' || argv[0] === '__complete-spec';
if (argv[0] === '__complete') {
  process.stdout.write(
    await answerCompletion(argv.slice(1), process.env, new URL('./completion-spec.json', import.meta.url)),
  );
} else if (argv[0] === '__complete-spec') {
  const { liveCompletionSpec } = await import('./completion/live');
  process.stdout.write(`${JSON.stringify(liveCompletionSpec())}\n`);
}
// AWS tools run `credential-process NAME` for every process they start: a cache hit is answered here, from a few
// KiB of code bundled into this entry file, before the CLI (commander, zod, message catalogs) is loaded: from the
// keychain, or for the encrypted-file store from a running `tobira agent`; anything else falls through to the full
// CLI.
const cached = completing
  ? undefined
  : argv.includes('credential-process')
    ? await credentialProcessFast(argv, process.env)
    : undefined;
if (cached !== undefined) {
  if (process.env.TOBIRA_DEBUG === '1') {
    process.stderr.write(
      `tobira debug [cache] credential-process answered from ${cached.source} (fast path)\n`,
    );
  }
  process.stdout.write(`${cached.answer}\n`);
} else if (!completing) {
  const { runCli } = await import('./program');
  markStep('start.program'); // ... plus loading the CLI (commander, zod, catalogs)
  const code = await runCli(argv, {
    stdout: process.stdout,
    stderr: process.stderr,
    stdin: process.stdin,
    env: process.env,
    selfPath: realpathSync(process.argv[1] ?? '.'),
  });
  process.exitCode = code;
}
