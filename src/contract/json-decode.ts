// Decodes a request body the way FastAPI does (Starlette's `json.loads` on the raw bytes), so that a
// malformed body is rejected with CPython's own message and character position.

export type JsonDecodeResult =
  | { ok: true; value: unknown }
  | { ok: false; reason: 'syntax'; msg: string; pos: number }
  /** Nested deeper than MAX_JSON_DEPTH, or bytes Python cannot decode as text: FastAPI answers 400 for both. */
  | { ok: false; reason: 'depth' | 'encoding' };

/**
 * Deepest nesting of arrays and objects a body may have. CPython's decoder raises RecursionError one
 * level further (measured behind FastAPI on uvicorn: 961 levels decode, 962 do not), and FastAPI turns
 * that into 400 "There was an error parsing the body". The bound also keeps every later walk of the
 * value (validation, echo, serialisation) far from the JavaScript stack limit.
 */
export const MAX_JSON_DEPTH = 961;

/** Decodes raw body bytes as json.loads(bytes) does: the encoding detected, then the JSON text. */
export function decodeJsonBytes(body: Uint8Array): JsonDecodeResult {
  const text = pythonJsonText(body);
  return text === undefined ? { ok: false, reason: 'encoding' } : decodeJsonBody(text);
}

/**
 * json.loads(bytes): the encoding is told from a BOM or from where the NUL bytes of the first four are
 * (json.detect_encoding), then decoded strictly but with 'surrogatepass' (lone surrogates are kept).
 * Undefined where Python raises UnicodeDecodeError.
 */
function pythonJsonText(b: Uint8Array): string | undefined {
  const at = (i: number): number => b[i] ?? 0;
  const starts = (...bytes: number[]): boolean => bytes.every((v, i) => at(i) === v && i < b.length);
  if (starts(0x00, 0x00, 0xfe, 0xff)) return utf32(b.subarray(4), false);
  if (starts(0xff, 0xfe, 0x00, 0x00)) return utf32(b.subarray(4), true);
  if (starts(0xfe, 0xff)) return utf16(b.subarray(2), false);
  if (starts(0xff, 0xfe)) return utf16(b.subarray(2), true);
  if (starts(0xef, 0xbb, 0xbf)) return utf8(b); // the scanner drops the BOM, as 'utf-8-sig' does
  if (b.length >= 4) {
    if (at(0) === 0) return at(1) !== 0 ? utf16(b, false) : utf32(b, false);
    if (at(1) === 0) return at(2) !== 0 || at(3) !== 0 ? utf16(b, true) : utf32(b, true);
  } else if (b.length === 2) {
    if (at(0) === 0) return utf16(b, false);
    if (at(1) === 0) return utf16(b, true);
  }
  return utf8(b);
}

const UTF8 = new TextDecoder('utf-8', { fatal: true });

function utf8(b: Uint8Array): string | undefined {
  try {
    return UTF8.decode(b);
  } catch {
    return utf8SurrogatePass(b);
  }
}

/** Strict UTF-8 that also lets encoded surrogates (ED A0..BF xx) through, as Python's 'surrogatepass'. */
function utf8SurrogatePass(b: Uint8Array): string | undefined {
  let out = '';
  for (let i = 0; i < b.length; ) {
    const c = b[i] ?? 0;
    const need = c < 0x80 ? 0 : c >= 0xc2 && c <= 0xdf ? 1 : c >= 0xe0 && c <= 0xef ? 2 : c >= 0xf0 && c <= 0xf4 ? 3 : -1;
    if (need < 0 || i + need >= b.length + (need === 0 ? 1 : 0)) return undefined;
    let code = need === 0 ? c : c & (0x3f >> need);
    for (let k = 1; k <= need; k++) {
      const d = b[i + k] ?? 0;
      if ((d & 0xc0) !== 0x80) return undefined;
      code = (code << 6) | (d & 0x3f);
    }
    const min = [0, 0x80, 0x800, 0x10000][need] ?? 0;
    if (code < min || code > 0x10ffff) return undefined;
    out += String.fromCharCode(...(code > 0xffff ? [0xd800 + ((code - 0x10000) >> 10), 0xdc00 + ((code - 0x10000) & 0x3ff)] : [code]));
    i += need + 1;
  }
  return out;
}

