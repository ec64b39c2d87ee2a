import { execFile, execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, readlinkSync } from 'node:fs';
import type { Socket } from 'node:net';
import { childEnv } from '../child-env';

/** The process at the other end of an accepted agent connection, as the OS reports it. */
export interface PeerProcess {
  pid: number;
  /** Real and effective uid of the process. */
  uids: readonly number[];
  ppid: number;
}

/**
 * Finds the process that connected to the agent (Linux only; elsewhere undefined, and the request's own claim is
 * shown marked as unverified).
 *
 * Node has no SO_PEERCRED, and /proc/net/unix lists both ends of a connection without saying which is whose peer.
 * What we use instead:
 * 1. our end's inode: /proc/self/fd/<fd of the accepted socket> → `socket:[INODE]`;
 * 2. the peer's inode: `ss -xHn` (iproute2) asks the kernel over sock_diag netlink, which reports each Unix socket's
 *    peer inode; the accepted socket's line reads `… <path> INODE * PEER_INODE`;
 * 3. the process holding the peer inode: /proc/<pid>/fd symlinks. The pid the client claims is tried first; if its
 *    descriptors do not hold the peer, every readable process is searched (the claim is not trusted).
 * The inode of our end ± 1 is often the peer, but not reliably, so it is never guessed. When `ss` is missing or any
 * step fails the peer is unknown (undefined), never assumed.
 */
export async function identifyPeer(
  socket: Socket,
  claimedPid: number | undefined,
  platform: NodeJS.Platform = process.platform,
): Promise<PeerProcess | undefined> {
  if (platform !== 'linux') return undefined;
  const fd = (socket as unknown as { _handle?: { fd?: unknown } })._handle?.fd;
  if (typeof fd !== 'number' || fd < 0) return undefined;
  const ours = socketInode(`/proc/self/fd/${fd}`);
  if (ours === undefined) return undefined;
  const peerInode = await peerInodeOf(ours);
  if (peerInode === undefined) return undefined;
  const link = `socket:[${peerInode}]`;
  const candidates = claimedPid !== undefined && claimedPid > 0 ? [claimedPid] : [];
  for (const pid of candidates) if (holds(pid, link)) return describe(pid);
  for (const entry of safeReaddir('/proc')) {
    const pid = Number(entry);
    if (!Number.isInteger(pid) || pid <= 0 || pid === claimedPid) continue;
    if (holds(pid, link)) return describe(pid);
  }
  return undefined;
}

function socketInode(path: string): string | undefined {
  try {
    return /^socket:\[(\d+)\]$/.exec(readlinkSync(path))?.[1];
  } catch {
    return undefined;
  }
}

/** `ss` is in /usr/bin on Debian and Ubuntu, /usr/sbin or /sbin elsewhere, which a desktop PATH may lack. */
const SS_COMMANDS = ['ss', '/usr/sbin/ss', '/sbin/ss'];

function runSs(index = 0): Promise<string | undefined> {
  const command = SS_COMMANDS[index];
  if (command === undefined) return Promise.resolve(undefined);
  return new Promise((resolve) => {
    const settings = { timeout: 2000, maxBuffer: 16 * 1024 * 1024, env: childEnv('tool', process.env) };
    execFile(command, ['-xHn'], settings, (error, stdout) => {
      if (!error) return resolve(stdout);
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return resolve(runSs(index + 1));
      resolve(undefined);
    });
  });
}

async function peerInodeOf(inode: string): Promise<string | undefined> {
  const stdout = await runSs();
  for (const line of stdout?.split('\n') ?? []) {
    // Netid State Recv-Q Send-Q Local-Address Local-Inode Peer-Address Peer-Inode; the local path may contain
    // spaces, so the columns are read from the end.
    const columns = line.trim().split(/\s+/);
    if (columns.length >= 4 && columns.at(-3) === inode) {
      const peer = columns.at(-1);
      return peer && /^\d+$/.test(peer) && peer !== '0' ? peer : undefined;
    }
  }
  return undefined;
}

function holds(pid: number, link: string): boolean {
  for (const fd of safeReaddir(`/proc/${pid}/fd`)) {
    try {
      if (readlinkSync(`/proc/${pid}/fd/${fd}`) === link) return true;
    } catch {
      // closed meanwhile
    }
  }
  return false;
}

function describe(pid: number): PeerProcess | undefined {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const uids = /^Uid:\s+(\d+)\s+(\d+)/m.exec(status);
    const ppid = /^PPid:\s+(\d+)/m.exec(status);
    if (!uids || !ppid) return undefined;
    return { pid, uids: [Number(uids[1]), Number(uids[2])], ppid: Number(ppid[1]) };
  } catch {
    return undefined;
  }
}

function safeReaddir(path: string): string[] {
  try {
    return readdirSync(path);
  } catch {
    return [];
  }
}

/** A process's arguments as Linux reports them (/proc/PID/cmdline); null when they cannot be read. */
export function argvOf(pid: number): string[] | null {
  try {
    const parts = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
    if (parts.at(-1) === '') parts.pop();
    return parts.length > 0 ? parts : null;
  } catch {
    return null;
  }
}

/**
 * How the prompt names a tobira process from its OS-reported arguments: `node …/tobira.mjs login work` (or a packaged
 * `…/tobira login work`) reads `tobira login work`. Any other program is shown verbatim, so an impostor holding the
 * token shows up as what it is.
 */
export function tobiraCommandOf(argv: readonly string[]): string {
  const base = (path: string) => path.split(/[/\\]/).pop() ?? path;
  const isTobira = (path: string | undefined) =>
    path !== undefined && /^tobira(\.m?js|\.exe)?$/i.test(base(path));
  const isRunner = (path: string | undefined) => /^(node|electron)(\.exe)?$/i.test(base(path ?? ''));
  let start: number;
  if (isRunner(argv[0]) && isTobira(argv[1])) start = 2;
  else if (isTobira(argv[0]))
    start = isTobira(argv[1]) ? 2 : 1; // a packaged app running its own tobira.mjs
  else return clip(argv.join(' '));
  return clip(['tobira', ...argv.slice(start)].join(' '));
}

/** A process's command line as the OS reports it: /proc on Linux, `ps` on macOS; null when it cannot be read. */
export function commandLineOf(pid: number, platform: NodeJS.Platform = process.platform): string | null {
  try {
    if (platform === 'linux') {
      const raw = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
      const parts = raw.split('\0').filter((part) => part.length > 0);
      return parts.length > 0 ? clip(parts.join(' ')) : null;
    }
    if (platform === 'darwin') {
      const out = execFileSync('ps', ['-o', 'command=', '-p', String(pid)], {
        encoding: 'utf8',
        timeout: 1000,
        env: childEnv('tool', process.env),
      });
      return out.trim() ? clip(out.trim()) : null;
    }
  } catch {
    // gone, or not ours to read
  }
  return null;
}

export function clip(text: string): string {
  return text.length > 1000 ? `${text.slice(0, 999)}…` : text;
}
