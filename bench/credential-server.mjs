// How fast `tobira exec NAME --server` answers an SDK's credential request once it holds a session (the case of
// every refresh but the first): a client in the child times GET requests to AWS_CONTAINER_CREDENTIALS_FULL_URI, on a
// new connection each time (as botocore does) and on a kept-alive one, against a bare Node HTTP server in its own
// process that answers a fixed JSON (the floor). `node bench/credential-server.mjs` with out/cli built (or
// `npm run bench:server`). Writes the `credential-server` section of BENCHMARKS.md. Environment: BENCH_REQUESTS
// (default 400 per case), BENCH_DEBUG.
//
// STS is the project's fake (test/fakes/aws.ts, bundled with esbuild) in a process of its own; the profile is an IAM
// user without MFA in the encrypted-file store, logged in once before the measured requests.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { cleanEnv, runChecked } from './processes.mjs';
import { writeBenchmarkSection } from './section.mjs';
import { median, percentile } from './stats.mjs';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const BUILT_CLI = join(ROOT, 'out', 'cli', 'tobira.mjs');
const CACHE_DIR = join(ROOT, 'node_modules', '.cache', `tobira-bench-server-${process.pid}`);
const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 400);
const WARMUP = 20;
const LOAD_AT_START = loadavg()[0];
const PASSPHRASE = 'bench-passphrase';
const USER = {
  userName: 'bench',
  accountId: '123456789012',
  accessKeyId: 'AKIABENCHMARK0000002',
  secretAccessKey: 'benchSecretAccessKey/0123456789abcdefghijklm',
};

/** Runs in the child (and against the baseline): REQUESTS timed GETs per connection mode, as JSON on stdout. */
const CLIENT = `
const http = require('node:http');
const url = process.env.AWS_CONTAINER_CREDENTIALS_FULL_URI;
const token = process.env.AWS_CONTAINER_AUTHORIZATION_TOKEN;
const [requests, warmup] = [Number(process.env.BENCH_REQUESTS), Number(process.env.BENCH_WARMUP)];
function once(agent) {
  const started = process.hrtime.bigint();
  return new Promise((resolve, reject) => {
    http.get(url, { headers: { Authorization: token }, agent }, (response) => {
      let body = '';
      response.setEncoding('utf8').on('data', (chunk) => (body += chunk));
      response.on('end', () => {
        if (response.statusCode !== 200 || !JSON.parse(body).Expiration) reject(new Error(response.statusCode + ' ' + body));
        else resolve(Number(process.hrtime.bigint() - started) / 1e6);
      });
    }).on('error', reject);
  });
}
(async () => {
  const result = {};
  for (const [mode, agent] of [['fresh', false], ['keepAlive', new http.Agent({ keepAlive: true, maxSockets: 1 })]]) {
    for (let i = 0; i < warmup; i++) await once(agent);
    const times = [];
    for (let i = 0; i < requests; i++) times.push(await once(agent));
    result[mode] = times;
    if (agent) agent.destroy();
  }
  process.stdout.write(JSON.stringify(result));
})().catch((error) => { console.error(String(error)); process.exit(1); });
`;

/** The floor: a Node HTTP server in its own process answering a fixed JSON of the same size, no checks. */
const BASELINE_SERVER = `
const body = JSON.stringify({ AccessKeyId: 'ASIA' + 'X'.repeat(16), SecretAccessKey: 'x'.repeat(40), Token: 'x'.repeat(400), Expiration: '2030-01-01T00:00:00Z' });
const server = require('node:http').createServer((request, response) => {
  response.writeHead(200, { 'Content-Type': 'application/json; charset=utf-8' });
  response.end(body);
});
server.listen(0, '127.0.0.1', () => process.stdout.write(server.address().port + '\\n'));
process.on('SIGTERM', () => process.exit(0));
`;

