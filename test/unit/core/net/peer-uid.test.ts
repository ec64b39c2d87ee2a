import { createServer, connect, type Socket } from 'node:net';
import { describe, expect, it } from 'vitest';
import {
  findPeer,
  isOwnPeer,
  normaliseAddress,
  parseProcNetTcp,
  peerOwner,
} from '../../../../electron/core/net/peer-uid';

// Captured from Linux x86-64 (little-endian): a listener on 127.0.0.1:41000 (uid 0), an established client
// 127.0.0.1:50000 → :41000 of uid 65534, and the server's accepted side (uid 0); a TIME_WAIT entry (uid 0).
const TCP = `  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode
   0: 0100007F:A028 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 19438 1 0000000000000000 100 0 0 10 0
   1: 0100007F:C350 0100007F:A028 01 00000000:00000000 00:00000000 00000000 65534        0 19501 1 0000000000000000 20 4 30 10 -1
   2: 0100007F:A028 0100007F:C350 01 00000000:00000000 00:00000000 00000000     0        0 19502 1 0000000000000000 20 4 30 10 -1
   3: 0100007F:C351 0100007F:A028 06 00000000:00000000 03:00001770 00000000     0        0 0 3 0000000000000000
garbage line
`;
// ::1 client port 50002 → ::1:41001 (uid 1000) and an IPv4-mapped client ::ffff:127.0.0.1:50003 → ::ffff:127.0.0.1:41002
// (uid 1001), as a dual-stack listener sees them.
const TCP6 = `  sl  local_address                         remote_address                        st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode
   0: 00000000000000000000000001000000:C352 00000000000000000000000001000000:A029 01 00000000:00000000 00:00000000 00000000  1000        0 20001 1 0000000000000000 20 4 30 10 -1
   1: 0000000000000000FFFF00000100007F:C353 0000000000000000FFFF00000100007F:A02A 01 00000000:00000000 00:00000000 00000000  1001        0 20002 1 0000000000000000 20 4 30 10 -1
`;

describe('parseProcNetTcp', () => {
  it('reads IPv4 lines in host byte order and skips the header and malformed lines', () => {
    const entries = parseProcNetTcp(TCP, true);
    expect(entries).toHaveLength(4);
    expect(entries[1]).toEqual({
      local: { address: '127.0.0.1', port: 50000 },
      remote: { address: '127.0.0.1', port: 41000 },
      state: 1,
      uid: 65534,
    });
    expect(parseProcNetTcp(TCP, false)[1]?.local.address).toBe('127.0.0.1'.split('.').reverse().join('.'));
  });

  it('reads IPv6 lines, IPv4-mapped ones as dotted IPv4', () => {
    const entries = parseProcNetTcp(TCP6, true);
    expect(entries.map((e) => [e.local.address, e.local.port, e.uid])).toEqual([
      ['0:0:0:0:0:0:0:1', 50002, 1000],
      ['127.0.0.1', 50003, 1001],
    ]);
  });
});

describe('findPeer', () => {
  const entries = [...parseProcNetTcp(TCP, true), ...parseProcNetTcp(TCP6, true)];

  it('finds the client side of a connection, not our accepted side', () => {
    const socket = {
      localAddress: '127.0.0.1',
      localPort: 41000,
      remoteAddress: '127.0.0.1',
      remotePort: 50000,
    };
    expect(findPeer(entries, socket)).toEqual({ kind: 'uid', uid: 65534 });
  });

  it('matches ::1 and IPv4-mapped addresses as Node reports them', () => {
    expect(
      findPeer(entries, { localAddress: '::1', localPort: 41001, remoteAddress: '::1', remotePort: 50002 }),
    ).toEqual({ kind: 'uid', uid: 1000 });
    expect(
      findPeer(entries, {
        localAddress: '::ffff:127.0.0.1',
        localPort: 41002,
        remoteAddress: '::ffff:127.0.0.1',
        remotePort: 50003,
      }),
    ).toEqual({ kind: 'uid', uid: 1001 });
  });

  it('ignores TIME_WAIT entries (they show uid 0 whoever owned them) and unknown sockets', () => {
    const base = { localAddress: '127.0.0.1', localPort: 41000, remoteAddress: '127.0.0.1' };
    expect(findPeer(entries, { ...base, remotePort: 50001 })).toEqual({ kind: 'not-found' });
    expect(findPeer(entries, { ...base, remotePort: 60000 })).toEqual({ kind: 'not-found' });
    expect(findPeer(entries, {})).toEqual({ kind: 'not-found' });
  });

  it('normalises IPv6 text', () => {
    expect(normaliseAddress('::1')).toBe('0:0:0:0:0:0:0:1');
    expect(normaliseAddress('FE80::0001:2')).toBe('fe80:0:0:0:0:0:1:2');
    expect(normaliseAddress('::FFFF:127.0.0.1')).toBe('127.0.0.1');
  });
});

