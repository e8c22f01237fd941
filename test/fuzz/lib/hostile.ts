// Hostile pieces shared by every generator: JSON fragments (huge numbers, odd strings, invalid UTF-8,
// deep nesting), malformed bodies, bad ids in every form, odd query values and odd headers.
// Fragments are plain data so a counterexample prints readably and replays byte for byte.
import fc from 'fast-check';

/** A piece of a request body: JSON of a value, text used as is, nesting built on demand, or raw bytes. */
export type Fragment = { json: unknown } | { text: string } | { deep: number; open: string; close: string } | { bytes: number[] } | { big: number };

export function fragmentBytes(fragment: Fragment): Buffer {
  if ('json' in fragment) return Buffer.from(JSON.stringify(fragment.json) ?? 'null');
  if ('text' in fragment) return Buffer.from(fragment.text);
  if ('deep' in fragment) return Buffer.from(fragment.open.repeat(fragment.deep) + fragment.close.repeat(fragment.deep));
  if ('big' in fragment) return Buffer.from(`"${'x'.repeat(fragment.big)}"`);
  return Buffer.from(fragment.bytes);
}

const INVALID_UTF8: number[][] = [[0xff], [0xc0, 0xaf], [0xed, 0xa0, 0x80], [0xe2, 0x28, 0xa1], [0x80], [0xf8, 0x88, 0x80, 0x80, 0x80], [0xc3]];

const NUMBER_TEXTS = [
  '0', '-0', '1', '-1', '0.5', '1e10', '-1e10', '1e308', '1e400', '-1e400', '1E-7', '0.0000001', '9007199254740993', '-9223372036854775809',
  '18446744073709551616', '12345678901234567890.123456', '10000000000', '4.9e-324', '123456789012345678901234567890',
];

const STRING_VALUES = [
  '', ' ', '\u0000', 'a\u0000b', '\ud800', '\udfff', '\u202e\u202d', '🙂'.repeat(50), 'e\u0301', '\ufeff', '\r\n', '../../etc/passwd', '%zz', '%00',
  '1e400', '10000000000', '-1e10', '12345678901234567890.123456', '1_000', ' 1 ', '0x10', '+1', '.', 'NaN', 'Infinity', 'null', 'true',
];

/** Deep nesting sized from trivial to far past any recursion limit. */
export const deepFragment: fc.Arbitrary<Fragment> = fc.record({
  deep: fc.oneof(fc.integer({ min: 1, max: 64 }), fc.integer({ min: 500, max: 6000 }), fc.constantFrom(1000, 5000, 20000)),
  shape: fc.constantFrom<[string, string]>(['[', ']'], ['{"a":', '}'], ['[{"a":', '}]']),
}).map(({ deep, shape }) => ({ deep, open: shape[0], close: shape[1] }));

/** A JSON value (or something that is not quite one) to put where a field's value goes. */
export const hostileFragment: fc.Arbitrary<Fragment> = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...NUMBER_TEXTS).map((text) => ({ text })) },
  { weight: 3, arbitrary: fc.constantFrom(...STRING_VALUES).map((s): Fragment => ({ json: s })) },
  { weight: 2, arbitrary: fc.constantFrom<unknown>(null, true, false, [], {}, [1, 2], { a: 1 }, [null], { '': '' }).map((json): Fragment => ({ json })) },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }).map((s): Fragment => ({ json: s })) },
  { weight: 1, arbitrary: fc.integer({ min: 256, max: 20_000 }).map((n): Fragment => ({ json: 'x'.repeat(n) })) },
  { weight: 2, arbitrary: fc.bigInt({ min: -(10n ** 40n), max: 10n ** 40n }).map((n): Fragment => ({ text: n.toString() })) },
  { weight: 2, arbitrary: fc.double({ noNaN: true }).map((d): Fragment => ({ text: Number.isFinite(d) ? String(d) : '1e999' })) },
  { weight: 2, arbitrary: fc.tuple(fc.string({ maxLength: 5 }), fc.constantFrom(...INVALID_UTF8)).map(([s, bad]): Fragment => ({ bytes: [0x22, ...Buffer.from(s), ...bad, 0x22] })) },
  { weight: 2, arbitrary: deepFragment },
  { weight: 1, arbitrary: fc.constantFrom('NaN', 'Infinity', '-Infinity', "'x'", 'undefined', '01', '.5', '1.', '"\\x41"', '"\\u12"').map((text) => ({ text })) },
);

/** A whole body that is malformed, hostile or not an object. */
export const malformedBody: fc.Arbitrary<Fragment[]> = fc.oneof(
  fc.constantFrom(
    '', ' ', '{', '}', '{"task":', '{"task":"x",}', "{'task':'x'}", '{"task":"x"}garbage', '\ufeff{"task":"x"}', '{"task":"x","task":"y"}', 'null', '[]', '"str"', '123',
    '{"a":1e400}', '{"task":"x"}\u0000', 'true', '{,}', '{"name":"\\ud800"}', '[1,2', '{"name":"a\\u0000b"}',
  ).map((text) => [{ text }]),
  deepFragment.map((f) => [f]),
  // Unclosed nesting, with and without a field around it (the issue's `{"name":[[[...`).
  fc.integer({ min: 1, max: 25_000 }).map((n) => [{ text: `{"name":${'['.repeat(n)}` }]),
  fc.integer({ min: 1, max: 25_000 }).map((n) => [{ text: '['.repeat(n) }]),
  fc.uint8Array({ maxLength: 64 }).map((bytes) => [{ bytes: [...bytes] }]),
  fc.constantFrom(...INVALID_UTF8).map((bad) => [{ text: '{"task":"a' }, { bytes: bad }, { text: '"}' }]),
  hostileFragment.map((f) => [f]),
);

