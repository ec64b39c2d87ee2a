// CLI start-up and lookup benchmarks. Run with `npm run bench` (builds out/cli first). Writes BENCHMARKS.md.
//
// Every case is a fresh process (spawnSync), timed with hrtime around the spawn. Cases run interleaved: each round
// runs every case once, in an order rotated per round, so drift on the machine (CPU boost, page cache, another job)
// spreads over all cases instead of biasing whichever ran last. Environment: BENCH_ROUNDS (default 30).
import { spawnSync } from 'node:child_process';
import { randomUUID, scryptSync } from 'node:crypto';
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { availableParallelism, cpus, loadavg, release, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { CLI_BUNDLE_OPTIONS } from '../scripts/cli-bundle.mjs';
import { startKeychain } from './keychain.mjs';
import { cleanEnv, runChecked as runTobira, runOnce } from './processes.mjs';
import { median, percentile } from './stats.mjs';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const BUILT_CLI_DIR = join(ROOT, 'out', 'cli');
// Every case runs one snapshot of out/cli, so a rebuild during the run cannot change or remove it. The snapshot stays
// under node_modules so the bundle still resolves its external native modules (@napi-rs/keyring).
const SNAPSHOT_DIR = join(ROOT, 'node_modules', '.cache', `tobira-bench-${process.pid}`);
const CLI = join(SNAPSHOT_DIR, 'tobira.mjs');
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 30);
const WARMUP = 2;
// Other jobs on the machine add noise; the load when the bench starts is reported with the results.
const LOAD_AT_START = loadavg()[0];
const BIG_PROFILE_COUNT = 10_000;
const PASSPHRASE = 'bench-passphrase';
const SEED = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';
// The file store's KDF (electron/core/vault/file-store.ts); timed alone below so its share of `otp` is visible.
const FILE_STORE_KDF = { N: 2 ** 15, r: 8, p: 1, maxmem: 64 * 1024 * 1024 };

if (!Number.isInteger(ROUNDS) || ROUNDS < 1) {
  console.error(`BENCH_ROUNDS must be a positive integer, not "${process.env.BENCH_ROUNDS}".`);
  process.exit(1);
}
if (!existsSync(join(BUILT_CLI_DIR, 'tobira.mjs'))) {
  console.error(
    `${BUILT_CLI_DIR}/tobira.mjs is missing: run \`npm run bench\` (or \`npm run build:cli\` first).`,
  );
  process.exit(1);
}

const scratch = mkdtempSync(join(tmpdir(), 'tobira-bench-'));
cpSync(BUILT_CLI_DIR, SNAPSHOT_DIR, { recursive: true });
const cleanups = [
  () => rmSync(scratch, { recursive: true, force: true }),
  () => rmSync(SNAPSHOT_DIR, { recursive: true, force: true }),
];
const cleanup = () => {
  for (const step of cleanups.reverse()) {
    try {
      step();
    } catch {
      // best effort
    }
  }
  cleanups.length = 0;
};
process.on('SIGINT', () => {
  cleanup();
  process.exit(130);
});

try {
  await main();
} finally {
  cleanup();
}

