// A minimal PNG encoder (8-bit truecolour, no interlace) on node:zlib, for the simulated screenshots.
import { deflateSync } from 'node:zlib';

const SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** CRC-32 as PNG chunks use it (zlib.crc32 only exists from Node 22.2). */
const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

export function crc32(data: Uint8Array, start = 0, end = data.length): number {
  let c = 0xffffffff;
  for (let i = start; i < end; i++) c = (CRC_TABLE[(c ^ (data[i] ?? 0)) & 0xff] ?? 0) ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Buffer): Buffer {
  const out = Buffer.alloc(12 + data.length);
  out.writeUInt32BE(data.length, 0);
  out.write(type, 4, 'latin1');
  data.copy(out, 8);
  out.writeUInt32BE(crc32(out, 4, 8 + data.length), 8 + data.length);
  return out;
}

/** An RGB image: `pixels` holds width × height × 3 bytes, row by row. */
export interface RgbImage {
  width: number;
  height: number;
  pixels: Uint8Array;
}

/**
 * Encodes an RGB image as PNG. Rows use the "Up" filter (or none for the first row): screenshots are
 * mostly flat areas, which that filter turns into long runs of zeros for deflate.
 */
export function encodePng(image: RgbImage, textChunks: Record<string, string> = {}): Buffer {
  const { width, height, pixels } = image;
  if (!Number.isInteger(width) || !Number.isInteger(height) || width <= 0 || height <= 0) throw new RangeError('image size must be positive integers');
  const stride = width * 3;
  if (pixels.length !== stride * height) throw new RangeError(`expected ${stride * height} bytes of pixels, got ${pixels.length}`);
  const raw = Buffer.alloc((stride + 1) * height);
  for (let y = 0; y < height; y++) {
    const row = y * (stride + 1);
    const src = y * stride;
    if (y === 0) {
      raw[row] = 0;
      raw.set(pixels.subarray(src, src + stride), row + 1);
      continue;
    }
    raw[row] = 2;
    for (let x = 0; x < stride; x++) raw[row + 1 + x] = ((pixels[src + x] ?? 0) - (pixels[src - stride + x] ?? 0)) & 0xff;
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 8; // bit depth
  header[9] = 2; // truecolour
  header[10] = 0; // deflate
  header[11] = 0; // adaptive filtering
  header[12] = 0; // no interlace
  const texts = Object.entries(textChunks).map(([key, value]) => chunk('tEXt', Buffer.from(`${key}\0${value}`, 'latin1')));
  return Buffer.concat([SIGNATURE, chunk('IHDR', header), ...texts, chunk('IDAT', deflateSync(raw, { level: 6 })), chunk('IEND', Buffer.alloc(0))]);
}