describe('peerOwner / isOwnPeer', () => {
  const read = (files: Record<string, string>) => async (path: string) => {
    const text = files[path];
    if (text === undefined) throw new Error('ENOENT');
    return text;
  };
  const socket = {
    localAddress: '127.0.0.1',
    localPort: 41000,
    remoteAddress: '127.0.0.1',
    remotePort: 50000,
  };

  it('is unknown off Linux or without /proc, and then keeps the old behaviour (allowed)', async () => {
    expect(await peerOwner(socket, { platform: 'darwin' })).toEqual({ kind: 'unknown' });
    expect(await peerOwner(socket, { platform: 'linux', read: read({}) })).toEqual({ kind: 'unknown' });
    expect(await isOwnPeer(socket, { platform: 'win32', uid: 0 })).toBe(true);
  });

  it('refuses another uid and a socket the kernel does not list', async () => {
    const files = read({ '/proc/net/tcp': TCP });
    expect(await isOwnPeer(socket, { platform: 'linux', read: files, uid: 65534 })).toBe(true);
    expect(await isOwnPeer(socket, { platform: 'linux', read: files, uid: 0 })).toBe(false);
    expect(
      await isOwnPeer({ ...socket, remotePort: 1 }, { platform: 'linux', read: files, uid: 65534 }),
    ).toBe(false);
  });

  it('reads the IPv6 table only when the client is not in the IPv4 one (each read walks the kernel table)', async () => {
    const reads: string[] = [];
    const files = (path: string) => {
      reads.push(path);
      return read({ '/proc/net/tcp': TCP, '/proc/net/tcp6': TCP6 })(path);
    };
    expect(await peerOwner(socket, { platform: 'linux', read: files })).toEqual({ kind: 'uid', uid: 65534 });
    expect(reads).toEqual(['/proc/net/tcp']);
    reads.length = 0;
    const mapped = {
      localAddress: '::ffff:127.0.0.1',
      localPort: 41002,
      remoteAddress: '::ffff:127.0.0.1',
      remotePort: 50003,
    };
    expect(await peerOwner(mapped, { platform: 'linux', read: files })).toEqual({ kind: 'uid', uid: 1001 });
    expect(reads).toEqual(['/proc/net/tcp', '/proc/net/tcp6']);
    expect(await peerOwner(mapped, { platform: 'linux', read: read({ '/proc/net/tcp6': TCP6 }) })).toEqual({
      kind: 'uid',
      uid: 1001,
    });
  });

  it.runIf(process.platform === 'linux')(
    'finds our own live loopback connection in the real /proc',
    async () => {
      const accepted = new Promise<Socket>((resolve) => {
        const server = createServer((s) => {
          resolve(s);
          server.close();
        });
        server.listen(0, '127.0.0.1', () => {
          const port = (server.address() as { port: number }).port;
          const client = connect(port, '127.0.0.1');
          client.on('close', () => undefined);
          setTimeout(() => client.destroy(), 2000).unref();
        });
      });
      const serverSide = await accepted;
      expect(await peerOwner(serverSide)).toEqual({ kind: 'uid', uid: process.getuid?.() });
      expect(await isOwnPeer(serverSide)).toBe(true);
      serverSide.destroy();
    },
  );
});