function utf16(b: Uint8Array, littleEndian: boolean): string | undefined {
  if (b.length % 2 !== 0) return undefined;
  const units: number[] = [];
  for (let i = 0; i < b.length; i += 2) units.push(littleEndian ? (b[i] ?? 0) | ((b[i + 1] ?? 0) << 8) : ((b[i] ?? 0) << 8) | (b[i + 1] ?? 0));
  let out = '';
  for (let i = 0; i < units.length; i += 4096) out += String.fromCharCode(...units.slice(i, i + 4096));
  return out;
}

function utf32(b: Uint8Array, littleEndian: boolean): string | undefined {
  if (b.length % 4 !== 0) return undefined;
  let out = '';
  const view = new DataView(b.buffer, b.byteOffset, b.byteLength);
  for (let i = 0; i < b.length; i += 4) {
    const code = view.getUint32(i, littleEndian);
    if (code > 0x10ffff) return undefined;
    out += code >= 0xd800 && code <= 0xdfff ? String.fromCharCode(code) : String.fromCodePoint(code);
  }
  return out;
}

const MSG_VALUE = 'Expecting value';
const MSG_PROPERTY = 'Expecting property name enclosed in double quotes';
const MSG_COLON = "Expecting ':' delimiter";
const MSG_COMMA = "Expecting ',' delimiter";
const MSG_UNTERMINATED = 'Unterminated string starting at';
const MSG_CONTROL = 'Invalid control character at';
const MSG_ESCAPE = 'Invalid \\escape';
const MSG_UNICODE_ESCAPE = 'Invalid \\uXXXX escape';
const MSG_EXTRA = 'Extra data';

/** Thrown inside the scanner; `pos` is a UTF-16 index until converted at the end. */
class DecodeError {
  constructor(
    readonly msg: string,
    readonly pos: number,
  ) {}
}

export function decodeJsonBody(text: string): JsonDecodeResult {
  // The body arrives as bytes and json.loads detects UTF-8 with a BOM as 'utf-8-sig', dropping it.
  const s = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  // Too deep a text goes straight to the scanner, which reports whichever error CPython meets first.
  if (!nestsDeeperThan(s, MAX_JSON_DEPTH)) {
    try {
      return { ok: true, value: JSON.parse(s) };
    } catch {
      // Fall through to the scanner: it also accepts NaN/Infinity, which CPython allows.
    }
  }
  try {
    return { ok: true, value: new Scanner(s).decode() };
  } catch (err) {
    if (err instanceof DecodeError) return { ok: false, reason: 'syntax', msg: err.msg, pos: codePointIndex(s, err.pos) };
    if (err instanceof DepthError) return { ok: false, reason: 'depth' };
    throw err;
  }
}

/**
 * json.loads(str) in a field validator: as for a body, except that a text starting with a BOM is refused
 * (only bytes are decoded as 'utf-8-sig'). A failure carries CPython's whole message, as `str()` of its
 * JSONDecodeError reads: "Expecting value: line 1 column 1 (char 0)".
 */
export function loadsJsonText(text: string): { ok: true; value: unknown } | { ok: false; message: string } {
  if (text.charCodeAt(0) === 0xfeff) return { ok: false, message: pythonDecodeMessage(text, 'Unexpected UTF-8 BOM (decode using utf-8-sig)', 0) };
  const decoded = decodeJsonBody(text);
  if (decoded.ok) return decoded;
  if (decoded.reason === 'syntax') return { ok: false, message: pythonDecodeMessage(text, decoded.msg, decoded.pos) };
  return { ok: false, message: `nested deeper than ${MAX_JSON_DEPTH} levels` };
}

/** `msg: line L column C (char P)`, with `pos` counted in code points as Python counts. */
function pythonDecodeMessage(text: string, msg: string, pos: number): string {
  const before = Array.from(text).slice(0, pos);
  const lastNewline = before.lastIndexOf('\n');
  const line = before.filter((c) => c === '\n').length + 1;
  return `${msg}: line ${line} column ${pos - lastNewline} (char ${pos})`;
}

