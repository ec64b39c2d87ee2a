// Shell completion: what a TAB costs. `tobira __complete` (answered in the entry file from completion-spec.json and
// profiles.json) against a bare `node -e ''` and the full CLI's floor (`tobira --version`), with 1 and 1,000 profiles.
// Run with `node bench/completion.mjs` after `npm run build:cli`. Writes the `completion` section of BENCHMARKS.md.
// Environment: BENCH_ROUNDS (default 20).
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { cleanEnv, runOnce } from './processes.mjs';
import { writeBenchmarkSection } from './section.mjs';
import { median, percentile } from './stats.mjs';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const CLI = join(ROOT, 'out', 'cli', 'tobira.mjs');
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 20);
const WARMUP = 2;
const LOAD_AT_START = loadavg()[0];

if (!existsSync(join(ROOT, 'out', 'cli', 'completion-spec.json'))) {
  console.error('out/cli/completion-spec.json is missing: run `npm run build:cli` first.');
  process.exit(1);
}
const scratch = mkdtempSync(join(tmpdir(), 'tobira-bench-completion-'));
try {
  main();
} finally {
  rmSync(scratch, { recursive: true, force: true });
}

function home(count) {
  const dir = join(scratch, `home-${count}`);
  mkdirSync(dir, { recursive: true });
  const now = new Date().toISOString();
  const profiles = Array.from({ length: count }, (_, i) => ({
    id: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
    name: `bench-${i}`,
    type: 'totp',
    fields: { algorithm: 'SHA1', digits: 6, period: 30 },
    secrets: {},
    createdAt: now,
    updatedAt: now,
  }));
  writeFileSync(join(dir, 'profiles.json'), JSON.stringify({ schemaVersion: 1, profiles }));
  return dir;
}

function main() {
  const one = cleanEnv({ TOBIRA_HOME: home(1) });
  const many = cleanEnv({ TOBIRA_HOME: home(1000) });
  const node = process.execPath;
  const cases = [
    { label: "`node -e ''` (baseline)", argv: [node, '-e', ''], env: one },
    { label: '`tobira --version` (the full CLI loads)', argv: [node, CLI, '--version'], env: one },
    { label: '`tobira __complete lo` (a command)', argv: [node, CLI, '__complete', ':lo'], env: one },
    {
      label: '`tobira __complete login ` (1 profile)',
      argv: [node, CLI, '__complete', 'login', ':'],
      env: one,
    },
    {
      label: '`tobira __complete login ` (1,000 profiles)',
      argv: [node, CLI, '__complete', 'login', ':'],
      env: many,
    },
    {
      label: '`tobira __complete export bench-1 --format `',
      argv: [node, CLI, '__complete', 'export', 'bench-1', '--format', ':'],
      env: many,
    },
  ];
  const times = new Map(cases.map((item) => [item.label, []]));
  for (let round = 0; round < WARMUP + ROUNDS; round += 1) {
    for (let k = 0; k < cases.length; k += 1) {
      const item = cases[(k + round) % cases.length];
      const started = process.hrtime.bigint();
      runOnce(item);
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      if (round >= WARMUP) times.get(item.label).push(ms);
    }
  }
  const base = median(times.get(cases[0].label));
  const rows = cases.map((item) => {
    const values = times.get(item.label);
    const m = median(values);
    return `| ${item.label} | ${m.toFixed(1)} | ${percentile(values, 0.9).toFixed(1)} | ${(m / base).toFixed(2)}× |`;
  });
  writeBenchmarkSection(
    'completion',
    `## Shell completion: one TAB

Date: ${new Date().toISOString()}. ${availableParallelism()} CPUs, Node ${process.version}, 1-minute load average at start ${LOAD_AT_START.toFixed(2)}. ${ROUNDS} interleaved rounds after ${WARMUP} warm-up rounds, wall time of a fresh process each (\`node bench/completion.mjs\`).

| command | median ms | p90 ms | × node |
|---|---:|---:|---:|
${rows.join('\n')}

The completion scripts run \`tobira __complete\` once per TAB. It is answered in the entry file from \`out/cli/completion-spec.json\` and \`profiles.json\`, without commander, zod or the message catalogs, so a TAB costs about a bare Node start; the full CLI (\`--version\`) is shown for comparison. On a busy machine (see the load average) every row grows alike: compare the × column.`,
  );
  for (const row of rows) console.log(row);
}
