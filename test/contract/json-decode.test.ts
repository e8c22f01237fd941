// Malformed bodies must be diagnosed exactly as CPython 3.12's json.loads does (FastAPI echoes e.msg and
// e.pos in a json_invalid error); valid bodies, including CPython's NaN/Infinity, decode to their values.
import t from 'tap';
import { decodeJsonBody, decodeJsonBytes } from '../../src/contract/json-decode.js';

const failures: [text: string, msg: string, pos: number][] = [
  ['{"task": }', 'Expecting value', 9],
  ['{"a":1,}', 'Expecting property name enclosed in double quotes', 7],
  ['{"a" 1}', "Expecting ':' delimiter", 5],
  ['[1 2]', "Expecting ',' delimiter", 3],
  ['{"a":1} x', 'Extra data', 8],
  ['"abc', 'Unterminated string starting at', 0],
  ['', 'Expecting value', 0],
  ['   ', 'Expecting value', 3],
  ['[1,]', 'Expecting value', 3],
  ['{', 'Expecting property name enclosed in double quotes', 1],
  ['[', 'Expecting value', 1],
  ['{"a":1 "b":2}', "Expecting ',' delimiter", 7],
  ['{1:2}', 'Expecting property name enclosed in double quotes', 1],
  ["{'a': 1}", 'Expecting property name enclosed in double quotes', 1],
  ['{,}', 'Expecting property name enclosed in double quotes', 1],
  ['{"a":1,,}', 'Expecting property name enclosed in double quotes', 7],
  ['{"a": [1, 2,]}', 'Expecting value', 12],
  ['[1,,2]', 'Expecting value', 3],
  ['{"a"', "Expecting ':' delimiter", 4],
  ['{"a":', 'Expecting value', 5],
  ['{"a": 1', "Expecting ',' delimiter", 7],
  ['[1, 2', "Expecting ',' delimiter", 5],
  ['{"a": [1, {"b": }]}', 'Expecting value', 16],
  ['{"a": "b', 'Unterminated string starting at', 6],
  ['"\\', 'Unterminated string starting at', 0],
  ['nul', 'Expecting value', 0],
  ['tru', 'Expecting value', 0],
  ['undefined', 'Expecting value', 0],
  ['{"a": True}', 'Expecting value', 6],
  ['-', 'Expecting value', 0],
  ['-NaN', 'Expecting value', 0],
  ['01', 'Extra data', 1],
  ['[01]', "Expecting ',' delimiter", 2],
  ['1.', 'Extra data', 1],
  ['1e', 'Extra data', 1],
  ['"\\x"', 'Invalid \\escape', 1],
  ['"\\u12"', 'Invalid \\uXXXX escape', 2],
  ['"\\u12', 'Invalid \\uXXXX escape', 2],
  ['"\\u1234', 'Invalid \\uXXXX escape', 2],
  ['"\\u123g"', 'Invalid \\uXXXX escape', 2],
  ['"\\ud800\\u12x4"', 'Invalid \\uXXXX escape', 8],
  ['"a\tb"', 'Invalid control character at', 2],
  ['"a\nb"', 'Invalid control character at', 2],
  // Positions count code points, as Python strings do.
  ['{"😀": }', 'Expecting value', 6],
  ['"😀" x', 'Extra data', 4],
  ['"\\ud83d\\ude00" 1', 'Extra data', 15],
];

t.test('CPython messages and positions', async (t) => {
  for (const [text, msg, pos] of failures) {
    t.strictSame(decodeJsonBody(text), { ok: false, reason: 'syntax', msg, pos }, JSON.stringify(text));
  }
});

