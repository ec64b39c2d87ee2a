// Bundles the `tobira` command into out/cli with esbuild: one small entry file, heavy or rarely used modules in
// chunks loaded by dynamic import() only by the commands that need them (start-up time is measured in bench/).
// Then writes out/cli/completion-spec.json, the completion table read off the commander program, which
// `tobira __complete` answers from without loading the CLI.
import { build } from 'esbuild';
import { execFileSync } from 'node:child_process';
import { chmodSync, rmSync, writeFileSync } from 'node:fs';
import { CLI_BUNDLE_OPTIONS } from './cli-bundle.mjs';

const outdir = 'out/cli';
rmSync(outdir, { recursive: true, force: true });
await build({ ...CLI_BUNDLE_OPTIONS, outdir, logLevel: 'warning' });
chmodSync(`${outdir}/tobira.mjs`, 0o755);
const spec = execFileSync(process.execPath, [`${outdir}/tobira.mjs`, '__complete-spec'], {
  encoding: 'utf8',
});
writeFileSync(`${outdir}/completion-spec.json`, spec);