async function main() {
  const baseEnv = cleanEnv({ HOME: join(scratch, 'home'), LANG: 'C.UTF-8' });
  mkdirSync(baseEnv.HOME);

  const fileHome = join(scratch, 'file-home');
  const fileEnv = {
    ...baseEnv,
    TOBIRA_HOME: fileHome,
    TOBIRA_SECRET_STORE: 'file',
    TOBIRA_PASSPHRASE: PASSPHRASE,
  };
  runChecked(['profile', 'add', 'gh', '--type', 'totp'], fileEnv, `${SEED}\n`);

  const bigHome = join(scratch, 'big-home');
  writeBigProfiles(bigHome, BIG_PROFILE_COUNT);
  const bigEnv = {
    ...baseEnv,
    TOBIRA_HOME: bigHome,
    TOBIRA_SECRET_STORE: 'file',
    TOBIRA_PASSPHRASE: PASSPHRASE,
  };

  const keychain = await startKeychain(scratch, baseEnv);
  let keychainEnv;
  if (keychain.env) {
    cleanups.push(keychain.stop);
    keychainEnv = { ...baseEnv, ...keychain.env, TOBIRA_HOME: join(scratch, 'keychain-home') };
    keychainEnv.TOBIRA_SECRET_STORE = 'keychain';
    runChecked(['profile', 'add', 'gh', '--type', 'totp'], keychainEnv, `${SEED}\n`);
    seedAwsSession(keychainEnv);
  }

  const otpCheck = (out) => /^\d{6}\n?$/.test(out);
  const cases = [
    {
      key: 'baseline',
      label: "`node -e ''` (baseline)",
      argv: [process.execPath, '-e', ''],
      env: baseEnv,
      check: () => true,
    },
    {
      key: 'version',
      label: '`tobira --version`',
      argv: cli('--version'),
      env: baseEnv,
      check: (out) => /^\d+\.\d+\.\d+/.test(out),
    },
    {
      key: 'list',
      label: '`tobira profile list` (1 profile)',
      argv: cli('profile', 'list'),
      env: fileEnv,
      check: (out) => out.includes('gh'),
    },
    {
      key: 'otpFile',
      label: '`tobira otp gh` (file store, scrypt)',
      argv: cli('otp', 'gh'),
      env: fileEnv,
      check: otpCheck,
    },
    ...(keychainEnv
      ? [
          {
            key: 'otpKeychain',
            label: '`tobira otp gh` (keychain, gnome-keyring)',
            argv: cli('otp', 'gh'),
            env: keychainEnv,
            check: otpCheck,
          },
        ]
      : []),
    ...(keychainEnv
      ? [
          {
            key: 'credentialProcess',
            label: '`tobira credential-process aws` (cache hit, keychain)',
            argv: cli('credential-process', 'aws'),
            env: keychainEnv,
            check: (out) => JSON.parse(out).Version === 1,
          },
        ]
      : []),
    {
      key: 'listBig',
      label: `\`tobira profile list --json\` (${BIG_PROFILE_COUNT.toLocaleString('en')} profiles)`,
      argv: cli('profile', 'list', '--json'),
      env: bigEnv,
      check: (out) => JSON.parse(out).length === BIG_PROFILE_COUNT,
    },
    {
      key: 'showBig',
      label: `\`tobira profile show bench-${BIG_PROFILE_COUNT - 1}\` (${BIG_PROFILE_COUNT.toLocaleString('en')} profiles)`,
      argv: cli('profile', 'show', `bench-${BIG_PROFILE_COUNT - 1}`),
      env: bigEnv,
      check: (out) => out.includes(`bench-${BIG_PROFILE_COUNT - 1}`),
    },
  ];

  for (const item of cases) {
    const out = runOnce(item).stdout;
    if (!item.check(out)) throw new Error(`unexpected output from ${item.label}:\n${out.slice(0, 500)}`);
  }

  const started = process.hrtime.bigint();
  const times = cases.map(() => []);
  for (let round = -WARMUP; round < ROUNDS; round++) {
    for (let k = 0; k < cases.length; k++) {
      const index = (k + Math.max(round, 0)) % cases.length;
      const t0 = process.hrtime.bigint();
      runOnce(cases[index]);
      const ms = Number(process.hrtime.bigint() - t0) / 1e6;
      if (round >= 0) times[index].push(ms);
    }
  }
  const benchSeconds = Number(process.hrtime.bigint() - started) / 1e9;

  const baseline = median(times[0]);
  const rows = cases.map((item, index) => ({
    key: item.key,
    label: item.label,
    median: median(times[index]),
    p90: percentile(times[index], 0.9),
    min: Math.min(...times[index]),
    overBaseline: index === 0 ? undefined : median(times[index]) - baseline,
  }));
  const scryptMs = median(
    Array.from({ length: 5 }, () => {
      const t0 = process.hrtime.bigint();
      scryptSync(PASSPHRASE, 'salt-salt-salt-s', 32, FILE_STORE_KDF);
      return Number(process.hrtime.bigint() - t0) / 1e6;
    }),
  );

  const fastPath = keychainEnv ? credentialProcessSteps(keychainEnv, 15) : undefined;
  const bundle = await bundleInputs();
  const profiles = [
    { title: '`tobira --version`', argv: ['--version'], env: baseEnv },
    { title: '`tobira otp gh` (file store)', argv: ['otp', 'gh'], env: fileEnv },
    {
      title: `\`tobira profile list --json\` (${BIG_PROFILE_COUNT.toLocaleString('en')} profiles)`,
      argv: ['profile', 'list', '--json'],
      env: bigEnv,
    },
  ].map((item) => ({ ...item, result: cpuProfile(item.argv, item.env, 5) }));

  const imports = await packageImportCosts(baseEnv);
  const markdown = report({
    rows,
    fastPath,
    benchSeconds,
    scryptMs,
    keychainNote: keychain.note,
    bundle,
    profiles,
    imports,
  });
  writeFileSync(join(ROOT, 'BENCHMARKS.md'), markdown + keptSections());
  console.log(markdown);
  console.log(`Wrote ${join(ROOT, 'BENCHMARKS.md')}`);
}