if (!existsSync(BUILT_CLI)) {
  console.error(`${BUILT_CLI} is missing: run \`node scripts/build-cli.mjs\` first.`);
  process.exit(1);
}
const scratch = mkdtempSync(join(tmpdir(), 'tobira-bench-server-'));
mkdirSync(CACHE_DIR, { recursive: true });
const cleanups = [
  () => rmSync(scratch, { recursive: true, force: true }),
  () => rmSync(CACHE_DIR, { recursive: true, force: true }),
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

function log(message) {
  if (process.env.BENCH_DEBUG) console.error(`[bench] ${message}`);
}

/** Starts `node -e SCRIPT` and resolves with the first line it prints. */
function startPrinting(args, env) {
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'], env });
  cleanups.push(() => child.kill('SIGTERM'));
  return new Promise((resolve, reject) => {
    let text = '';
    child.stdout.setEncoding('utf8').on('data', (chunk) => {
      text += chunk;
      if (text.includes('\n')) resolve(text.trim());
    });
    child.once('exit', (code) => reject(new Error(`${args[0]} exited with ${code}`)));
  });
}

function runClient(env) {
  const result = spawnSync(process.execPath, ['-e', CLIENT], {
    env: { ...env, BENCH_REQUESTS: String(REQUESTS), BENCH_WARMUP: String(WARMUP) },
    encoding: 'utf8',
  });
  if (result.status !== 0) throw new Error(`the client failed: ${result.stderr}`);
  return JSON.parse(result.stdout);
}

async function main() {
  const fakeBundle = join(CACHE_DIR, 'fake-aws.mjs');
  await build({
    entryPoints: [join(ROOT, 'test', 'fakes', 'aws.ts')],
    outfile: fakeBundle,
    bundle: true,
    format: 'esm',
    platform: 'node',
    packages: 'external',
    absWorkingDir: ROOT,
    logLevel: 'silent',
  });
  const runner = join(CACHE_DIR, 'fake-aws-run.mjs');
  writeFileSync(
    runner,
    `import { startFakeAws } from ${JSON.stringify(pathToFileURL(fakeBundle).href)};
const fake = await startFakeAws({ users: [${JSON.stringify(USER)}] });
process.stdout.write(fake.origin + '\\n');
process.on('SIGTERM', () => fake.close().then(() => process.exit(0)));\n`,
  );
  const origin = await startPrinting([runner], process.env);
  log(`fake STS on ${origin}`);

  const env = cleanEnv(
    {
      HOME: join(scratch, 'home'),
      LANG: 'C.UTF-8',
      TOBIRA_HOME: join(scratch, 'tobira'),
      TOBIRA_SECRET_STORE: 'file',
      TOBIRA_PASSPHRASE: PASSPHRASE,
      TOBIRA_ENDPOINT_AWS_STS: origin,
    },
    ['TOBIRA_', 'AWS_'],
  );
  mkdirSync(env.HOME);
  runChecked(
    BUILT_CLI,
    [
      'profile',
      'add',
      'bench',
      '--type',
      'aws-iam-user',
      '--access-key-id',
      USER.accessKeyId,
      '--region',
      'us-east-1',
    ],
    env,
    `${USER.secretAccessKey}\n`,
  );

  const port = await startPrinting(['-e', BASELINE_SERVER], env);
  const baseline = runClient({
    ...env,
    AWS_CONTAINER_CREDENTIALS_FULL_URI: `http://127.0.0.1:${port}/`,
    AWS_CONTAINER_AUTHORIZATION_TOKEN: 'unchecked',
  });
  log('baseline done');

  const served = spawnSync(
    process.execPath,
    [BUILT_CLI, 'exec', 'bench', '--server', '--', process.execPath, '-e', CLIENT],
    {
      env: { ...env, BENCH_REQUESTS: String(REQUESTS), BENCH_WARMUP: String(WARMUP) },
      encoding: 'utf8',
    },
  );
  if (served.status !== 0) throw new Error(`tobira exec --server failed: ${served.stderr}`);
  const tobira = JSON.parse(served.stdout);
  log('tobira done');

  const row = (label, times) => {
    const med = median(times);
    return `| ${label} | ${med.toFixed(2)} | ${percentile(times, 0.9).toFixed(2)} | ${percentile(times, 0.99).toFixed(2)} | ${Math.min(...times).toFixed(2)} |`;
  };
  const ratio = (mode) => (median(tobira[mode]) / median(baseline[mode])).toFixed(2);
  // The peer-uid lookup's own cost here: one read of the kernel's IPv4 socket table.
  const procReads = [];
  let sockets = 0;
  for (let i = 0; i < 50; i++) {
    const started = process.hrtime.bigint();
    sockets = readFileSync('/proc/net/tcp', 'utf8').trim().split('\n').length - 1;
    procReads.push(Number(process.hrtime.bigint() - started) / 1e6);
  }
  const markdown = `## tobira exec --server: the credential endpoint's answer time

Date: ${new Date().toISOString()}. Node ${process.version}, ${availableParallelism()} CPUs, 1-minute load average at start ${LOAD_AT_START.toFixed(2)}. \`node bench/credential-server.mjs\`.

A Node client in the child of \`tobira exec bench --server\` (an IAM user profile, encrypted-file store, session already obtained) sends ${REQUESTS} GET requests to \`AWS_CONTAINER_CREDENTIALS_FULL_URI\` with the token, after ${WARMUP} warm-up requests, one at a time, timing each from the request to the last byte of the answer: first each on a new TCP connection (botocore's container provider), then all on one kept-alive connection. The floor is the same client against a bare Node HTTP server in its own process that answers a fixed container-credentials JSON without any check.

| server, connection | median (ms) | p90 | p99 | min |
|---|---:|---:|---:|---:|
${row('bare Node server, new connection (floor)', baseline.fresh)}
${row('tobira exec --server, new connection', tobira.fresh)}
${row('bare Node server, kept-alive (floor)', baseline.keepAlive)}
${row('tobira exec --server, kept-alive', tobira.keepAlive)}

* A cached answer on a new connection takes ${median(tobira.fresh).toFixed(2)} ms (${ratio('fresh')}× the floor); on a kept-alive connection ${median(tobira.keepAlive).toFixed(2)} ms (${ratio('keepAlive')}× the floor). The session is held in memory while it has more than 15 minutes left: no secret-store read, no STS call.
* Nearly all of the new-connection cost is the peer-uid check (T11): finding the client's socket in /proc/net/tcp. One read of that file took ${median(procReads).toFixed(2)} ms (median of 50; p90 ${percentile(procReads, 0.9).toFixed(2)} ms) on this machine with ${sockets} TCP sockets listed; the kernel walks its whole socket table for it, so it grows with the machine's socket count. It runs once per connection (a kept-alive connection is not looked up again), after the token check, and /proc/net/tcp6 is read only when the client is not in the IPv4 table.
* SDKs ask only when their credentials near their end (botocore 15 minutes before, the JS SDK 5), so this cost is paid a few times an hour, not per AWS call.
`;
  writeBenchmarkSection('credential-server', markdown);
  console.log(markdown);
}
