// SORACOM Krypton sign-in benchmark: SIM → Keys API → verify → provisioning → console URL, through the real pcscd +
// vpcd with the TypeScript virtual USIM, against the fake Krypton and the fake AWS sign-in federation. Run with
// `npm run bench:krypton` (builds out/cli first). Writes its section of BENCHMARKS.md.
//
// Cases (each a fresh `tobira console NAME --print` process, like a user's click):
// - cold: a new profile, no cached session and no cached key: full AKA (two APDU exchanges, three HTTP calls).
// - warm: the key cache is warm (session logged out): IMSI read, one signed provisioning call, no AKA.
// - insert-to-URL: the command is already waiting for a SIM; timed from the moment pcscd reports the card.
// The split comes from the CLI itself: TOBIRA_TIMINGS=1 (whole process: keychain, pcscd, HTTP, start-up) and
// TOBIRA_KRYPTON_TIMINGS=1 (the login's steps). Environment: BENCH_ROUNDS (default 10), BENCH_VERBOSE=1 (print each
// run's timings), BENCH_NODE_ARGS (node options for the timed runs, e.g. --cpu-prof), BENCH_BASELINE_CLI (another
// build's tobira.mjs, run interleaved for a wall-time comparison; BENCH_BASELINE_LABEL names it in the output).
import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { startKeychain as startPrivateKeychain } from './keychain.mjs';
import { writeBenchmarkSection } from './section.mjs';
import { median } from './stats.mjs';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 10);
const BUILT = join(ROOT, 'out', 'cli');
const CACHE = join(ROOT, 'node_modules', '.cache', `tobira-bench-krypton-${process.pid}`);
const CLI = join(CACHE, 'cli', 'tobira.mjs');
const K = '465b5ce8b199b49faa5f0a2ee238a6bc';
const OPC = 'cd63cb71954a9f4e48a5994e37a02baf';
const IMSI = '001010000000001';
const READER = 'Virtual PCD 00 01';
const ROLE = 'arn:aws:iam::123456789012:role/Cognito_KryptonAuth_Role';
// Extra node options for the timed `console` runs only, e.g. BENCH_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/p".
const NODE_ARGS = (process.env.BENCH_NODE_ARGS ?? '').split(' ').filter(Boolean);
const loadStart = loadavg()[0];
// Another build's out/cli/tobira.mjs to compare wall times with, run interleaved (e.g. the last commit's).
const BASELINE_CLI = process.env.BENCH_BASELINE_CLI;

if (!existsSync(join(BUILT, 'tobira.mjs'))) {
  console.error(
    `${BUILT}/tobira.mjs is missing: run \`npm run bench:krypton\` (or \`npm run build:cli\` first).`,
  );
  process.exit(1);
}
const scratch = mkdtempSync(join(tmpdir(), 'tobira-bench-krypton-'));
mkdirSync(CACHE, { recursive: true });
cpSync(BUILT, join(CACHE, 'cli'), { recursive: true }); // a rebuild during the run cannot change what is timed
const cleanups = [
  () => rmSync(scratch, { recursive: true, force: true }),
  () => rmSync(CACHE, { recursive: true, force: true }),
];

/** The TypeScript fakes and the virtual USIM, bundled once (a .mjs cannot import .ts). */
async function loadHarness() {
  const outfile = join(CACHE, 'harness.mjs');
  await build({
    stdin: {
      contents: `export { mintFromFakeAws, startFakeKrypton } from './test/fakes/krypton';
        export { startFakeAws } from './test/fakes/aws';
        export { startVirtualUsim, runVirtualUsimWorker } from './test/harness/virtual-usim';
        export { startPcscd } from './test/harness/pcsc';`,
      resolveDir: ROOT,
      loader: 'ts',
    },
    bundle: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    packages: 'external',
    outfile,
    logLevel: 'silent',
  });
  return import(pathToFileURL(outfile).href);
}

/** The private keychain of bench/keychain.mjs: its session variables, or undefined (then the file store is used). */
async function startKeychain() {
  const keychain = await startPrivateKeychain(scratch, process.env);
  if (keychain.stop) cleanups.push(keychain.stop);
  return keychain.env;
}

function tobira(args, env, onStderr, cli = CLI) {
  return new Promise((resolve) => {
    const started = process.hrtime.bigint();
    const nodeArgs = args[0] === 'console' ? NODE_ARGS : [];
    const child = spawn(process.execPath, [...nodeArgs, cli, ...args], {
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
      onStderr?.(stderr);
    });
    child.on('close', (code) => {
      const ended = process.hrtime.bigint();
      resolve({ code, stdout, stderr, started, ended, ms: Number(ended - started) / 1e6 });
    });
  });
}

