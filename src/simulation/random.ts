// Deterministic randomness: every id, text and number derives from the run's seed and stable inputs
// (key, counters, task text), never from call order across keys.

/** 32-bit FNV-1a followed by a murmur3 finaliser: a fast, well-mixed string hash. */
export function hash32(text: string, salt = 0): number {
  let h = (0x811c9dc5 ^ salt) >>> 0;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return mix32(h);
}

/** The murmur3 finaliser. */
function mix32(hash: number): number {
  let h = hash;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** Small fast PRNG (sfc32) seeded from a string. */
export class Rng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;
  constructor(seed: string) {
    // hash32(seed, 1), hash32(seed, 2) and hash32(seed, 3), in one pass over the seed.
    let a = (0x811c9dc5 ^ 1) >>> 0;
    let b = (0x811c9dc5 ^ 2) >>> 0;
    let c = (0x811c9dc5 ^ 3) >>> 0;
    for (let i = 0; i < seed.length; i++) {
      const code = seed.charCodeAt(i);
      a = Math.imul(a ^ code, 0x01000193);
      b = Math.imul(b ^ code, 0x01000193);
      c = Math.imul(c ^ code, 0x01000193);
    }
    this.a = mix32(a);
    this.b = mix32(b);
    this.c = mix32(c);
    this.d = 1;
    for (let i = 0; i < 12; i++) this.nextUint32();
  }
  nextUint32(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return t >>> 0;
  }
  /** Uniform in [0, 1). */
  next(): number {
    return this.nextUint32() / 4294967296;
  }
  /** Uniform integer in [min, max]. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }
  pick<T>(items: readonly T[]): T {
    const item = items[Math.floor(this.next() * items.length)];
    if (item === undefined) throw new RangeError('pick from an empty list');
    return item;
  }
  chance(probability: number): boolean {
    return this.next() < probability;
  }
}

const HEX: string[] = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

const hex8 = (w: number): string => `${HEX[w >>> 24]}${HEX[(w >>> 16) & 255]}${HEX[(w >>> 8) & 255]}${HEX[w & 255]}`;

/**
 * A version-4-shaped UUID that is a pure function of its parts. Built with one join so the result is a
 * flat string: ids are held by every stored object, and a chain of concatenations costs far more heap.
 */
export function stableUuid(...parts: (string | number)[]): string {
  const text = parts.join('\u0000');
  const w0 = hash32(text, 11);
  // Version nibble 4 (byte 6) and variant bits 10 (byte 8).
  const w1 = ((hash32(text, 23) & 0xffff0fff) | 0x00004000) >>> 0;
  const w2 = ((hash32(text, 37) & 0x3fffffff) | 0x80000000) >>> 0;
  const w3 = hash32(text, 53);
  const b = hex8(w1);
  const c = hex8(w2);
  return [hex8(w0), b.slice(0, 4), b.slice(4), c.slice(0, 4), c.slice(4) + hex8(w3)].join('-');
}
