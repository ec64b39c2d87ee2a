// SORACOM Krypton sign-in benchmark: SIM → Keys API → verify → provisioning → console URL, through the real pcscd +
// vpcd with the TypeScript virtual USIM, against the fake Krypton and the fake AWS sign-in federation. Run with
// `npm run bench:krypton` (builds out/cli first). Writes its section of BENCHMARKS.md.
//
// Cases (each a fresh `tobira console NAME --print` process, like a user's click):
// - cold: a new profile, no cached session and no cached key: full AKA (two APDU exchanges, three HTTP calls).
// - warm: the key cache is warm (session logged out): IMSI read, one signed provisioning call, no AKA.
// - insert-to-URL: the command is already waiting for a SIM; timed from the moment pcscd reports the card.
// The per-step split comes from the CLI itself (TOBIRA_KRYPTON_TIMINGS=1). Environment: BENCH_ROUNDS (default 10).
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { writeBenchmarkSection } from './section.mjs';

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
      contents: `export { startFakeKrypton } from './test/fakes/krypton';
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

/** A private session bus with an unlocked gnome-keyring (as bench/run.mjs and test/harness/keyring.ts do). */
async function startKeychain() {
  if (['dbus-daemon', 'gnome-keyring-daemon'].some((tool) => spawnSync('which', [tool]).status !== 0))
    return undefined;
  const root = join(scratch, 'keyring');
  const runtime = join(root, 'run');
  mkdirSync(runtime, { recursive: true, mode: 0o700 });
  const env = { ...process.env, HOME: root, XDG_RUNTIME_DIR: runtime };
  const bus = spawn('dbus-daemon', ['--session', '--nofork', '--nopidfile', '--print-address=1'], {
    env,
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  const address = await new Promise((resolve) => {
    let text = '';
    const timer = setTimeout(() => resolve(undefined), 10_000);
    bus.stdout.on('data', (chunk) => {
      text += chunk;
      if (text.includes('\n')) {
        clearTimeout(timer);
        resolve(text.split('\n')[0].trim());
      }
    });
  });
  if (!address) return void bus.kill();
  const sessionEnv = { HOME: root, XDG_RUNTIME_DIR: runtime, DBUS_SESSION_BUS_ADDRESS: address };
  const daemon = spawnSync('gnome-keyring-daemon', ['--unlock', '--components=secrets', '--daemonize'], {
    env: { ...env, ...sessionEnv },
    input: 'bench-keyring',
    encoding: 'utf8',
  });
  const pid = Number(/GNOME_KEYRING_PID=(\d+)/.exec(daemon.stdout ?? '')?.[1]);
  cleanups.push(() => {
    if (pid) {
      try {
        process.kill(pid);
      } catch {
        // already gone
      }
    }
    bus.kill();
  });
  return daemon.status === 0 ? sessionEnv : undefined;
}

function tobira(args, env, onStderr) {
  return new Promise((resolve) => {
    const started = process.hrtime.bigint();
    const child = spawn(process.execPath, [CLI, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
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

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted.length === 0 ? NaN : sorted[Math.floor((sorted.length - 1) / 2)];
}

const fmt = (ms) => (Number.isFinite(ms) ? `${ms.toFixed(1)} ms` : '–');

async function main() {
  const harness = await loadHarness();
  const pcscd = await harness.startPcscd();
  cleanups.push(() => pcscd.stop());
  const keychain = await startKeychain();
  const aws = await harness.startFakeAws();
  const krypton = await harness.startFakeKrypton({
    mintCredentials: () => {
      const session = aws.mintWebIdentitySession(ROLE);
      return {
        accessKeyId: session.accessKeyId,
        secretKey: session.secretAccessKey,
        sessionToken: session.sessionToken,
        expiration: session.expiresAt,
      };
    },
  });
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
    if (round === 0) continue; // warm-up
    cold.push({ ms: first.ms, steps: timings(first.stderr) });
    warm.push({ ms: second.ms, steps: timings(second.stderr) });
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
  await krypton.close();
  await aws.close();

  const steps = [
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
  // Tobira's own time: the wall time minus what is not Tobira's code: Node's own start-up, the wait on pcscd + vpcd +
  // the virtual card for each APDU, and the wait on the fake services for each HTTP call.
  const own = (runs) =>
    median(
      runs.map(
        (r) =>
          r.ms -
          median(node) -
          (r.steps['pcsc.wait'] ?? 0) -
          ['http.keys', 'http.verify', 'http.provisioning'].reduce(
            (sum, step) => sum + (r.steps[step] ?? 0),
            0,
          ),
      ),
    );
  const apdus = (runs) => median(runs.map((r) => r.steps['pcsc.apdus'] ?? 0));
  const perApdu = (runs) =>
    median(runs.map((r) => (r.steps['pcsc.wait'] ?? 0) / Math.max(1, r.steps['pcsc.apdus'] ?? 1)));
  const row = (label, runs) => {
    const wall = median(runs.map((r) => r.ms));
    const login = median(runs.map((r) => r.steps.total ?? NaN));
    const cell = (step) => fmt(median(runs.map((r) => r.steps[step] ?? (step === 'total' ? NaN : 0))));
    return `| ${label} | ${fmt(wall)} | ${steps.map(cell).join(' | ')} | ${fmt(wall - login)} |`;
  };
  const coldWall = median(cold.map((r) => r.ms));
  const warmWall = median(warm.map((r) => r.ms));
  const markdown = `## SORACOM Krypton sign-in (SIM → console URL)