/**
 * What each direct dependency costs at start-up on its own: the whole package bundled alone by esbuild (as the CLI
 * bundles it), run in a fresh node, minus an empty bundle. This is roughly what lazy-loading it would save.
 */
async function packageImportCosts(env) {
  const manifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
  const native = new Set(['@napi-rs/keyring', 'smartcard', 'electron']);
  const names = Object.keys(manifest.dependencies ?? {}).filter((name) => !native.has(name));
  const dir = join(scratch, 'imports');
  const entries = [
    { name: '(empty)', source: '' },
    ...names.map((name) => ({ name, source: `import * as m from '${name}'; globalThis.__bench = m;` })),
  ];
  const files = [];
  for (const [index, entry] of entries.entries()) {
    const outfile = join(dir, `${index}.mjs`);
    await build({
      stdin: { contents: entry.source, resolveDir: ROOT, loader: 'js' },
      outfile,
      bundle: true,
      format: 'esm',
      platform: 'node',
      target: 'node20',
      banner: {
        js: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);",
      },
      legalComments: 'none',
      logLevel: 'silent',
    });
    files.push({ ...entry, outfile, bytes: readFileSync(outfile).length, times: [] });
  }
  const rounds = 25;
  for (let round = -1; round < rounds; round++) {
    for (let k = 0; k < files.length; k++) {
      const file = files[(k + Math.max(round, 0)) % files.length];
      const t0 = process.hrtime.bigint();
      runOnce({ label: `import ${file.name}`, argv: [process.execPath, file.outfile], env });
      if (round >= 0) file.times.push(Number(process.hrtime.bigint() - t0) / 1e6);
    }
  }
  const emptyMedian = median(files[0].times);
  const emptyMin = Math.min(...files[0].times);
  return {
    rounds,
    rows: files
      .slice(1)
      .map((file) => ({
        name: file.name,
        bytes: file.bytes,
        // The minimum is the least disturbed by other jobs on the machine, so it ranks the packages.
        overEmpty: Math.min(...file.times) - emptyMin,
        medianOverEmpty: median(file.times) - emptyMedian,
      }))
      .sort((a, b) => b.overEmpty - a.overEmpty),
  };
}

function cli(...args) {
  return [process.execPath, CLI, ...args];
}

function runChecked(args, env, input) {
  return runTobira(CLI, args, env, input);
}

/**
 * An aws-iam-user profile "aws" with a cached session 12 h from expiry, written straight into the keychain as the
 * credential cache does (electron/core/vault/credential-cache.ts), so `credential-process aws` is a cache hit.
 */
