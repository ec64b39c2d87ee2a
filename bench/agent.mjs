// `credential-process` and `aws sts get-caller-identity` side by side in one run: keychain, the encrypted-file store
// with `tobira agent` running, and the file store without it, against a bare `node -e ''`. Run with `npm run bench`
// (after bench/run.mjs) or `node bench/agent.mjs` with out/cli built. Writes the `agent` section of BENCHMARKS.md.
//
// STS is the project's fake (test/fakes/aws.ts, bundled here with esbuild): real SigV4 checks, on loopback, so the
// aws figures are the AWS CLI's own cost plus credential_process, without the network. Cases run interleaved as in
// bench/run.mjs. Environment: BENCH_ROUNDS (default 20).
import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { startKeychain } from './keychain.mjs';
import { cleanEnv, runChecked as runTobira, runOnce } from './processes.mjs';
import { writeBenchmarkSection } from './section.mjs';
import { median, percentile } from './stats.mjs';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const BUILT_CLI_DIR = join(ROOT, 'out', 'cli');
const SNAPSHOT_DIR = join(ROOT, 'node_modules', '.cache', `tobira-bench-agent-${process.pid}`);
const CLI = join(SNAPSHOT_DIR, 'tobira.mjs');
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 20);
const WARMUP = 2;
const LOAD_AT_START = loadavg()[0];
const PASSPHRASE = 'bench-passphrase';
const AWS = existsSync('/usr/bin/aws') ? '/usr/bin/aws' : 'aws'; // a pyenv aws v1 may come first on PATH
const USER = {
  userName: 'bench',
  accountId: '123456789012',
  accessKeyId: 'AKIABENCHMARK0000001',
  secretAccessKey: 'benchSecretAccessKey/0123456789abcdefghijklm',
};

if (!existsSync(join(BUILT_CLI_DIR, 'tobira.mjs'))) {
  console.error(`${BUILT_CLI_DIR}/tobira.mjs is missing: run \`npm run build:cli\` first.`);
  process.exit(1);
}
const scratch = mkdtempSync(join(tmpdir(), 'tobira-bench-agent-'));
cpSync(BUILT_CLI_DIR, SNAPSHOT_DIR, { recursive: true });
const cleanups = [
  () => rmSync(scratch, { recursive: true, force: true }),
  () => rmSync(SNAPSHOT_DIR, { recursive: true, force: true }),
];
try {
  await main();
} finally {
  for (const step of cleanups.reverse()) {
    try {
      await step();
    } catch {
      // best effort
    }
  }
}

