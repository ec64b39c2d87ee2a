import { realpathSync } from 'node:fs';
import { runCli } from './program';

const code = await runCli(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  stdin: process.stdin,
  env: process.env,
  selfPath: realpathSync(process.argv[1] ?? '.'),
});
process.exitCode = code;
