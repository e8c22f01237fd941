// The TypeBox fast path must never change a validated value: for inputs generated from every operation's
// schemas (valid and invalid, seeded), whatever the compiled check accepts must be accepted by the
// pydantic layer too, with exactly the same value, and the decoded input must stay untouched.
import t from 'tap';
import { isDeepStrictEqual } from 'node:util';
import { Value } from '@sinclair/typebox/value';
import { loadContract } from '../../src/contract/document.js';
import type { OperationSpec } from '../../src/contract/document.js';
import { compileDefaults, compileOperation, fastBody, fastParams, fastPathCounters, fastPathOf } from '../../src/contract/fast-path.js';
import { validate } from '../../src/contract/pydantic.js';
import type { JsonSchema, ValidationIssue } from '../../src/contract/pydantic.js';
import { ApiError, pydanticParams, validateInput } from '../../src/contract/request.js';

const contract = loadContract();
const CASES_PER_PART = 1500;

/** mulberry32: small, seeded, good enough to spread cases. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let x = Math.imul(a ^ (a >>> 15), 1 | a);
    x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x;
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
}

const isSchema = (v: unknown): v is JsonSchema => typeof v === 'object' && v !== null && !Array.isArray(v);

class Generator {
  constructor(readonly random: () => number) {}
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.random() * (hi - lo + 1));
  }
  chance(p: number): boolean {
    return this.random() < p;
  }
  pick<T>(items: readonly T[]): T {
    const item = items[Math.floor(this.random() * items.length)];
    if (item === undefined) throw new Error('empty choice');
    return item;
  }

  uuid(): string {
    const hex = (n: number): string => Array.from({ length: n }, () => '0123456789abcdef'[this.int(0, 15)]).join('');
    const canonical = `${hex(8)}-${hex(4)}-${hex(4)}-${hex(4)}-${hex(12)}`;
    return this.pick([
      canonical,
      canonical,
      canonical.toUpperCase(),
      `{${canonical}}`,
      `urn:uuid:${canonical}`,
      canonical.replace(/-/g, ''),
      canonical.slice(1),
      `${canonical} `,
      canonical.replace('-', '_'),
      'not-a-uuid',
    ]);
  }

  text(maxLength?: number): string {
    const pool = ['a', 'Z', ' ', '0', '-', 'é', '😀', '\n', '\u0000', '_', '.', 'ß'];
    const limit = maxLength === undefined ? 12 : this.pick([maxLength - 1, maxLength, maxLength + 1, 3]);
    const length = Math.max(0, this.int(0, Math.max(0, limit)));
    return Array.from({ length }, () => this.pick(pool)).join('');
  }

  decimalText(): string {
    return this.pick(['5', '0', '-0', '1.5', '1.50', '01.5', '+2', '1e3', '1E-7', '0.0000001', '0.000001', '0.0000000', '0.000000', ' 3', '1_000', '.5', '5.', 'abc', '١٢', 'NaN', 'inf', '12345678901234567890.25']);
  }

  number(schema: JsonSchema, integer: boolean): unknown {
    const edges: number[] = [0, -0, 1, -1, 2, 7, 1e300, 0.5, -2.5];
    for (const key of ['minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum']) {
      const v = schema[key];
      if (typeof v === 'number') edges.push(v, v - 1, v + 1, v + 0.5);
    }
    const n = this.pick(edges);
    if (this.chance(0.15)) return this.pick<unknown>([String(n), true, false, null, 'x', NaN, Infinity, [n]]);
    return integer && this.chance(0.8) ? Math.trunc(n) : n;
  }

  /** A value for `schema`, usually valid, sometimes not. */
  value(schema: JsonSchema, depth = 0): unknown {
    if (this.chance(0.04)) return this.pick<unknown>([null, 1, 'x', true, [], {}, 1.5, -0, '', { a: 1 }]);
    if (typeof schema.$ref === 'string') return this.value(contract.resolve(schema.$ref), depth);
    const anyOf = Array.isArray(schema.anyOf) ? schema.anyOf.filter(isSchema) : undefined;
    if (anyOf !== undefined) {
      const decimal = anyOf.some((b) => b.type === 'number') && anyOf.some((b) => b.type === 'string' && typeof b.pattern === 'string');
      if (decimal && this.chance(0.7)) return this.chance(0.6) ? this.decimalText() : this.number({}, false);
      return this.value(this.pick(anyOf), depth);
    }
    if (Array.isArray(schema.enum)) {
      const choice: unknown = this.pick(schema.enum as unknown[]);
      if (typeof choice === 'string' && this.chance(0.2)) return this.pick([choice.toUpperCase(), ` ${choice}`, `${choice}x`]);
      return choice;
    }
    switch (schema.type) {
      case 'string':
        if (schema.format === 'uuid') return this.uuid();
        return this.text(typeof schema.maxLength === 'number' ? schema.maxLength : undefined);
      case 'integer':
        return this.number(schema, true);
      case 'number':
        return this.number(schema, false);
      case 'boolean':
        return this.chance(0.85) ? this.chance(0.5) : this.pick<unknown>([0, 1, 'true', 'no', 2]);
      case 'null':
        return null;
      case 'array': {
        const items = isSchema(schema.items) ? schema.items : {};
        const min = typeof schema.minItems === 'number' ? schema.minItems : 0;
        const max = typeof schema.maxItems === 'number' ? schema.maxItems : 4;
        const length = this.pick([min, max, this.int(min, max), max + 1, Math.max(0, min - 1)]);
        return Array.from({ length }, () => this.value(items, depth + 1));
      }
      default:
        break;
    }
    if (isSchema(schema.properties)) {
      const out: Record<string, unknown> = {};
      const required = new Set(Array.isArray(schema.required) ? schema.required : []);
      for (const [key, prop] of Object.entries(schema.properties)) {
        if (!isSchema(prop)) continue;
        const include = required.has(key) ? this.chance(0.93) : this.chance(0.5);
        if (include) out[key] = this.chance(0.1) && !required.has(key) ? null : this.value(prop, depth + 1);
      }
      if (this.chance(0.1)) out[this.pick(['extra', '__proto__', 'Task'])] = 1;
      return out;
    }
    if (schema.type === 'object') return depth > 2 ? {} : { k: this.value({}, depth + 1), nested: { deep: [1, 'a'] } };
    return this.pick<unknown>([1, 'a', null, { x: [1] }, [true]]);
  }

  /** A query or path string for `schema`: canonical and lax spellings of valid values, and nonsense. */
  param(schema: JsonSchema): string | undefined {
    if (this.chance(0.1)) return undefined;
    const core = this.value(schema);
    const lax = ['05', ' 5', '+5', '5.0', '1_0', '-0', '0', '7', '101', 'true', 'false', 'yes', '1', 'TRUE', 'off', 'null', '', '1e2', '2.5'];
    if (this.chance(0.3)) return this.pick(lax);
    if (core === null || core === undefined) return this.pick(lax);
    return typeof core === 'string' ? core : JSON.stringify(core);
  }
}