/** A body over the default 1 MiB limit (kept rare: each costs a few megabytes of traffic). */
export const oversizedBody: fc.Arbitrary<Fragment[]> = fc.integer({ min: 1_100_000, max: 3_000_000 }).map((big) => [{ text: '{"task":' }, { big }, { text: '}' }]);

/** An id where a UUID belongs that is not one (already percent-encoded as it goes into the path). */
export const badIdSegment: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(
    'null', 'undefined', 'not-a-uuid', '0', '-1', '123', 'zzzzzzzz-zzzz-zzzz-zzzz-zzzzzzzzzzzz', '%zz', '%', '%C0%AF', '%E2%28%A1', '%00', '%2F', '%2e%2e', '..', '%20',
    '00000000-0000-0000-0000-00000000000', '00000000-0000-0000-0000-0000000000000', '{00000000-0000-0000-0000-000000000000', 'urn:uuid:', '%F0%9F%99%82', '%ff%fe',
  ),
  fc.integer({ min: 90, max: 5000 }).map((n) => 'a'.repeat(n)),
  fc.integer({ min: 0, max: 300 }).map((n) => `00000000-0000-4000-8000-000000000000${'a'.repeat(n)}`),
  fc.string({ unit: 'binary', minLength: 1, maxLength: 40 }).map((s) => encodeURIComponent(s.replace(/[\ud800-\udfff]/g, 'x'))),
);

/** A query value that its parameter should refuse or that stresses the parser (percent-encoded or bad on purpose). */
export const hostileQueryValue: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom('', 'abc', '-1', '0', '1.5', '1e400', '99999999999999999999999', 'true', 'null', '%zz', '%', '%00', '%C0%AF', '%E2%28%A1', '101', '1%2C2', '+1', '%20', 'a'.repeat(300)),
  fc.string({ unit: 'binary', maxLength: 30 }).map((s) => encodeURIComponent(s.replace(/[\ud800-\udfff]/g, 'x'))),
  fc.integer({ min: 1000, max: 6000 }).map((n) => 'x'.repeat(n)),
);

/** Content types a client might (wrongly) send with a JSON body; null sends none. */
export const contentType: fc.Arbitrary<string | null> = fc.oneof(
  { weight: 12, arbitrary: fc.constant('application/json') },
  {
    weight: 4,
    arbitrary: fc.constantFrom(
      null, 'text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/json; charset=utf-8', 'application/json; charset=latin1',
      'APPLICATION/JSON', 'application/vnd.api+json', 'application/json, text/plain', '', ';;;', '*/*', 'application/octet-stream', 'application/xml',
    ),
  },
);

/** Prefer headers other than the server-error codes (those are asked-for 5xx). */
export function preferHeader(declared: number[]): fc.Arbitrary<string | null> {
  const asked = declared.filter((s) => s < 500).map((s) => `code=${s}`);
  return fc.oneof(
    { weight: 12, arbitrary: fc.constant(null) },
    { weight: 3, arbitrary: fc.constantFrom('code=999', 'code=abc', 'code=', 'code=200', 'code=201', 'scenario=nope', 'scenario=""', 'return=minimal', 'wait=5', 'code=404; scenario=x', 'code="422"', 'scenario=failure', ...asked) },
  );
}

export type KeyPlan = 'own' | 'other' | 'none' | 'empty' | 'spaces' | 'long' | 'latin1' | 'twice';

export const keyPlan: fc.Arbitrary<KeyPlan> = fc.oneof(
  { weight: 20, arbitrary: fc.constant<KeyPlan>('own') },
  { weight: 3, arbitrary: fc.constantFrom<KeyPlan>('other', 'none', 'empty', 'spaces', 'long', 'latin1', 'twice') },
);

/** Header pairs for a key plan (`long` and `latin1` name keys of their own, which then hold a project). */
export function keyHeaders(plan: KeyPlan, own: string, other: string): [string, string][] {
  const name = 'X-Browser-Use-API-Key';
  switch (plan) {
    case 'own': return [[name, own]];
    case 'other': return [[name, other]];
    case 'none': return [];
    case 'empty': return [[name, '']];
    case 'spaces': return [[name, '   ']];
    case 'long': return [[name, 'k'.repeat(6000)]];
    case 'latin1': return [[name, 'cl\u00e9-\u00ff']];
    case 'twice': return [[name, own], [name, other]];
  }
}

/** The key whose project a request with this plan acts on, if any (for before/after snapshots). */
export function actingKey(plan: KeyPlan, own: string, other: string): string | undefined {
  if (plan === 'own') return own;
  if (plan === 'other') return other;
  if (plan === 'long') return 'k'.repeat(6000);
  return undefined;
}

/** Extra headers: mostly none; sometimes big or odd ones. */
export const extraHeaders: fc.Arbitrary<[string, string][]> = fc.oneof(
  { weight: 10, arbitrary: fc.constant<[string, string][]>([]) },
  {
    weight: 2,
    arbitrary: fc.constantFrom<[string, string][]>(
      [['Accept', 'text/html']],
      [['Accept-Encoding', 'gzip, br']],
      [['X-Request-Id', 'x'.repeat(2000)]],
      [['X-Fuzz', 'a'.repeat(20_000)]],
      [['Origin', 'http://evil.example']],
      [['Origin', 'http://localhost:3000']],
      [['Cookie', 'a=b']],
    ),
  },
);
