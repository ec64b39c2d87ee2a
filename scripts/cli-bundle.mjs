// The esbuild options of the `tobira` bundle, shared by scripts/build-cli.mjs and bench/run.mjs (which rebuilds it
// in memory with a metafile to report what start-up loads).
export const CLI_BUNDLE_OPTIONS = {
  entryPoints: { tobira: 'electron/cli/main.ts' },
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
};