function snapshot(v: unknown): string {
  return JSON.stringify(v, (_k, x: unknown) => (typeof x === 'number' && Object.is(x, -0) ? '-0' : x)) ?? 'undefined';
}

const operations = [...contract.operations.values()];

t.test('an accepted body is the pydantic value, and the decoded body is left as sent', async (t) => {
  const gen = new Generator(rng(20260101));
  let accepted = 0;
  let refused = 0;
  for (const op of operations) {
    const fast = compileOperation(contract, op).body;
    if (!op.body || !fast) continue;
    for (let i = 0; i < CASES_PER_PART; i++) {
      const input = gen.value(op.body.schema);
      if (input === null || input === undefined) continue;
      for (const strict of [false, true]) {
        const before = snapshot(input);
        const passed = fastBody(fast, input);
        const slow = validate(op.body.schema, input, ['body'], { source: 'python', forbidExtra: strict, resolve: contract.resolve });
        if (passed === undefined) {
          refused++;
          continue;
        }
        accepted++;
        if (slow.issues.length > 0 || !isDeepStrictEqual(passed.value, slow.value) || snapshot(input) !== before) {
          t.fail(`${op.id}: fast path and pydantic layer differ`, { found: before, wanted: snapshot(slow.value), fast: snapshot(passed.value), issues: JSON.stringify(slow.issues) });
          return;
        }
      }
    }
  }
  t.ok(accepted > 2000, `fast path accepted ${accepted} bodies`);
  t.ok(refused > 2000, `fast path left ${refused} bodies to the pydantic layer`);
});

