import { realpathSync } from 'node:fs';

const argv = process.argv.slice(2);
// AWS tools run `credential-process NAME` for every process they start: a cache hit is answered before the CLI
// (commander, zod, message catalogs) is loaded; anything else falls through to the full CLI.
const cached = argv.includes('credential-process')
  ? await (await import('../core/fastpath')).credentialProcessFromCache(argv, process.env)
  : undefined;
if (cached !== undefined) {
  process.stdout.write(`${cached}\n`);
} else {
  const { runCli } = await import('./program');
  const code = await runCli(argv, {
    stdout: process.stdout,
    stderr: process.stderr,
    stdin: process.stdin,
    env: process.env,
    selfPath: realpathSync(process.argv[1] ?? '.'),
  });
  process.exitCode = code;
}