async function main() {
  const log = (m) => process.env.BENCH_DEBUG && console.error(`[bench] ${m}`);
  const fakePath = join(scratch, 'fake-aws.mjs');
  await build({
    entryPoints: [join(ROOT, 'test', 'fakes', 'aws.ts')],
    outfile: fakePath,
    bundle: true,
    format: 'esm',
    platform: 'node',
    packages: 'external',
    absWorkingDir: ROOT,
    logLevel: 'silent',
  });
  // The fake runs in its own process: every case below is a spawnSync, which blocks this one. Its packages (otplib)
  // resolve from the project, hence the copy under node_modules.
  const fakeCopy = join(SNAPSHOT_DIR, 'fake-aws.mjs');
  cpSync(fakePath, fakeCopy);
  const runner = join(SNAPSHOT_DIR, 'fake-aws-run.mjs');
  writeFileSync(
    runner,
    `import { startFakeAws } from ${JSON.stringify(pathToFileURL(fakeCopy).href)};
const fake = await startFakeAws({ users: [${JSON.stringify(USER)}] });
process.stdout.write(fake.origin + '\\n');
process.on('SIGTERM', () => fake.close().then(() => process.exit(0)));\n`,
  );
  const fakeProcess = spawn(process.execPath, [runner], { stdio: ['ignore', 'pipe', 'inherit'] });
  cleanups.push(() => fakeProcess.kill('SIGTERM'));
  const fake = {
    origin: await new Promise((resolve, reject) => {
      let text = '';
      fakeProcess.stdout.setEncoding('utf8').on('data', (chunk) => {
        text += chunk;
        if (text.includes('\n')) resolve(text.trim());
      });
      fakeProcess.once('exit', (code) => reject(new Error(`the fake AWS exited with ${code}`)));
    }),
  };

  const baseEnv = cleanEnv({ HOME: join(scratch, 'home'), LANG: 'C.UTF-8' }, ['TOBIRA_', 'AWS_']);
  mkdirSync(baseEnv.HOME);
  const sts = { TOBIRA_ENDPOINT_AWS_STS: fake.origin };

  const fileHome = join(scratch, 'file-home');
  const fileEnv = { ...baseEnv, ...sts, TOBIRA_HOME: fileHome, TOBIRA_SECRET_STORE: 'file' };
  addAwsProfile({ ...fileEnv, TOBIRA_PASSPHRASE: PASSPHRASE });
  // The agent's home (same store, same cache) and one without an agent, each with its session in the cache.
  const noAgentHome = join(scratch, 'file-home-no-agent');
  const noAgentEnv = { ...fileEnv, TOBIRA_HOME: noAgentHome, TOBIRA_PASSPHRASE: PASSPHRASE };
  addAwsProfile(noAgentEnv);
  runChecked(['credential-process', 'aws'], { ...fileEnv, TOBIRA_PASSPHRASE: PASSPHRASE });
  runChecked(['credential-process', 'aws'], noAgentEnv);

  log('const agent = spawn(');
  const agent = spawn(process.execPath, [CLI, 'agent'], {
    env: { ...fileEnv, TOBIRA_PASSPHRASE: PASSPHRASE },
    stdio: ['ignore', 'ignore', 'pipe'],
    detached: true,
  });
  cleanups.push(() => agent.kill('SIGTERM'));
  await new Promise((resolve, reject) => {
    let text = '';
    const timer = setTimeout(() => reject(new Error(`tobira agent did not start: ${text}`)), 20_000);
    agent.stderr.on('data', (chunk) => {
      text += chunk;
      if (text.includes('Tobira agent serving')) {
        clearTimeout(timer);
        resolve();
      }
    });
  });
  const agentEnv = { ...fileEnv }; // no TOBIRA_PASSPHRASE

  log('const keychain = await startKe');
  const keychain = await startKeychain(scratch, baseEnv);
  let keychainEnv;
  if (keychain.env) {
    cleanups.push(keychain.stop);
    keychainEnv = {
      ...baseEnv,
      ...keychain.env,
      ...sts,
      TOBIRA_HOME: join(scratch, 'keychain-home'),
      TOBIRA_SECRET_STORE: 'keychain',
    };
    addAwsProfile(keychainEnv);
    runChecked(['credential-process', 'aws'], keychainEnv);
  }

  const json = (out) => JSON.parse(out).Version === 1;
  const identity = (out) => out.includes(USER.accountId);
  const cp = (key, label, env) => ({
    key,
    label,
    argv: [process.execPath, CLI, 'credential-process', 'aws'],
    env,
    check: json,
  });
  const viaAws = (key, label, env, home) => ({
    key,
    label,
    argv: [
      AWS,
      'sts',
      'get-caller-identity',
      '--profile',
      'bench',
      '--endpoint-url',
      fake.origin,
      '--output',
      'json',
    ],
    env: { ...env, ...awsConfig(key, home, env) },
    check: identity,
  });
  const cases = [
    {
      key: 'baseline',
      label: "`node -e ''` (baseline)",
      argv: [process.execPath, '-e', ''],
      env: baseEnv,
      check: () => true,
    },
    ...(keychainEnv ? [cp('cpKeychain', 'credential-process, keychain', keychainEnv)] : []),
    cp('cpAgent', 'credential-process, file store + `tobira agent`', agentEnv),
    cp('cpFile', 'credential-process, file store, no agent (TOBIRA_PASSPHRASE)', noAgentEnv),
    {
      key: 'awsStatic',
      label: '`aws sts get-caller-identity`, static keys in the environment (baseline)',
      argv: [AWS, 'sts', 'get-caller-identity', '--endpoint-url', fake.origin, '--output', 'json'],
      env: {
        ...baseEnv,
        AWS_ACCESS_KEY_ID: USER.accessKeyId,
        AWS_SECRET_ACCESS_KEY: USER.secretAccessKey,
        AWS_REGION: 'us-east-1',
        AWS_EC2_METADATA_DISABLED: 'true',
        AWS_CONFIG_FILE: join(scratch, 'none'),
        AWS_SHARED_CREDENTIALS_FILE: join(scratch, 'none'),
      },
      check: identity,
    },
    ...(keychainEnv
      ? [viaAws('awsKeychain', '`aws sts get-caller-identity` via credential_process, keychain', keychainEnv)]
      : []),
    viaAws('awsAgent', '`aws sts get-caller-identity` via credential_process, file store + agent', agentEnv),
    viaAws(
      'awsFile',
      '`aws sts get-caller-identity` via credential_process, file store, no agent',
      noAgentEnv,
    ),
  ];
  log('for (const item of cases) {');
  for (const item of cases) {
    const out = runOnce(item).stdout;
    if (!item.check(out)) throw new Error(`unexpected output from ${item.label}:\n${out.slice(0, 500)}`);
  }
  log('const times = cases.map');
  const times = cases.map(() => []);
  for (let round = -WARMUP; round < ROUNDS; round++) {
    for (let k = 0; k < cases.length; k++) {
      const index = (k + Math.max(round, 0)) % cases.length;
      const t0 = process.hrtime.bigint();
      runOnce(cases[index]);
      if (round >= 0) times[index].push(Number(process.hrtime.bigint() - t0) / 1e6);
    }
  }
  const rows = cases.map((item, index) => ({
    ...item,
    median: median(times[index]),
    p90: percentile(times[index], 0.9),
    min: Math.min(...times[index]),
  }));
  // The agent round trip inside the fast path (TOBIRA_TIMINGS=1, electron/core/timings.ts), median of 15 runs.
  const roundTrips = Array.from({ length: 15 }, () => {
    const { stderr } = runOnce({
      ...cases.find((item) => item.key === 'cpAgent'),
      env: { ...agentEnv, TOBIRA_TIMINGS: '1' },
    });
    return Number(/agent\.cache-get=([\d.]+)ms/.exec(stderr)?.[1] ?? NaN);
  });
  const markdown = report(rows, keychain.note, median(roundTrips));
  writeBenchmarkSection('agent', markdown);
  console.log(markdown);
}

