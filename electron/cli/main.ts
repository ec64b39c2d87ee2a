import { realpathSync } from 'node:fs';
import { credentialProcessFast, markStep, timingSummary } from '../core/fastpath';

markStep('start.main'); // Node's own start-up and loading this entry file
const argv = process.argv.slice(2);
if (process.env.TOBIRA_TIMINGS === '1') {
  // Step names and durations only (electron/core/timings.ts), for the benchmarks.
  process.once('exit', () => {
    markStep('exit');
    process.stderr.write(`Tobira timings: ${timingSummary()}\n`);
  });
}
// AWS tools run `credential-process NAME` for every process they start: a cache hit is answered here, from a few
// KiB of code bundled into this entry file, before the CLI (commander, zod, message catalogs) is loaded: from the
// keychain, or for the encrypted-file store from a running `tobira agent`; anything else falls through to the full
// CLI.
const cached = argv.includes('credential-process')
  ? await credentialProcessFast(argv, process.env)
  : undefined;
if (cached !== undefined) {
  if (process.env.TOBIRA_DEBUG === '1') {
    process.stderr.write(
      `tobira debug [cache] credential-process answered from ${cached.source} (fast path)\n`,
    );
  }
  process.stdout.write(`${cached.answer}\n`);
} else {
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