\`npm run bench:krypton\` — ${new Date().toISOString().slice(0, 10)}, ${cpus().length} × ${cpus()[0]?.model ?? 'CPU'}, load ${loadavg()[0].toFixed(2)} at the end, Node ${process.version}, ${ROUNDS} rounds (medians), secret store: ${keychain ? 'keychain (private gnome-keyring)' : 'encrypted file'}.
Each case is a fresh \`tobira console NAME --print\` process through the real pcscd + vpcd, the TypeScript virtual USIM
(Milenage) and the fake Krypton + fake AWS federation on loopback. Step times come from the CLI (\`TOBIRA_KRYPTON_TIMINGS=1\`);
"sim.*" include pcscd/vpcd transport and the virtual card, "http.*" the fakes' handling (both outside Tobira, so the
wall times below over-state Tobira's own time). "rest" = process start, module loading, vault, federation getSigninToken, output.

| case | wall | ${steps.join(' | ')} | rest |
|---|---|${steps.map(() => '---').join('|')}|---|
${row('cold (AKA)', cold)}
${row('warm key cache', warm)}

- APDUs per sign-in: cold ${apdus(cold)}, warm ${apdus(warm)} (the warm path selects the cached USIM AID directly);
  vpcd's transport costs about ${fmt(perApdu(cold))} per APDU here (pcscd ↔ vpcd TCP), included in "sim.*".
- Tobira's own time (wall − bare Node start − waits on pcscd/card − waits on the fake services): cold ${fmt(own(cold))}, warm ${fmt(own(warm))}.
- Bare \`node -e ''\`: ${fmt(median(node))}.
- SIM insert to console URL (command already waiting; from pcscd reporting the card to exit): ${fmt(median(inserts))} (runs: ${inserts.map((v) => v.toFixed(0)).join(', ')} ms). The CLI polls the reader every 100 ms.
- Goal (Tobira's own time): cold under 2 s — ${own(cold) < 2000 ? 'met' : 'NOT met'} (${fmt(own(cold))}; ${fmt(coldWall)} wall with fakes and card); warm under 300 ms — ${own(warm) < 300 ? 'met' : 'NOT met'} (${fmt(own(warm))}; ${fmt(warmWall)} wall).
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