function seedAwsSession(env) {
  runChecked(
    ['profile', 'add', 'aws', '--type', 'aws-iam-user', '--access-key-id', 'AKIABENCHMARK0000001'],
    env,
    'benchSecretAccessKey/0123456789abcdefghijklm\n',
  );
  const { id } = JSON.parse(readFileSync(join(env.TOBIRA_HOME, 'profiles.json'), 'utf8')).profiles.find(
    (profile) => profile.name === 'aws',
  );
  const now = Date.now();
  const entry = JSON.stringify({
    version: 1,
    expiration: new Date(now + 12 * 3600_000).toISOString().replace(/\.\d{3}Z$/, 'Z'),
    obtainedAt: new Date(now).toISOString(),
    data: {
      accessKeyId: 'ASIABENCHMARK0000001',
      secretAccessKey: 'benchSessionSecret/0123456789abcdefghijklm',
      sessionToken: 'benchSessionToken',
      expiration: new Date(now + 12 * 3600_000).toISOString().replace(/\.\d{3}Z$/, 'Z'),
      partition: 'aws',
      origin: 'session-token',
    },
  });
  const script = `const { Entry } = require('@napi-rs/keyring');
new Entry('tobira', 'cache-' + process.argv[1], { linux: { store: 'secret-service' } }).setPassword(process.argv[2]);`;
  const result = spawnSync(process.execPath, ['-e', script, id, entry], { env, cwd: ROOT, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`seeding the AWS session failed: ${result.stderr}`);
}

/** profiles.json in the electron/core/vault/schema.ts shape, written directly: `profile add` ×10,000 would take minutes. */
function writeBigProfiles(home, count) {
  mkdirSync(home, { mode: 0o700 });
  const now = new Date().toISOString();
  const profiles = Array.from({ length: count }, (_, index) => ({
    id: randomUUID(),
    name: `bench-${index}`,
    type: 'totp',
    fields: { algorithm: 'SHA1', digits: 6, period: 30 },
    secrets: { seed: randomUUID() },
    createdAt: now,
    updatedAt: now,
  }));
  writeFileSync(
    join(home, 'profiles.json'),
    `${JSON.stringify({ schemaVersion: 1, secretStore: 'file', profiles }, null, 2)}\n`,
    { mode: 0o600 },
  );
}

/** The CLI bundle rebuilt in memory with esbuild's metafile, with the options of scripts/build-cli.mjs. */
async function bundleInputs() {
  const result = await build({
    ...CLI_BUNDLE_OPTIONS,
    absWorkingDir: ROOT,
    outdir: join(scratch, 'esbuild-out'),
    logLevel: 'silent',
    write: false,
    metafile: true,
  });
  const outputs = Object.entries(result.metafile.outputs).map(([path, output]) => ({
    path: path.slice(path.lastIndexOf('/') + 1),
    bytes: output.bytes,
    entry: output.entryPoint !== undefined,
    inputs: output.inputs,
  }));
  // electron/cli/main.ts is a few lines that import the CLI program lazily (so that a credential-process cache hit
  // skips it): the chunk holding electron/cli/program.ts is what every other command parses at start-up.
  const entry =
    outputs.find((output) => Object.keys(output.inputs).includes('electron/cli/program.ts')) ??
    outputs.find((output) => output.entry);
  const byPackage = new Map();
  const byFile = [];
  for (const [file, { bytesInOutput }] of Object.entries(entry.inputs)) {
    byPackage.set(groupOf(file), (byPackage.get(groupOf(file)) ?? 0) + bytesInOutput);
    byFile.push({ file, bytes: bytesInOutput });
  }
  return {
    outputs,
    entryBytes: entry.bytes,
    packages: [...byPackage].map(([name, bytes]) => ({ name, bytes })).sort((a, b) => b.bytes - a.bytes),
    files: byFile.sort((a, b) => b.bytes - a.bytes),
  };
}

/** node_modules/<pkg> (or @scope/pkg), electron/core/<area>, or the first two folders of a source path. */
function groupOf(file) {
  const parts = file.split('/');
  const nm = parts.lastIndexOf('node_modules');
  if (nm >= 0) return parts[nm + 1].startsWith('@') ? `${parts[nm + 1]}/${parts[nm + 2]}` : parts[nm + 1];
  if (parts[0] === 'electron' && parts[1] === 'core' && parts.length > 3) return `electron/core/${parts[2]}`;
  return parts.length > 2 ? `${parts[0]}/${parts[1]}` : file;
}

/**
 * Self time by bundle input, from `node --cpu-prof` runs of the built CLI. The bundle is not minified and esbuild
 * marks each input with a `// path` line, so a sampled line number maps back to the package it came from.
 */
function cpuProfile(args, env, runs) {
  const sections = bundleSections();
  const dir = join(scratch, `cpuprof-${randomUUID()}`);
  mkdirSync(dir);
  const wall = [];
  for (let run = 0; run < runs; run++) {
    const t0 = process.hrtime.bigint();
    const result = spawnSync(
      process.execPath,
      ['--cpu-prof', '--cpu-prof-dir', dir, '--cpu-prof-interval', '100', CLI, ...args],
      {
        env,
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'pipe'],
        maxBuffer: 256 * 1024 * 1024,
      },
    );
    wall.push(Number(process.hrtime.bigint() - t0) / 1e6);
    if (result.status !== 0) throw new Error(`profiling tobira ${args.join(' ')} failed: ${result.stderr}`);
  }
  const selfMs = new Map();
  let totalMs = 0;
  for (const name of readdirSync(dir)) {
    const profile = JSON.parse(readFileSync(join(dir, name), 'utf8'));
    const nodes = new Map(profile.nodes.map((node) => [node.id, node]));
    profile.samples.forEach((id, index) => {
      const ms = (profile.timeDeltas[index + 1] ?? 0) / 1000;
      const key = categoryOf(nodes.get(id).callFrame, sections);
      selfMs.set(key, (selfMs.get(key) ?? 0) + ms);
      totalMs += ms;
    });
  }
  return {
    profiledMs: totalMs / runs,
    wallMs: median(wall),
    top: [...selfMs]
      .map(([name, ms]) => ({ name, ms: ms / runs }))
      .sort((a, b) => b.ms - a.ms)
      .slice(0, 10),
  };
}

