// A strict PNG reader for tests: checks the signature and every chunk's CRC, inflates the image data
// and undoes all five row filters, so an encoder bug cannot pass unnoticed.
import { inflateSync } from 'node:zlib';
import { crc32 } from '../../src/web/png.js';

export interface DecodedPng {
  width: number;
  height: number;
  /** RGB bytes, row by row. */
  pixels: Uint8Array;
  chunks: string[];
  text: Record<string, string>;
}

const SIGNATURE = '89504e470d0a1a0a';

export function decodePng(data: Buffer): DecodedPng {
  if (data.subarray(0, 8).toString('hex') !== SIGNATURE) throw new Error('not a PNG signature');
  let offset = 8;
  let width = 0;
  let height = 0;
  const idat: Buffer[] = [];
  const chunks: string[] = [];
  const text: Record<string, string> = {};
  while (offset < data.length) {
    const length = data.readUInt32BE(offset);
    const type = data.toString('latin1', offset + 4, offset + 8);
    const body = data.subarray(offset + 8, offset + 8 + length);
    const crc = data.readUInt32BE(offset + 8 + length);
    if (crc !== crc32(data, offset + 4, offset + 8 + length)) throw new Error(`bad CRC in ${type}`);
    chunks.push(type);
    if (type === 'IHDR') {
      width = body.readUInt32BE(0);
      height = body.readUInt32BE(4);
      if (body[8] !== 8 || body[9] !== 2 || body[12] !== 0) throw new Error('expected 8-bit RGB, not interlaced');
    } else if (type === 'IDAT') idat.push(body);
    else if (type === 'tEXt') {
      const zero = body.indexOf(0);
      text[body.toString('latin1', 0, zero)] = body.toString('latin1', zero + 1);
    }
    offset += 12 + length;
    if (type === 'IEND') break;
  }
  if (offset !== data.length) throw new Error('bytes after IEND');
  const raw = inflateSync(Buffer.concat(idat));
  const stride = width * 3;
  if (raw.length !== (stride + 1) * height) throw new Error(`expected ${(stride + 1) * height} bytes of image data, got ${raw.length}`);
  const pixels = new Uint8Array(stride * height);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)];
    for (let x = 0; x < stride; x++) {
      const v = raw[y * (stride + 1) + 1 + x] ?? 0;
      const a = x >= 3 ? pixels[y * stride + x - 3] ?? 0 : 0;
      const b = y > 0 ? pixels[(y - 1) * stride + x] ?? 0 : 0;
      const c = x >= 3 && y > 0 ? pixels[(y - 1) * stride + x - 3] ?? 0 : 0;
      let predicted: number;
      switch (filter) {
        case 0: predicted = 0; break;
        case 1: predicted = a; break;
        case 2: predicted = b; break;
        case 3: predicted = (a + b) >> 1; break;
        case 4: {
          const p = a + b - c;
          const pa = Math.abs(p - a);
          const pb = Math.abs(p - b);
          const pc = Math.abs(p - c);
          predicted = pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
          break;
        }
        default: throw new Error(`unknown filter ${filter}`);
      }
      pixels[y * stride + x] = (v + predicted) & 0xff;
    }
  }
  return { width, height, pixels, chunks, text };
}