/** ~/.aws/config with profile `bench` whose credential_process is tobira for this case's data folder. */
function awsConfig(key, _home, env) {
  const dir = join(scratch, `aws-${key}`);
  mkdirSync(dir, { recursive: true });
  const config = join(dir, 'config');
  writeFileSync(
    config,
    `[profile bench]\nregion = us-east-1\ncredential_process = ${process.execPath} ${CLI} --home ${env.TOBIRA_HOME} credential-process aws\n`,
  );
  return {
    AWS_CONFIG_FILE: config,
    AWS_SHARED_CREDENTIALS_FILE: join(dir, 'credentials'),
    AWS_EC2_METADATA_DISABLED: 'true',
  };
}

function addAwsProfile(env) {
  runChecked(
    ['profile', 'add', 'aws', '--type', 'aws-iam-user', '--access-key-id', USER.accessKeyId],
    env,
    `${USER.secretAccessKey}\n`,
  );
}

function report(rows, keychainNote, roundTrip) {
  const ms = (value) => value.toFixed(1);
  const at = (key) => rows.find((row) => row.key === key);
  const base = at('baseline').median;
  const awsBase = at('awsStatic').median;
  const ratio = (key, over) => (at(key) ? `${(at(key).median / over).toFixed(2)}×` : '—');
  const goal = (key) => {
    const row = at(key);
    if (!row) return 'not measured';
    const value = row.median / base;
    return `${value.toFixed(2)}× (goal ≤ 1.5×: ${value <= 1.5 ? 'met' : 'NOT met'})`;
  };
  return [
    '## tobira agent: credential_process side by side',
    '',
    `Date: ${new Date().toISOString()}. ${availableParallelism()} CPUs, Node ${process.version}, 1-minute load average at start ${LOAD_AT_START.toFixed(2)}${LOAD_AT_START > availableParallelism() * 0.5 ? ' — the machine was busy with other jobs, so absolute figures are high; the ratios, from interleaved rounds, are what to compare' : ''}. ${WARMUP} warm-up and ${ROUNDS} measured interleaved rounds of fresh processes (\`bench/agent.mjs\`). The profile is an \`aws-iam-user\` whose session is in the cache (a cache hit); STS is the project's fake on loopback. Keychain: ${keychainNote}. \`aws\` is ${AWS}.`,
    '',
    '| command | median ms | p90 | min | × node | × aws static |',
    '|---|---:|---:|---:|---:|---:|',
    ...rows.map(
      (row) =>
        `| ${row.label} | ${ms(row.median)} | ${ms(row.p90)} | ${ms(row.min)} | ${ratio(row.key, base)} | ${row.key.startsWith('aws') ? ratio(row.key, awsBase) : '—'} |`,
    ),
    '',
    `* credential-process cache hit vs bare Node: keychain ${goal('cpKeychain')}; file store with the agent ${goal('cpAgent')}; file store without it ${goal('cpFile')} (full CLI plus scrypt in every process).`,
    `* Under the AWS CLI: keychain ${ratio('awsKeychain', awsBase)}, file store with the agent ${ratio('awsAgent', awsBase)}, without it ${ratio('awsFile', awsBase)} of the same call with static keys.`,
    `* With the agent, the fast path in the entry file sends one \`cache-get\` over the agent socket (no zod, no commander, no scrypt in the asking process). That round trip, in which the agent checks the token and finds the peer's uid (\`ss\` + /proc, electron/core/agent/peer.ts), takes ${ms(roundTrip)} ms (median of 15, \`TOBIRA_TIMINGS=1\` step \`agent.cache-get\`).`,
  ].join('\n');
}

function runChecked(args, env, input) {
  return runTobira(CLI, args, env, input);
}