/** `// path` markers of every bundle file (entry and chunks), keyed by file URL. */
function bundleSections() {
  const byUrl = new Map();
  for (const name of readdirSync(SNAPSHOT_DIR).filter((file) => file.endsWith('.mjs'))) {
    const lines = readFileSync(join(SNAPSHOT_DIR, name), 'utf8').split('\n');
    const starts = [];
    lines.forEach((line, index) => {
      const match = /^\/\/ ((?:node_modules|electron|shared)\/\S+|package\.json)$/.exec(line);
      if (match) starts.push({ line: index, group: groupOf(match[1]) });
    });
    byUrl.set(pathToFileURL(join(SNAPSHOT_DIR, name)).href, starts);
  }
  return byUrl;
}

function categoryOf(frame, sections) {
  if (!frame.url) {
    if (frame.functionName === '(garbage collector)') return 'V8: garbage collector';
    if (frame.functionName === '(program)') return 'V8: (program) — parse/compile, native';
    if (frame.functionName === '(idle)')
      return 'main thread idle (async I/O, thread-pool work such as scrypt)';
    return `native: ${frame.functionName || '(anonymous)'}`;
  }
  if (frame.url.startsWith('node:')) {
    if (frame.functionName === 'compileSourceTextModule')
      return 'V8: compiling the ESM bundle (compileSourceTextModule)';
    if (frame.functionName === 'compileForInternalLoader') return 'Node: loading its own built-in modules';
    return 'Node: other internals (node:*)';
  }
  const fileSections = sections.get(frame.url);
  if (!fileSections) return frame.url.replace(/^file:\/\//, '').replace(ROOT, '');
  let group = 'esbuild runtime helpers (__commonJS/__toESM wrappers)';
  for (const section of fileSections) {
    if (section.line > frame.lineNumber) break;
    group = section.group;
  }
  return `bundle: ${group}`;
}

/**
 * Where a credential-process cache hit spends its time, from the CLI's own step timer (TOBIRA_TIMINGS=1, see
 * electron/core/timings.ts), medians of `runs` fresh processes.
 */
function credentialProcessSteps(env, runs) {
  const samples = [];
  for (let run = 0; run < runs; run++) {
    const t0 = process.hrtime.bigint();
    const result = runOnce({
      label: 'credential-process (timed)',
      argv: cli('credential-process', 'aws'),
      env: { ...env, TOBIRA_TIMINGS: '1' },
    });
    const wall = Number(process.hrtime.bigint() - t0) / 1e6;
    const line = /Tobira timings: (.*)/.exec(result.stderr)?.[1] ?? '';
    const steps = Object.fromEntries(
      [...line.matchAll(/([\w.]+)=([\d.]+)ms/g)].map((match) => [match[1], Number(match[2])]),
    );
    samples.push({ wall, ...steps });
  }
  const at = (key) => median(samples.map((sample) => sample[key] ?? NaN));
  const other = median(
    samples.map((s) => s.exit - s['start.main'] - (s['keychain.load'] ?? 0) - (s['keychain.get'] ?? 0)),
  );
  return {
    runs,
    wall: at('wall'),
    start: at('start.main'),
    load: at('keychain.load'),
    get: at('keychain.get'),
    other,
    teardown: median(samples.map((s) => s.wall - s.exit)),
    // Node 22.1+ caches compiled code on disk (module.enableCompileCache); Node 20 has no such API.
    compileCache: typeof createRequire(import.meta.url)('node:module').enableCompileCache === 'function',
  };
}

function report({ rows, fastPath, benchSeconds, scryptMs, keychainNote, bundle, profiles, imports }) {
  const ms = (value) => value.toFixed(1);
  const kb = (bytes) => `${(bytes / 1024).toFixed(1)} KiB`;
  const osName =
    /PRETTY_NAME="([^"]+)"/.exec(readFileIfExists('/etc/os-release'))?.[1] ?? `Linux ${release()}`;
  const lines = [
    '# Tobira benchmarks',
    '',
    `Date: ${new Date().toISOString()}. Machine: ${osName}, ${availableParallelism()} CPUs (nproc; ${cpus()[0]?.model.trim() ?? 'unknown CPU'}), ${(totalmem() / 2 ** 30).toFixed(0)} GiB RAM, Node ${process.version}, 1-minute load average at start ${LOAD_AT_START.toFixed(2)}.`,
    '',
    '## Method',
    '',
    `Each command is a fresh process started with \`child_process.spawnSync\` and timed with \`process.hrtime.bigint()\` around the spawn (wall time, including Node start-up). ${WARMUP} warm-up rounds, then ${ROUNDS} measured rounds; each round runs every command once, in an order rotated every round (interleaved), so drift on the machine is shared by all commands. p90 is nearest-rank. Measured part took ${benchSeconds.toFixed(0)} s.`,
    '',
    `* Every command ran against a temporary \`TOBIRA_HOME\`. The file store used \`TOBIRA_SECRET_STORE=file\` and \`TOBIRA_PASSPHRASE\`. Its key derivation is scrypt N=2^15, r=8, p=1, which takes **${ms(scryptMs)} ms** alone in this process. Every \`otp\` with the file store pays it once.`,
    `* Keychain: ${keychainNote}.`,
    `* The ${BIG_PROFILE_COUNT.toLocaleString('en')}-profile \`profiles.json\` is generated directly in the schema of \`electron/core/vault/schema.ts\`. Each profile is a \`totp\` profile with fields \`{algorithm:'SHA1',digits:6,period:30}\`.`,
    '',
    '## Results (ms)',
    '',
    '| command | median | p90 | min | median − node baseline |',
    '|---|---:|---:|---:|---:|',
    ...rows.map(
      (row) =>
        `| ${row.label} | ${ms(row.median)} | ${ms(row.p90)} | ${ms(row.min)} | ${row.overBaseline === undefined ? '—' : ms(row.overBaseline)} |`,
    ),
    '',
    '## Summary',
    '',
    ...summary(rows, scryptMs, imports, bundle),
    '',
    ...(fastPath ? fastPathSection(fastPath) : []),
    '## Where start-up time goes',
    '',
    `### Bundle contents (esbuild metafile, same options as \`scripts/build-cli.mjs\`)`,
    '',
    `Outputs: ${bundle.outputs.map((output) => `\`${output.path}\` ${kb(output.bytes)}${output.entry ? ' (entry)' : ''}`).join(', ')}.`,
    `\`electron/cli/main.ts\` loads the CLI program lazily; the chunk with \`electron/cli/program.ts\` (below: "entry") is parsed by every command except a \`credential-process\` cache hit. Its largest inputs, grouped by package:`,
    '',
    '| package / area | bytes in entry | share |',
    '|---|---:|---:|',
    ...bundle.packages
      .slice(0, 12)
      .map(
        (item) =>
          `| ${item.name} | ${kb(item.bytes)} | ${((100 * item.bytes) / bundle.entryBytes).toFixed(1)} % |`,
      ),
    '',
    'Largest single input files:',
    '',
    '| file | bytes in entry |',
    '|---|---:|',
    ...bundle.files.slice(0, 10).map((item) => `| \`${item.file}\` | ${kb(item.bytes)} |`),
    '',
    `### Direct dependencies imported alone (${imports.rounds} interleaved runs each)`,
    '',
    'Each direct dependency is bundled alone by esbuild (the whole package, `import * as m`) and run in a fresh `node`. The cost is measured against an empty bundle. This approximates what lazy-loading that package would save on every start-up. The CLI bundle may tree-shake part of a package, so this is an upper bound. Differences of a few ms are within run-to-run noise (negative values mean no measurable cost).',
    '',
    '| package | bundle size | min − min(empty) ms | median − median(empty) ms |',
    '|---|---:|---:|---:|',
    ...imports.rows.map(
      (row) => `| ${row.name} | ${kb(row.bytes)} | ${ms(row.overEmpty)} | ${ms(row.medianOverEmpty)} |`,
    ),
    '',
    '### CPU profile (`node --cpu-prof`, 100 µs sampling, mean of 5 runs)',
    '',
    'Self time is attributed to the bundle input that a sampled line comes from. The bundle is not minified and marks each input with a `// path` comment, so this mapping is possible. "(program)" is mostly V8 parsing and compiling the bundle.',
    '',
    ...profiles.flatMap((item) => [
      `**${item.title}**: ${ms(item.result.wallMs)} ms wall (median, profiler on), ${ms(item.result.profiledMs)} ms sampled.`,
      '',
      '| where | self ms |',
      '|---|---:|',
      ...item.result.top.map((entry) => `| ${entry.name} | ${ms(entry.ms)} |`),
      '',
    ]),
    '## Re-run',
    '',
    '```sh',
    'npm run bench                 # builds out/cli, runs bench/run.mjs, rewrites BENCHMARKS.md',
    'BENCH_ROUNDS=10 node bench/run.mjs   # quicker, with the CLI already built',
    '```',
    '',
  ];
  return lines.join('\n');
}