/** Whether brackets outside strings ever nest deeper than `limit` (one pass, no recursion). */
function nestsDeeperThan(s: string, limit: number): boolean {
  let depth = 0;
  const len = s.length;
  for (let i = 0; i < len; i++) {
    const c = s.charCodeAt(i);
    if (c === 0x5b || c === 0x7b) {
      if (++depth > limit) return true;
    } else if (c === 0x5d || c === 0x7d) {
      if (depth > 0) depth--;
    } else if (c === 0x22) {
      for (i++; i < len; i++) {
        const d = s.charCodeAt(i);
        if (d === 0x5c) i++;
        else if (d === 0x22) break;
      }
    }
  }
  return false;
}

/** CPython counts positions in code points, JavaScript in UTF-16 units. */
function codePointIndex(s: string, utf16Pos: number): number {
  let pos = utf16Pos;
  for (let i = 0; i < utf16Pos - 1; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        pos--;
        i++;
      }
    }
  }
  return pos;
}

function isWs(c: number): boolean {
  return c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d;
}

function isDigit(c: number): boolean {
  return c >= 0x30 && c <= 0x39;
}

function hexValue(c: number): number {
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  if (c >= 0x61 && c <= 0x66) return c - 0x61 + 10;
  if (c >= 0x41 && c <= 0x46) return c - 0x41 + 10;
  return -1;
}

const SIMPLE_ESCAPES: Record<string, string> = {
  '"': '"',
  '\\': '\\',
  '/': '/',
  b: '\b',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t',
};

/** Raised where CPython's decoder would hit its recursion limit. */
class DepthError {}

/** A transcription of the rules of CPython's C scanner (Modules/_json.c), strict mode. */
class Scanner {
  private readonly len: number;
  private depth = 0;

  constructor(private readonly s: string) {
    this.len = s.length;
  }

  decode(): unknown {
    const start = this.skipWs(0);
    const [value, end] = this.scanOnce(start);
    const after = this.skipWs(end);
    if (after !== this.len) throw new DecodeError(MSG_EXTRA, after);
    return value;
  }

  private skipWs(idx: number): number {
    while (idx < this.len && isWs(this.s.charCodeAt(idx))) idx++;
    return idx;
  }

  private startsWithAt(idx: number, word: string): boolean {
    return this.s.startsWith(word, idx);
  }

  /** Returns [value, index after it]; a value that cannot start here is "Expecting value" at idx. */
  private scanOnce(idx: number): [unknown, number] {
    if (idx >= this.len) throw new DecodeError(MSG_VALUE, idx);
    const ch = this.s[idx];
    switch (ch) {
      case '"':
        return this.scanString(idx + 1);
      case '{':
      case '[': {
        // The recursion bound of CPython's scanner, met only when a value is opened past it.
        if (++this.depth > MAX_JSON_DEPTH) throw new DepthError();
        const result = ch === '{' ? this.parseObject(idx + 1) : this.parseArray(idx + 1);
        this.depth--;
        return result;
      }
      case 'n':
        if (this.startsWithAt(idx, 'null')) return [null, idx + 4];
        break;
      case 't':
        if (this.startsWithAt(idx, 'true')) return [true, idx + 4];
        break;
      case 'f':
        if (this.startsWithAt(idx, 'false')) return [false, idx + 5];
        break;
      case 'N':
        if (this.startsWithAt(idx, 'NaN')) return [NaN, idx + 3];
        break;
      case 'I':
        if (this.startsWithAt(idx, 'Infinity')) return [Infinity, idx + 8];
        break;
      case '-':
        if (this.startsWithAt(idx, '-Infinity')) return [-Infinity, idx + 9];
        break;
    }
    return this.matchNumber(idx);
  }

  private matchNumber(start: number): [unknown, number] {
    const s = this.s;
    let idx = start;
    if (s.charCodeAt(idx) === 0x2d /* - */) {
      idx++;
      if (idx >= this.len) throw new DecodeError(MSG_VALUE, start);
    }
    const first = s.charCodeAt(idx);
    if (first >= 0x31 && first <= 0x39) {
      idx++;
      while (idx < this.len && isDigit(s.charCodeAt(idx))) idx++;
    } else if (first === 0x30) {
      idx++;
    } else {
      throw new DecodeError(MSG_VALUE, start);
    }
    if (s.charCodeAt(idx) === 0x2e /* . */ && isDigit(s.charCodeAt(idx + 1))) {
      idx += 2;
      while (idx < this.len && isDigit(s.charCodeAt(idx))) idx++;
    }
    const e = s.charCodeAt(idx);
    if (e === 0x65 || e === 0x45) {
      const eStart = idx;
      idx++;
      const sign = s.charCodeAt(idx);
      if (sign === 0x2b || sign === 0x2d) idx++;
      const digitsStart = idx;
      while (idx < this.len && isDigit(s.charCodeAt(idx))) idx++;
      // An exponent without digits is not part of the number (CPython backtracks).
      if (idx === digitsStart) idx = eStart;
    }
    return [Number(s.slice(start, idx)), idx];
  }