function timings(stderr) {
  const line = /Krypton timings: (.*)/.exec(stderr)?.[1] ?? '';
  return Object.fromEntries([...line.matchAll(/([\w.]+)=([\d.]+)/g)].map((m) => [m[1], Number(m[2])]));
}

/** `Tobira timings: step=1.2ms×3 ...` (electron/cli/main.ts at exit) as { step: { ms, count } }. */
function processTimings(stderr) {
  const line = /Tobira timings: (.*)/.exec(stderr)?.[1] ?? '';
  return Object.fromEntries(
    [...line.matchAll(/([\w.]+)=([\d.]+)ms(?:×(\d+))?/g)].map((m) => [
      m[1],
      { ms: Number(m[2]), count: Number(m[3] ?? 1) },
    ]),
  );
}

/**
 * What fetch's first use costs a fresh process (Node loads undici lazily): first − second request to the same
 * endpoint, median of 5 processes. The CLI's HTTP times include it, but it is work in Tobira's process.
 */
async function fetchFirstUse(endpoint) {
  const script = `const t=[];for(let i=0;i<2;i++){const a=performance.now();await (await fetch(process.argv[1]+'/v1/keys',{method:'POST',headers:{'content-type':'application/json'},body:'{}'})).text();t.push(performance.now()-a)}console.log(t[0]-t[1])`;
  const runs = [];
  for (let i = 0; i < 5; i++) {
    // Not spawnSync: the fakes answer from this process's event loop.
    const stdout = await new Promise((resolve) => {
      let text = '';
      const child = spawn(process.execPath, ['--input-type=module', '-e', script, endpoint], {
        stdio: ['ignore', 'pipe', 'ignore'],
      });
      child.stdout.on('data', (chunk) => (text += chunk));
      child.on('close', () => resolve(text));
    });
    runs.push(Number(stdout.trim()));
  }
  return median(runs.filter(Number.isFinite));
}

const fmt = (ms) => (Number.isFinite(ms) ? `${ms.toFixed(1)} ms` : '–');