function fastPathSection(fast) {
  const ms = (value) => value.toFixed(1);
  return [
    '## credential-process cache hit, step by step',
    '',
    `From the CLI's own timer (\`TOBIRA_TIMINGS=1\`), medians of ${fast.runs} runs after the measured rounds (wall ${ms(fast.wall)} ms here).`,
    '',
    '| step | ms |',
    '|---|---:|',
    `| Node start-up + the 4 KiB entry file (to its first line) | ${ms(fast.start)} |`,
    `| loading @napi-rs/keyring (require, native addon) | ${ms(fast.load)} |`,
    `| the keychain read: one Secret Service session (D-Bus connect, OpenSession with DH, SearchItems, GetSecrets) | ${ms(fast.get)} |`,
    `| the rest: profiles.json, argv, the JSON answer | ${ms(fast.other)} |`,
    `| process exit, plus spawning and reaping it (wall − the timer's last mark) | ${ms(fast.teardown)} |`,
    '',
    `The fast path is bundled into the entry file (no chunk to import), loads the keyring addon with require() (import() of a CommonJS package runs Node's CommonJS export lexer first, ~10 ms) and reads the secret synchronously (no addon thread pool). The one keychain round trip is the minimum; about half of it is the Secret Service's Diffie-Hellman session set-up (client and daemon), which the library does not let us skip. Compile cache (\`module.enableCompileCache\`): ${fast.compileCache ? 'available' : `not available in Node ${process.version} (Node 22.1+), so not used`}.`,
    '',
  ];
}