  private scanString(afterQuote: number): [string, number] {
    const s = this.s;
    const begin = afterQuote - 1;
    let out = '';
    let idx = afterQuote;
    for (;;) {
      let next = idx;
      let c = -1;
      for (; next < this.len; next++) {
        c = s.charCodeAt(next);
        if (c === 0x22 || c === 0x5c) break;
        if (c <= 0x1f) throw new DecodeError(MSG_CONTROL, next);
      }
      if (next >= this.len) throw new DecodeError(MSG_UNTERMINATED, begin);
      out += s.slice(idx, next);
      next++;
      if (c === 0x22) return [out, next];
      if (next === this.len) throw new DecodeError(MSG_UNTERMINATED, begin);
      const esc = s[next] ?? '';
      if (esc !== 'u') {
        const mapped = SIMPLE_ESCAPES[esc];
        if (mapped === undefined) throw new DecodeError(MSG_ESCAPE, next - 1);
        out += mapped;
        idx = next + 1;
        continue;
      }
      // \uXXXX: CPython requires a character after the four digits and reports at the 'u'.
      const uPos = next;
      let end = uPos + 5;
      if (end >= this.len) throw new DecodeError(MSG_UNICODE_ESCAPE, uPos);
      const unit = this.readHex4(uPos + 1, uPos);
      let code = unit;
      if (unit >= 0xd800 && unit <= 0xdbff && end + 6 < this.len && s[end] === '\\' && s[end + 1] === 'u') {
        const low = this.readHex4(end + 2, end + 1);
        if (low >= 0xdc00 && low <= 0xdfff) {
          code = 0x10000 + ((unit - 0xd800) << 10) + (low - 0xdc00);
          end += 6;
        }
      }
      out += String.fromCodePoint(code);
      idx = end;
    }
  }

  private readHex4(at: number, uPos: number): number {
    let value = 0;
    for (let i = at; i < at + 4; i++) {
      const h = hexValue(this.s.charCodeAt(i));
      if (h < 0) throw new DecodeError(MSG_UNICODE_ESCAPE, uPos);
      value = value * 16 + h;
    }
    return value;
  }

  private parseObject(idx: number): [Record<string, unknown>, number] {
    const s = this.s;
    const obj: Record<string, unknown> = {};
    idx = this.skipWs(idx);
    if (idx >= this.len || s[idx] !== '}') {
      for (;;) {
        if (idx >= this.len || s[idx] !== '"') throw new DecodeError(MSG_PROPERTY, idx);
        const [key, afterKey] = this.scanString(idx + 1);
        idx = this.skipWs(afterKey);
        if (idx >= this.len || s[idx] !== ':') throw new DecodeError(MSG_COLON, idx);
        idx = this.skipWs(idx + 1);
        const [value, afterValue] = this.scanOnce(idx);
        // Own property even for "__proto__", as JSON.parse does.
        Object.defineProperty(obj, key, { value, writable: true, enumerable: true, configurable: true });
        idx = this.skipWs(afterValue);
        if (idx < this.len && s[idx] === '}') break;
        if (idx >= this.len || s[idx] !== ',') throw new DecodeError(MSG_COMMA, idx);
        idx = this.skipWs(idx + 1);
      }
    }
    return [obj, idx + 1];
  }

  private parseArray(idx: number): [unknown[], number] {
    const s = this.s;
    const arr: unknown[] = [];
    idx = this.skipWs(idx);
    if (idx >= this.len || s[idx] !== ']') {
      for (;;) {
        const [value, afterValue] = this.scanOnce(idx);
        arr.push(value);
        idx = this.skipWs(afterValue);
        if (idx < this.len && s[idx] === ']') break;
        if (idx >= this.len || s[idx] !== ',') throw new DecodeError(MSG_COMMA, idx);
        idx = this.skipWs(idx + 1);
      }
    }
    return [arr, idx + 1];
  }
}
