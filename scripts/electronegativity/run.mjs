// `npm run scan:electron`: @doyensec/electronegativity over the Electron shell (electron/main, electron/preload) and
// the renderer's index.html. Installs the pinned scanner from this folder's lockfile on first use, writes the
// findings to test-output/electronegativity.csv, prints them, and exits 1 if any is HIGH severity.
// The network-only check (newer Electron releases with security fixes) is left out so the result is reproducible;
// `npm audit` covers known-vulnerable versions.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '../..');
const bin = join(here, 'node_modules/.bin/electronegativity');

if (!existsSync(bin)) {
  const install = spawnSync('npm', ['ci', '--no-audit', '--no-fund', '--prefix', here], { stdio: 'inherit' });
  if (install.status !== 0) {
    console.error('scan:electron: could not install the scanner (npm ci in scripts/electronegativity)');
    process.exit(2);
  }
}

// The scanner takes one input folder: stage exactly the Electron-facing sources.
const stage = mkdtempSync(join(tmpdir(), 'tobira-egv-'));
cpSync(join(root, 'electron/main'), join(stage, 'main'), { recursive: true });
cpSync(join(root, 'electron/preload'), join(stage, 'preload'), { recursive: true });
cpSync(join(root, 'renderer/index.html'), join(stage, 'index.html'));
const electronVersion = JSON.parse(
  readFileSync(join(root, 'node_modules/electron/package.json'), 'utf8'),
).version;

const output = join(root, 'test-output/electronegativity.csv');
mkdirSync(dirname(output), { recursive: true });
rmSync(output, { force: true });
const scan = spawnSync(
  bin,
  ['-i', stage, '-r', '-e', electronVersion, '-x', 'availablesecurityfixesglobalcheck', '-o', output],
  { encoding: 'utf8', env: { ...process.env, LANG: 'en-US' } },
);
rmSync(stage, { recursive: true, force: true });
if (scan.status !== 0 || !existsSync(output)) {
  console.error(scan.stdout, scan.stderr);
  console.error('scan:electron: the scanner failed');
  process.exit(2);
}

/** The CSV has a header and quoted fields without embedded newlines. */
const findings = readFileSync(output, 'utf8')
  .trim()
  .split('\n')
  .slice(1)
  .map((line) => {
    const fields = line.match(/("([^"]|"")*"|[^,]*)(,|$)/g)?.map((field) => field.replace(/,$/, '')) ?? [];
    const unquote = (text = '') => text.replace(/^"|"$/g, '').replace(/""/g, '"');
    return {
      check: unquote(fields[0]),
      severity: unquote(fields[1]),
      confidence: unquote(fields[2]),
      file: unquote(fields[3]),
      location: unquote(fields[4]),
    };
  });
for (const finding of findings) {
  console.log(
    `${finding.severity.padEnd(13)} ${finding.confidence.padEnd(9)} ${finding.check} ${finding.file}:${finding.location}`,
  );
}
const high = findings.filter((finding) => finding.severity === 'HIGH');
console.log(`scan:electron: ${findings.length} findings, ${high.length} high (Electron ${electronVersion})`);
process.exit(high.length > 0 ? 1 : 0);
