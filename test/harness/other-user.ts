import { spawn, spawnSync } from 'node:child_process';

/** uid and gid of `nobody`: the "other local user" of SECURITY.md's threat model. */
export const NOBODY = 65534;

/** Tests that act as another user need root (CI runs as root) and setpriv. */
export const canDropPrivileges = process.getuid?.() === 0 && spawnSync('setpriv', ['--version']).status === 0;

/** Runs a Node snippet as nobody without blocking this process (the servers it talks to live here). */
export function asNobodyAsync(script: string, ...args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      'setpriv',
      [`--reuid=${NOBODY}`, `--regid=${NOBODY}`, '--clear-groups', process.execPath, '-e', script, ...args],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let output = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
    const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
    child.on('error', reject);
    child.on('close', () => {
      clearTimeout(timer);
      resolve(output.trim());
    });
  });
}

/** `fetch` as nobody; prints the status (0 when refused), the Location header, and the body's first 200 characters. */
export const FETCH_AS_NOBODY = `
const [url, method, body, origin] = process.argv.slice(1);
const headers = { 'content-type': 'application/json' };
if (origin) headers.origin = origin;
fetch(url, { method: method || 'GET', redirect: 'manual', headers, body: body || undefined })
  .then(async (r) => console.log(JSON.stringify({ status: r.status, location: r.headers.get('location'), body: (await r.text()).slice(0, 200) })))
  .catch(() => console.log(JSON.stringify({ status: 0 })));
`;

export interface ProcSighting {
  /** Every distinct command line (NULs as spaces) nobody read in /proc while watching. */
  cmdlines: string[];
  /** Every distinct environment nobody could read (its own processes only, unless something is wrong). */
  environs: string[];
  samples: number;
}

const WATCH = `
const fs = require('node:fs');
const cmdlines = new Set(), environs = new Set();
let samples = 0, stop = false;
process.stdin.on('end', () => (stop = true));
process.stdin.resume();
const self = String(process.pid);
function tick() {
  samples += 1;
  for (const pid of fs.readdirSync('/proc')) {
    if (!/^\\d+$/.test(pid) || pid === self) continue;
    try { cmdlines.add(fs.readFileSync('/proc/' + pid + '/cmdline', 'utf8').replace(/\\0/g, ' ')); } catch {}
    try { environs.add(fs.readFileSync('/proc/' + pid + '/environ', 'utf8').replace(/\\0/g, ' ')); } catch {}
  }
  if (stop) process.stdout.write(JSON.stringify({ cmdlines: [...cmdlines], environs: [...environs], samples }));
  else setTimeout(tick, 2);
}
process.stdout.write('READY\\n');
tick();
`;

/**
 * Polls /proc/{PID}/cmdline and /proc/{PID}/environ as nobody, as the review of issue 14 did, until stop() is
 * called; then returns everything it read. Resolves once the watcher runs.
 */
export async function watchProcAsNobody(): Promise<{ stop(): Promise<ProcSighting> }> {
  const child = spawn(
    'setpriv',
    [`--reuid=${NOBODY}`, `--regid=${NOBODY}`, '--clear-groups', process.execPath, '-e', WATCH],
    { stdio: ['pipe', 'pipe', 'inherit'] },
  );
  let output = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  await new Promise<void>((resolve, reject) => {
    child.on('error', reject);
    const check = () => (output.startsWith('READY\n') ? resolve() : setTimeout(check, 10));
    check();
  });
  return {
    stop: async () => {
      child.stdin.end();
      await new Promise((resolve) => child.on('close', resolve));
      return JSON.parse(output.slice('READY\n'.length)) as ProcSighting;
    },
  };
}
