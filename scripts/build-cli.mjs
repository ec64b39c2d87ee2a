// Bundles the `tobira` command into out/cli with esbuild: one small entry file, heavy or rarely used modules in
// chunks loaded by dynamic import() only by the commands that need them (start-up time is measured in bench/).
import { build } from 'esbuild';
import { chmodSync, rmSync } from 'node:fs';

const outdir = 'out/cli';
rmSync(outdir, { recursive: true, force: true });
await build({
  entryPoints: { tobira: 'electron/cli/main.ts' },
  outdir,
  outExtension: { '.js': '.mjs' },
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  // Native addons stay in node_modules, loaded where they are used.
  external: ['@napi-rs/keyring', 'smartcard', 'electron'],
  banner: {
    js: "#!/usr/bin/env node\nimport { createRequire as __tobiraCreateRequire } from 'node:module';\nconst require = __tobiraCreateRequire(import.meta.url);",
  },
  legalComments: 'none',
  sourcemap: false,
  logLevel: 'warning',
});
chmodSync(`${outdir}/tobira.mjs`, 0o755);