const successes: [text: string, value: unknown][] = [
  ['{"task": "go", "n": [1, 2.5, -3e2, true, false, null]}', { task: 'go', n: [1, 2.5, -300, true, false, null] }],
  ['{"a":1}\n\n', { a: 1 }],
  [' \t\r\n[]', []],
  ['"\\ud83d\\ude00\\u00e9"', '😀é'],
  ['NaN', NaN],
  ['[NaN, Infinity, -Infinity]', [NaN, Infinity, -Infinity]],
  ['{"maxCostUsd": Infinity, "s": "\\n\\t\\/"}', { maxCostUsd: Infinity, s: '\n\t/' }],
  // The body is bytes to FastAPI: a UTF-8 byte order mark is dropped when decoding.
  ['\ufeff{"a": 1}', { a: 1 }],
];

t.test('valid bodies', async (t) => {
  for (const [text, value] of successes) {
    t.strictSame(decodeJsonBody(text), { ok: true, value }, JSON.stringify(text));
  }
});

t.test('a "__proto__" key stays an own property on the NaN path', async (t) => {
  const result = decodeJsonBody('{"__proto__": {"x": 1}, "n": NaN}');
  t.equal(result.ok, true);
  if (!result.ok) return;
  const value = result.value as Record<string, unknown>;
  t.ok(Object.prototype.hasOwnProperty.call(value, '__proto__'));
  t.equal(Object.getPrototypeOf(value), Object.prototype);
  t.strictSame(Object.keys(value), ['__proto__', 'n']);
});

t.test('positions after a byte order mark do not count it', async (t) => {
  t.strictSame(decodeJsonBody('\ufeff{"a": }'), { ok: false, reason: 'syntax', msg: 'Expecting value', pos: 6 });
});

t.test('bytes are decoded as json.loads(bytes) detects their encoding', async (t) => {
  // Outcomes from CPython 3.11: a value, a JSONDecodeError (msg, pos), or UnicodeDecodeError (FastAPI's 400).
  const cases: [number[], unknown][] = [
    [[0xff, 0xfe], { ok: false, reason: 'syntax', msg: 'Expecting value', pos: 0 }],
    [[0xfe, 0xff], { ok: false, reason: 'syntax', msg: 'Expecting value', pos: 0 }],
    [[0xff, 0xfe, 0x7b, 0, 0x7d, 0], { ok: true, value: {} }],
    [[0, 0x7b, 0, 0x7d], { ok: true, value: {} }],
    [[0x7b, 0, 0x7d, 0], { ok: true, value: {} }],
    [[0x7b, 0, 0, 0, 0x7d, 0, 0, 0], { ok: true, value: {} }],
    [[0xff, 0xfe, 0, 0, 0x7b, 0, 0, 0, 0x7d, 0, 0, 0], { ok: true, value: {} }],
    [[0, 0, 0, 0x7b], { ok: false, reason: 'syntax', msg: 'Expecting property name enclosed in double quotes', pos: 1 }],
    [[0x22, 0xed, 0xa0, 0x80, 0x22], { ok: true, value: '\ud800' }],
    [[0x22, 0xff, 0x22], { ok: false, reason: 'encoding' }],
    [[0x22, 0xc0, 0xaf, 0x22], { ok: false, reason: 'encoding' }],
    [[0x22, 0xf4, 0x90, 0x80, 0x80, 0x22], { ok: false, reason: 'encoding' }],
    [[0xef, 0xbb, 0xbf, 0x7b, 0x7d], { ok: true, value: {} }],
    [[0, 0], { ok: false, reason: 'syntax', msg: 'Expecting value', pos: 0 }],
    [[0], { ok: false, reason: 'syntax', msg: 'Expecting value', pos: 0 }],
    [[0x7b, 0, 0x22, 0, 0x61, 0, 0x22, 0, 0x3a, 0, 0x22, 0, 0, 0xd8, 0x22, 0, 0x7d, 0], { ok: true, value: { a: '\ud800' } }],
  ];
  for (const [bytes, outcome] of cases) t.strictSame(decodeJsonBytes(Uint8Array.from(bytes)), outcome, JSON.stringify(bytes));
});
