import { readFileSync, writeFileSync } from 'node:fs';
import { deflateSync } from 'node:zlib';

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(bytes: Buffer): number {
  let c = ~0;
  for (const byte of bytes) c = (CRC_TABLE[(c ^ byte) & 255] ?? 0) ^ (c >>> 8);
  return ~c >>> 0;
}

function chunk(type: string, body: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(body.length);
  const typed = Buffer.concat([Buffer.from(type, 'ascii'), body]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(typed));
  return Buffer.concat([length, typed, crc]);
}

/**
 * Converts Xvfb's -fbdir screen (an XWD file of a 24-bit TrueColor screen) to a PNG: the whole screen as the user
 * would see it, browser frame included (a page screenshot shows only the page). Returns the pixel reader too.
 */
export function xwdToPng(xwdPath: string, pngPath: string): { pixel(x: number, y: number): number } {
  const xwd = readFileSync(xwdPath);
  const header = (offset: number) => xwd.readUInt32BE(offset);
  const headerSize = header(0);
  const width = header(16);
  const height = header(20);
  const byteOrder = header(28);
  const bitsPerPixel = header(44);
  const bytesPerLine = header(48);
  const colours = header(76);
  const start = headerSize + colours * 12;
  const pixel = (x: number, y: number): number => {
    const at = start + y * bytesPerLine + x * (bitsPerPixel / 8);
    return (byteOrder === 0 ? xwd.readUInt32LE(at) : xwd.readUInt32BE(at)) & 0xffffff;
  };
  const row = width * 3 + 1;
  const raw = Buffer.alloc(row * height);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const value = pixel(x, y);
      const at = y * row + 1 + x * 3;
      raw[at] = (value >> 16) & 255;
      raw[at + 1] = (value >> 8) & 255;
      raw[at + 2] = value & 255;
    }
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 2; // truecolour RGB
  writeFileSync(
    pngPath,
    Buffer.concat([
      Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]),
      chunk('IHDR', ihdr),
      chunk('IDAT', deflateSync(raw)),
      chunk('IEND', Buffer.alloc(0)),
    ]),
  );
  return { pixel };
}
