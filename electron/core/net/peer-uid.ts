import { readFile } from 'node:fs/promises';
import { isIPv4 } from 'node:net';

/**
 * Who is on the other end of a loopback TCP connection. Node has no SO_PEERCRED for TCP, but on Linux the kernel
 * lists every socket of this network namespace in /proc/net/tcp{,6} with its owner's uid: the client's socket is
 * the line whose local address is the connection's remote one and whose remote address is our local one.
 */
export type PeerOwner = { kind: 'uid'; uid: number } | { kind: 'not-found' } | { kind: 'unknown' };

export interface SocketAddresses {
  localAddress?: string | undefined;
  localPort?: number | undefined;
  remoteAddress?: string | undefined;
  remotePort?: number | undefined;
}

export interface ProcTcpEntry {
  local: { address: string; port: number };
  remote: { address: string; port: number };
  /** The st column: 01 ESTABLISHED … 06 TIME_WAIT (a time-wait entry shows uid 0 whoever owned it). */
  state: number;
  uid: number;
}

const TIME_WAIT = 0x06;

/** "0100007F" → "127.0.0.1": the 32-bit word is printed in the host's byte order (little-endian here). */
function ipv4FromHex(hex: string, littleEndian: boolean): string {
  const bytes = Buffer.from(hex, 'hex');
  const ordered = littleEndian ? [...bytes].reverse() : [...bytes];
  return ordered.join('.');
}

/** 32 hex digits, four 32-bit words each in host order → canonical text (IPv4-mapped ones as dotted IPv4). */
function ipv6FromHex(hex: string, littleEndian: boolean): string {
  const bytes: number[] = [];
  for (let word = 0; word < 4; word++) {
    const chunk = [...Buffer.from(hex.slice(word * 8, word * 8 + 8), 'hex')];
    bytes.push(...(littleEndian ? chunk.reverse() : chunk));
  }
  const mapped = bytes.slice(0, 10).every((b) => b === 0) && bytes[10] === 0xff && bytes[11] === 0xff;
  if (mapped) return bytes.slice(12).join('.');
  const groups: string[] = [];
  for (let i = 0; i < 16; i += 2) groups.push((((bytes[i] ?? 0) << 8) | (bytes[i + 1] ?? 0)).toString(16));
  return groups.join(':');
}

function parseEndpoint(text: string, littleEndian: boolean): { address: string; port: number } | undefined {
  const match = /^([0-9A-Fa-f]{8}|[0-9A-Fa-f]{32}):([0-9A-Fa-f]{4})$/.exec(text);
  if (!match) return undefined;
  const [, hex = '', port = ''] = match;
  return {
    address: hex.length === 8 ? ipv4FromHex(hex, littleEndian) : ipv6FromHex(hex, littleEndian),
    port: parseInt(port, 16),
  };
}

/** The lines of /proc/net/tcp or /proc/net/tcp6 (header skipped, malformed lines dropped). */
export function parseProcNetTcp(text: string, littleEndian = hostIsLittleEndian()): ProcTcpEntry[] {
  const entries: ProcTcpEntry[] = [];
  for (const line of text.split('\n')) {
    // sl local_address rem_address st tx_queue:rx_queue tr:tm->when retrnsmt uid timeout inode …
    const columns = line.trim().split(/\s+/);
    if (columns.length < 8 || !/^\d+:$/.test(columns[0] ?? '')) continue;
    const local = parseEndpoint(columns[1] ?? '', littleEndian);
    const remote = parseEndpoint(columns[2] ?? '', littleEndian);
    const state = parseInt(columns[3] ?? '', 16);
    const uid = Number(columns[7]);
    if (!local || !remote || !Number.isInteger(state) || !Number.isInteger(uid)) continue;
    entries.push({ local, remote, state, uid });
  }
  return entries;
}

function hostIsLittleEndian(): boolean {
  return new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
}

/** "::ffff:127.0.0.1" → "127.0.0.1"; IPv6 text → the expanded, lower-case form parseProcNetTcp produces. */
export function normaliseAddress(address: string): string {
  const lower = address.toLowerCase();
  if (lower.startsWith('::ffff:') && isIPv4(lower.slice(7))) return lower.slice(7);
  if (isIPv4(lower)) return lower;
  const [head = '', tail = ''] = lower.split('::');
  const left = head === '' ? [] : head.split(':');
  const right = lower.includes('::') ? (tail === '' ? [] : tail.split(':')) : [];
  const fill = lower.includes('::') ? Array<string>(8 - left.length - right.length).fill('0') : [];
  return [...left, ...fill, ...right].map((group) => parseInt(group, 16).toString(16)).join(':');
}

/** The owner of the connection's client socket, looked up in `entries` (both files' lines). */
export function findPeer(entries: readonly ProcTcpEntry[], socket: SocketAddresses): PeerOwner {
  const { localAddress, localPort, remoteAddress, remotePort } = socket;
  if (!localAddress || !remoteAddress || localPort === undefined || remotePort === undefined) {
    return { kind: 'not-found' };
  }
  const ours = normaliseAddress(localAddress);
  const theirs = normaliseAddress(remoteAddress);
  const hit = entries.find(
    (entry) =>
      entry.state !== TIME_WAIT &&
      entry.local.port === remotePort &&
      entry.remote.port === localPort &&
      entry.local.address === theirs &&
      entry.remote.address === ours,
  );
  return hit ? { kind: 'uid', uid: hit.uid } : { kind: 'not-found' };
}

export interface PeerLookupOptions {
  platform?: NodeJS.Platform;
  read?: (path: string) => Promise<string>;
}

/**
 * The uid running the client of `socket`, 'not-found' on Linux when no socket matches, else 'unknown'. The IPv4 table
 * is read first and the IPv6 one only when the client is not in it: each read walks the kernel's socket table, which
 * costs milliseconds on a busy machine.
 */
export async function peerOwner(
  socket: SocketAddresses,
  options: PeerLookupOptions = {},
): Promise<PeerOwner> {
  if ((options.platform ?? process.platform) !== 'linux') return { kind: 'unknown' };
  const read = options.read ?? ((path: string) => readFile(path, 'utf8'));
  const tcp = await read('/proc/net/tcp').catch(() => undefined);
  const inTcp = tcp === undefined ? undefined : findPeer(parseProcNetTcp(tcp), socket);
  if (inTcp?.kind === 'uid') return inTcp;
  const tcp6 = await read('/proc/net/tcp6').catch(() => undefined);
  if (tcp === undefined && tcp6 === undefined) return { kind: 'unknown' };
  return findPeer(
    [tcp, tcp6].flatMap((text) => (text === undefined ? [] : parseProcNetTcp(text))),
    socket,
  );
}

/**
 * May this connection use a one-shot? Yes when its client runs as our uid, or when the OS cannot tell (non-Linux,
 * /proc unreadable): there the one-shot's secrecy is the only barrier, as before. A Linux socket of another uid, or
 * one the kernel does not list, is refused.
 */
export async function isOwnPeer(socket: SocketAddresses, options: PeerLookupOptions & { uid?: number } = {}) {
  const owner = await peerOwner(socket, options);
  if (owner.kind === 'unknown') return true;
  const uid = options.uid ?? process.getuid?.();
  if (uid === undefined) return true;
  return owner.kind === 'uid' && owner.uid === uid;
}