function summary(rows, scryptMs, imports, bundle) {
  const at = (key) => rows.find((row) => row.key === key)?.median;
  const minOf = (key) => rows.find((row) => row.key === key)?.min;
  const ms = (value) => `${value.toFixed(0)} ms`;
  const lines = [
    `* Floor for every command: \`tobira --version\` takes ${ms(at('version'))}, which is ${ms(at('version') - at('baseline'))} more than a bare \`node\`. That extra time is loading and evaluating the ${(bundle.entryBytes / 1024).toFixed(0)} KiB CLI program chunk.`,
    `* \`otp\` with the file store takes ${ms(at('otpFile'))}. Of that, about ${ms(scryptMs)} is the scrypt key derivation.`,
  ];
  if (at('otpKeychain') !== undefined) {
    lines.push(`* \`otp\` with the Secret Service keychain takes ${ms(at('otpKeychain'))}.`);
  }
  if (at('credentialProcess') !== undefined) {
    const ratio = at('credentialProcess') / at('baseline');
    lines.push(
      `* \`tobira credential-process NAME\` on a cache hit (keychain) takes ${ms(at('credentialProcess'))}, ${ratio.toFixed(2)}× a bare \`node -e ''\` (target ≤ 1.5×: ${ratio <= 1.5 ? 'met' : 'NOT met'}). It is answered by a small fast path (electron/core/providers/aws/fast-path.ts, bundled into the entry file) before commander, zod, the message catalogs or the AWS SDK load; a miss, an expiring session or the file store fall through to the full CLI. Minimums: ${(minOf('credentialProcess') / minOf('baseline')).toFixed(2)}× (${ms(minOf('credentialProcess'))} vs ${ms(minOf('baseline'))}).`,
    );
  }
  lines.push(
    `* With ${BIG_PROFILE_COUNT.toLocaleString('en')} profiles, \`profile list --json\` takes ${ms(at('listBig'))} and \`profile show\` takes ${ms(at('showBig'))}. With 1 profile, \`profile list\` takes ${ms(at('list'))}. The extra time is reading, validating and printing profiles.json; see the last CPU profile.`,
    `* Direct dependencies that cost at least 2 ms to load alone: ${
      imports.rows
        .filter((row) => row.overEmpty >= 2)
        .map((row) => `${row.name} (~${ms(row.overEmpty)})`)
        .join(', ') || 'none'
    }. Largest shares of the entry bundle: ${bundle.packages
      .slice(0, 3)
      .map((item) => `${item.name} (${((100 * item.bytes) / bundle.entryBytes).toFixed(0)} %)`)
      .join(', ')}.`,
  );
  return lines;
}

function readFileIfExists(path) {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return '';
  }
}

/**
 * Sections other benchmark scripts (bench/<area>.mjs) own in BENCHMARKS.md, between `<!-- section:NAME -->` and
 * `<!-- /section:NAME -->`; this script rewrites the rest of the file and keeps those as they are.
 */
function keptSections() {
  let current;
  try {
    current = readFileSync(join(ROOT, 'BENCHMARKS.md'), 'utf8');
  } catch {
    return '';
  }
  const blocks = current.match(/<!-- section:([\w-]+) -->[\s\S]*?<!-- \/section:\1 -->/g) ?? [];
  return blocks.map((block) => `\n${block}\n`).join('');
}