t.test('accepted path and query values are the pydantic values (lax spellings go to the pydantic layer)', async (t) => {
  const gen = new Generator(rng(424242));
  let accepted = 0;
  let refused = 0;
  for (const op of operations) {
    const fast = compileOperation(contract, op);
    for (const location of ['path', 'query'] as const) {
      const part = fast[location];
      const params = op.parameters.filter((p) => p.in === location);
      if (part === undefined || params.length === 0) continue;
      for (let i = 0; i < CASES_PER_PART; i++) {
        const source: Record<string, string | string[] | undefined> = {};
        for (const p of params) {
          const text = gen.param(p.schema);
          if (text !== undefined) source[p.name] = gen.chance(0.05) ? ['ignored', text] : text;
        }
        const passed = fastParams(part, source);
        const issues: ValidationIssue[] = [];
        const slow = pydanticParams(contract, op, location, source, issues);
        if (passed === undefined) {
          refused++;
          continue;
        }
        accepted++;
        if (issues.length > 0 || !isDeepStrictEqual(passed, slow)) {
          t.fail(`${op.id} ${location}: fast path and pydantic layer differ`, { found: snapshot(source), wanted: snapshot(slow), fast: snapshot(passed), issues: JSON.stringify(issues) });
          return;
        }
      }
    }
  }
  t.ok(accepted > 2000, `fast path accepted ${accepted} parameter sets`);
  t.ok(refused > 2000, `fast path left ${refused} parameter sets to the pydantic layer`);
});

t.test('compiled defaults fill exactly what Value.Default fills', async (t) => {
  const gen = new Generator(rng(7));
  let compared = 0;
  const differences: string[] = [];
  for (const op of operations) {
    const fast = compileOperation(contract, op);
    const parts = [
      { defaults: fast.body?.defaults, input: (): unknown => (op.body ? gen.value(op.body.schema) : undefined) },
      ...(['path', 'query'] as const).map((location) => ({
        defaults: fast[location]?.defaults,
        input: (): unknown => Object.fromEntries(op.parameters.filter((p) => p.in === location && gen.chance(0.5)).map((p) => [p.name, gen.value(p.schema)])),
      })),
    ];
    for (const part of parts) {
      if (part.defaults === undefined) continue;
      const fill = compileDefaults(part.defaults);
      for (let i = 0; i < 300; i++) {
        const input = part.input();
        compared++;
        if (!isDeepStrictEqual(fill(Value.Clone(input)), Value.Default(part.defaults, Value.Clone(input)))) differences.push(`${op.id}: ${snapshot(input)}`);
      }
    }
  }
  t.same(differences, [], 'no value is filled differently');
  t.ok(compared > 1000, `${compared} values compared`);
});

t.test('a valid request takes the compiled check, an invalid one the pydantic layer', async (t) => {
  const get = contract.operations.get('get_session_sessions__session_id__get') as OperationSpec;
  const create = contract.operations.get('create_session_sessions_post') as OperationSpec;
  const raw = (params: Record<string, string>) => ({ params, query: {}, contentType: 'application/json', body: undefined });
  const checker = fastPathOf(contract, create).body?.check;
  t.ok(checker, 'POST /sessions has a compiled body check');
  if (!checker) return;
  let calls = 0;
  const original = checker.Check.bind(checker);
  checker.Check = (value: unknown): value is unknown => {
    calls++;
    return original(value);
  };
  t.teardown(() => {
    checker.Check = original;
  });

  const start = { ...fastPathCounters };
  const created = validateInput(contract, create, raw({}), { task: 'Find a train', keepAlive: true }, false);
  t.equal(calls, 1, 'the compiled checker saw the body');
  t.same(created.body, { task: 'Find a train', keepAlive: true, model: 'claude-sonnet-4.6', proxyCountryCode: 'us', enableScheduledTasks: false, enableRecording: false, skills: true, agentmail: true });
  t.same(created.rawBody, { task: 'Find a train', keepAlive: true }, 'the decoded body is not filled in');
  const id = '3f2b8c1e-9a4d-4e6f-8b7a-1c2d3e4f5a6b';
  t.same(validateInput(contract, get, raw({ session_id: id }), undefined, false).params, { session_id: id });
  t.same(fastPathCounters, { fast: start.fast + 2, fallback: start.fallback }, 'both parts took the fast path');

  // An upper-case id is valid but not canonical: the pydantic layer normalises it.
  t.same(validateInput(contract, get, raw({ session_id: id.toUpperCase() }), undefined, false).params, { session_id: id });
  t.equal(fastPathCounters.fallback, start.fallback + 1);
  // A lax coercion (a number for the Decimal cap) is the pydantic layer's too.
  t.equal((validateInput(contract, create, raw({}), { maxCostUsd: 2 }, false).body as { maxCostUsd: unknown }).maxCostUsd, '2');
  t.equal(calls, 2);
  const refused = ((): unknown => {
    try {
      return validateInput(contract, create, raw({}), { task: 1 }, false);
    } catch (error) {
      return error;
    }
  })();
  t.equal(refused instanceof ApiError ? refused.statusCode : undefined, 422, 'an invalid body is a 422 from the pydantic layer');
});