async function main() {
  const harness = await loadHarness();
  const pcscd = await harness.startPcscd();
  cleanups.push(() => pcscd.stop());
  const keychain = await startKeychain();
  const aws = await harness.startFakeAws();
  const krypton = await harness.startFakeKrypton({ mintCredentials: harness.mintFromFakeAws(aws, ROLE) });
  krypton.addSubscriber({ imsi: IMSI, k: K, opc: OPC });
  const home = join(scratch, 'home');
  const env = {
    ...process.env,
    LANG: 'C.UTF-8',
    TOBIRA_HOME: home,
    ...(keychain ?? {}),
    TOBIRA_SECRET_STORE: keychain ? 'keychain' : 'file',
    TOBIRA_PASSPHRASE: 'bench-passphrase',
    TOBIRA_ENDPOINT_KRYPTON: krypton.endpoint,
    TOBIRA_ENDPOINT_AWS_SIGNIN: aws.origin,
    TOBIRA_KRYPTON_TIMINGS: '1',
    TOBIRA_TIMINGS: '1',
    TOBIRA_SIM_WAIT_MS: '20000',
  };
  const check = (result, what) => {
    if (result.code !== 0 || !result.stdout.startsWith(aws.origin)) {
      throw new Error(`${what} failed (${result.code}): ${result.stderr}`);
    }
    return result;
  };

  const card = await harness.startVirtualUsim({ imsi: IMSI, port: 35964, milenage: { k: K, opc: OPC } });
  const node = [];
  const baselineRuns = [];
  const cold = [];
  const warm = [];
  let n = 0;
  for (let round = 0; round < ROUNDS + 1; round++) {
    const name = `k${n++}`;
    await tobira(['profile', 'add', name, '--type', 'aws-krypton', '--reader', READER], env);
    const first = check(await tobira(['console', name, '--print'], env), 'cold');
    await tobira(['logout', name], env);
    const second = check(await tobira(['console', name, '--print'], env), 'warm');
    const baseline = await new Promise((resolve) => {
      const started = process.hrtime.bigint();
      spawn(process.execPath, ['-e', ''], { stdio: 'ignore' }).on('close', () =>
        resolve(Number(process.hrtime.bigint() - started) / 1e6),
      );
    });
    if (process.env.BENCH_VERBOSE) {
      for (const run of [first, second]) console.log(/Tobira timings: .*/.exec(run.stderr)?.[0]);
    }
    if (BASELINE_CLI) {
      // The same two sign-ins with another build (its own home), interleaved with this one's.
      const other = { ...env, TOBIRA_HOME: `${home}-baseline` };
      const add = ['profile', 'add', name, '--type', 'aws-krypton', '--reader', READER];
      await tobira(add, other, undefined, BASELINE_CLI);
      const a = check(await tobira(['console', name, '--print'], other, undefined, BASELINE_CLI), 'cold');
      await tobira(['logout', name], other, undefined, BASELINE_CLI);
      const b = check(await tobira(['console', name, '--print'], other, undefined, BASELINE_CLI), 'warm');
      if (round > 0) baselineRuns.push({ cold: a.ms, warm: b.ms });
    }
    if (round === 0) continue; // warm-up
    cold.push({ ms: first.ms, steps: timings(first.stderr), process: processTimings(first.stderr) });
    warm.push({ ms: second.ms, steps: timings(second.stderr), process: processTimings(second.stderr) });
    node.push(baseline);
  }
  await card.remove();

  // Insert-to-URL: the command waits for the SIM; the clock starts when pcscd reports the inserted card.
  const inserts = [];
  for (let round = 0; round < Math.min(ROUNDS, 5); round++) {
    const name = `k${n++}`;
    await tobira(['profile', 'add', name, '--type', 'aws-krypton', '--reader', READER], env);
    let waiting;
    const isWaiting = new Promise((resolve) => (waiting = resolve));
    const run = tobira(
      ['console', name, '--print'],
      env,
      (text) => text.includes('Waiting for a SIM') && waiting(),
    );
    await isWaiting;
    const inserted = await harness.startVirtualUsim({
      imsi: IMSI,
      port: 35964,
      milenage: { k: K, opc: OPC },
    });
    const seen = process.hrtime.bigint();
    const result = check(await run, 'insert');
    inserts.push(Number(result.ended - seen) / 1e6);
    await inserted.remove();
  }
  const fetchInit = await fetchFirstUse(krypton.endpoint);
  await krypton.close();
  await aws.close();

  const loginSteps = [
    'sim.imsi',
    'sim.authenticate',
    'http.keys',
    'http.verify',
    'http.provisioning',
    'sign',
    'keyCache.read',
    'keyCache.write',
    'total',
  ];
  const nodeMs = median(node);
  const sum = (r, test) =>
    Object.entries(r.process)
      .filter(([step]) => test(step))
      .reduce((total, [, { ms }]) => total + ms, 0);
  const count = (r, test) =>
    Object.entries(r.process)
      .filter(([step]) => test(step))
      .reduce((total, [, entry]) => total + entry.count, 0);
  const isPcscWait = (step) => step.startsWith('pcsc.') && step !== 'pcsc.load';
  const isHttp = (step) => step.startsWith('http.');
  const isKeychain = (step) => step.startsWith('keychain.');
  const mark = (r, name) => r.process[name]?.ms ?? NaN;
  // Everything the process did, split by who was working: Node's start-up, loading the CLI, the keychain (client and
  // daemon), pcscd + vpcd + the virtual card, the fake services (with fetch's own first-use cost in this process), and
  // the rest, which is Tobira's own code: vault, session cache, lock, zod, building the URL, garbage collection.
  const split = (r) => {
    const pcsc = sum(r, isPcscWait);
    const http = sum(r, isHttp);
    const keychain = sum(r, isKeychain);
    const load = mark(r, 'start.program') - mark(r, 'start.main');
    const sign = sum(r, (step) => step === 'krypton.sign');
    const other = mark(r, 'exit') - mark(r, 'start.program') - pcsc - http - keychain - sign;
    return {
      wall: r.ms,
      startup: mark(r, 'start.main'),
      load,
      keychain,
      keychainCalls: count(r, (step) => isKeychain(step) && step !== 'keychain.load'),
      pcsc,
      apdus: r.process['pcsc.transmit']?.count ?? 0,
      http,
      httpCalls: count(r, isHttp),
      sign,
      other,
      // Tobira's own: the wall time less Node's bare start-up, the waits on pcscd and the card, and the waits on the
      // fakes (HTTP wall time less fetch's first-use cost, which is work in this process and stays in).
      own: r.ms - nodeMs - pcsc - Math.max(0, http - fetchInit),
      ownNoKeychain: r.ms - nodeMs - pcsc - Math.max(0, http - fetchInit) - keychain,
    };
  };
  const med = (runs, key) => median(runs.map((r) => split(r)[key]));
  const processRow = (label, runs) =>
    `| ${label} | ${fmt(med(runs, 'wall'))} | ${fmt(med(runs, 'startup'))} | ${fmt(med(runs, 'load'))} | ${fmt(med(runs, 'keychain'))} (${med(runs, 'keychainCalls')}) | ${fmt(med(runs, 'pcsc'))} (${med(runs, 'apdus')} APDUs) | ${fmt(med(runs, 'http'))} (${med(runs, 'httpCalls')}) | ${fmt(med(runs, 'sign'))} | ${fmt(med(runs, 'other'))} | **${fmt(med(runs, 'own'))}** |`;
  const loginRow = (label, runs) => {
    const cell = (step) => fmt(median(runs.map((r) => r.steps[step] ?? (step === 'total' ? NaN : 0))));
    return `| ${label} | ${loginSteps.map(cell).join(' | ')} |`;
  };
  const coldOwn = med(cold, 'own');
  const warmOwn = med(warm, 'own');
  const markdown = `## SORACOM Krypton sign-in (SIM → console URL)

\`npm run bench:krypton\` — ${new Date().toISOString().slice(0, 10)}, ${cpus().length} × ${cpus()[0]?.model ?? 'CPU'}, 1-minute load average ${loadStart.toFixed(2)} at the start and ${loadavg()[0].toFixed(2)} at the end, Node ${process.version}, ${ROUNDS} rounds (medians), secret store: ${keychain ? 'keychain (private gnome-keyring)' : 'encrypted file'}.
Each case is a fresh \`tobira console NAME --print\` process through the real pcscd + vpcd, the TypeScript virtual USIM
(Milenage) and the fake Krypton + fake AWS federation on loopback: cold = new profile, full AKA; warm = key cache warm
(session logged out), so IMSI read + one signed provisioning call. Times come from the CLI itself
(\`TOBIRA_TIMINGS=1\`, electron/core/timings.ts: every keychain call, pcscd call and HTTP exchange is timed).

### Where the time goes (whole process)

| case | wall | Node start-up | CLI load | keychain (calls) | pcscd + card | HTTP (calls) | signing | other Tobira code | Tobira's own |
|---|---|---|---|---|---|---|---|---|---|
${processRow('cold (AKA)', cold)}
${processRow('warm key cache', warm)}

- Node start-up: process start to the first line of the entry file (bare \`node -e ''\` here: ${fmt(nodeMs)}). CLI load: the
  program chunk with commander, zod and the message catalogs. keychain: every Secret Service call (D-Bus connection,
  DH key exchange and the daemon's work; one session per secret id per process). pcscd + card: SCardEstablishContext,
  ListReaders, Connect, every Transmit, Disconnect (vpcd's TCP transport and the TypeScript card:
  ${fmt(median(cold.map((r) => sum(r, (step) => step === 'pcsc.transmit') / Math.max(1, r.process['pcsc.transmit']?.count ?? 1))))} per APDU here).
  HTTP: wall time of each exchange with the fakes, which includes fetch's first use in the process (undici loads
  lazily: ${fmt(fetchInit)} measured separately). other: Tobira's remaining code (vault, session cache and its lock,
  zod, the key cache, building the URL, GC).
- **Tobira's own time** = wall − bare Node start − waits on pcscd/card − waits on the fakes (HTTP − fetch's first use).
  The keychain stays in (without it: cold ${fmt(med(cold, 'ownNoKeychain'))}, warm ${fmt(med(warm, 'ownNoKeychain'))}).
- Goal: cold under 2 s — ${coldOwn < 2000 ? 'met' : 'NOT met'} (${fmt(coldOwn)}; ${fmt(med(cold, 'wall'))} wall with fakes and card); warm under 300 ms — ${warmOwn < 300 ? 'met' : 'NOT met'} (${fmt(warmOwn)}; ${fmt(med(warm, 'wall'))} wall).
${
  baselineRuns.length > 0
    ? `- Interleaved with ${process.env.BENCH_BASELINE_LABEL ?? 'the build in `BENCH_BASELINE_CLI`'} (wall medians, same fakes and card): cold ${fmt(median(baselineRuns.map((r) => r.cold)))} there vs ${fmt(med(cold, 'wall'))} here; warm ${fmt(median(baselineRuns.map((r) => r.warm)))} there vs ${fmt(med(warm, 'wall'))} here.\n`
    : ''
}- SIM insert to console URL (command already waiting; from pcscd reporting the card to exit): ${fmt(median(inserts))} (runs: ${inserts.map((v) => v.toFixed(0)).join(', ')} ms). The CLI polls the reader every 100 ms.

### Sign-in steps (\`TOBIRA_KRYPTON_TIMINGS=1\`, inside the login only)

"sim.imsi" is SELECT (cached AID, or MF/EF_DIR discovery) + EF_IMSI; "sim.authenticate" the AUTHENTICATE exchange; both
include pcscd/vpcd and the virtual card. "http.*" are the Krypton calls, "keyCache.*" the key cache in the keychain.

| case | ${loginSteps.join(' | ')} |
|---|${loginSteps.map(() => '---').join('|')}|
${loginRow('cold (AKA)', cold)}
${loginRow('warm key cache', warm)}
`;
  writeBenchmarkSection('krypton', markdown);
  console.log(markdown);
}

main()
  .catch((error) => {
    console.error(error);
    process.exitCode = 1;
  })
  .finally(async () => {
    for (const step of cleanups.reverse()) {
      try {
        await step();
      } catch {
        // best effort
      }
    }
    setTimeout(() => process.exit(), 200).unref();
  });
