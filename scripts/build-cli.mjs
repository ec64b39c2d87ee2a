// Bundles the `tobira` command into out/cli with esbuild: one small entry file, heavy or rarely used modules in
// chunks loaded by dynamic import() only by the commands that need them (start-up time is measured in bench/).
import { build } from 'esbuild';
import { chmodSync, rmSync } from 'node:fs';
import { CLI_BUNDLE_OPTIONS } from './cli-bundle.mjs';

const outdir = 'out/cli';
rmSync(outdir, { recursive: true, force: true });
await build({ ...CLI_BUNDLE_OPTIONS, outdir, logLevel: 'warning' });
chmodSync(`${outdir}/tobira.mjs`, 0o755);
