// Validates a value against a JSON Schema node the way pydantic v2 does in lax python mode (which is how
// FastAPI validates parsed JSON bodies and query/path strings), producing pydantic's error objects.
//
// Schema nodes are compiled once into closures and cached per node object. `$ref`s are resolved lazily on
// first use and the result is cached too, so a schema object is assumed to belong to a single document.

export type Loc = (string | number)[];

export interface ValidationIssue {
  type: string;
  loc: Loc;
  msg: string;
  input: unknown;
  ctx?: Record<string, unknown>;
}

export type JsonSchema = { [k: string]: unknown };

export interface ValidateOptions {
  /**
   * 'python' for a parsed JSON body, 'string' for a query or path parameter. FastAPI runs both through
   * pydantic's lax python mode, so the rules are the same; a string source simply only ever sees strings.
   */
  source: 'python' | 'string';
  /** Unknown keys of every model become extra_forbidden errors (a model whose schema says so always does). */
  forbidExtra?: boolean;
  resolve: (ref: string) => JsonSchema;
}

/** `value` is the coerced value with defaults filled in, or undefined when there are issues. */
export function validate(
  schema: JsonSchema,
  input: unknown,
  loc: Loc,
  opts: ValidateOptions,
): { value: unknown; issues: ValidationIssue[] } {
  const run: Run = { issues: [], path: loc.slice(), opts };
  const value = compile(schema).check(input, run);
  return { value: value === FAIL ? undefined : value, issues: run.issues };
}

// ---------------------------------------------------------------------------------------------------------
// Compilation

/** Returned by a check that reported at least one issue. */
const FAIL: unique symbol = Symbol('fail');
type Result = unknown;

interface Run {
  issues: ValidationIssue[];
  /** The current location; pushed/popped while descending so no array is built unless an error occurs. */
  path: Loc;
  opts: ValidateOptions;
}

/** The JSON kind a branch accepts without coercion, used to prefer exact matches in unions. */
type Kind = 'any' | 'null' | 'boolean' | 'integer' | 'number' | 'string' | 'array' | 'object';

interface Compiled {
  check: (input: unknown, run: Run) => Result;
  kind: Kind;
  /** The name pydantic gives this choice when it is a union branch. */
  tag: string;
}

const cache = new WeakMap<JsonSchema, Compiled>();

function compile(schema: JsonSchema): Compiled {
  let compiled = cache.get(schema);
  if (compiled === undefined) {
    compiled = build(schema);
    cache.set(schema, compiled);
  }
  return compiled;
}

function isSchema(v: unknown): v is JsonSchema {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function schemaList(v: unknown): JsonSchema[] | undefined {
  if (!Array.isArray(v)) return undefined;
  const out: JsonSchema[] = [];
  for (const item of v as unknown[]) {
    if (!isSchema(item)) return undefined;
    out.push(item);
  }
  return out;
}

function num(v: unknown): number | undefined {
  return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
}

function isNullSchema(s: JsonSchema): boolean {
  return s.type === 'null';
}

function build(schema: JsonSchema): Compiled {
  if (typeof schema.$ref === 'string') return refNode(schema.$ref);

  const allOf = schemaList(schema.allOf);
  const only = allOf?.[0];
  if (allOf !== undefined && allOf.length === 1 && only !== undefined) return compile(only);

  const anyOf = schemaList(schema.anyOf) ?? schemaList(schema.oneOf);
  if (anyOf !== undefined) return anyOfNode(anyOf);

  // OpenAPI 3.1 allows a list of types; it means the same as anyOf.
  if (Array.isArray(schema.type)) {
    return anyOfNode((schema.type as unknown[]).map((t): JsonSchema => ({ ...schema, type: t })));
  }

  if (schema.nullable === true) return nullableNode(compile({ ...schema, nullable: false }));
  if ('const' in schema) return literalNode([schema.const]);
  if (Array.isArray(schema.enum)) return enumNode(schema.enum as unknown[]);

  switch (schema.type) {
    case 'string':
      if (schema.format === 'uuid') return uuidNode();
      if (schema.format === 'date-time') return datetimeNode();
      return stringNode(schema);
    case 'integer':
      return intNode(schema);
    case 'number':
      return floatNode(schema);
    case 'boolean':
      return boolNode();
    case 'null':
      return nullNode();
    case 'array':
      return arrayNode(schema);
    case 'object':
      return isSchema(schema.properties) ? modelNode(schema) : dictNode(schema);
    default:
      if (isSchema(schema.properties)) return modelNode(schema);
      if (isSchema(schema.items)) return arrayNode(schema);
      return anyNode();
  }
}

// ---------------------------------------------------------------------------------------------------------
// Reporting

function report(run: Run, type: string, msg: string, input: unknown, ctx?: Record<string, unknown>): typeof FAIL {
  const issue: ValidationIssue = { type, loc: run.path.slice(), msg, input };
  if (ctx !== undefined) issue.ctx = ctx;
  run.issues.push(issue);
  return FAIL;
}

/** Numbers in pydantic messages are rendered by Rust's Display: no exponent, no trailing ".0". */
function formatNumber(n: number): string {
  if (Number.isInteger(n)) return Math.abs(n) < 1e21 ? String(n === 0 ? 0 : n) : BigInt(n).toString();
  const s = String(n);
  if (!s.includes('e')) return s;
  const parts = splitExponential(n);
  const digits = parts.digits;
  const point = parts.exp + 1;
  const body =
    point <= 0
      ? `0.${'0'.repeat(-point)}${digits}`
      : point >= digits.length
        ? digits + '0'.repeat(point - digits.length)
        : `${digits.slice(0, point)}.${digits.slice(point)}`;
  return (n < 0 ? '-' : '') + body;
}

/** Shortest round-trip digits of |n| and the decimal exponent of the first digit. */
function splitExponential(n: number): { digits: string; exp: number } {
  const [mantissa = '0', exp = '0'] = Math.abs(n).toExponential().split('e');
  return { digits: mantissa.replace('.', ''), exp: Number(exp) };
}

/** Python's repr() of a float. */
function pyFloatRepr(n: number): string {
  if (Number.isNaN(n)) return 'nan';
  if (!Number.isFinite(n)) return n > 0 ? 'inf' : '-inf';
  const sign = n < 0 || Object.is(n, -0) ? '-' : '';
  const { digits, exp } = splitExponential(n);
  if (exp >= -4 && exp < 16) {
    const point = exp + 1;
    if (point <= 0) return `${sign}0.${'0'.repeat(-point)}${digits}`;
    if (point >= digits.length) return `${sign}${digits}${'0'.repeat(point - digits.length)}.0`;
    return `${sign}${digits.slice(0, point)}.${digits.slice(point)}`;
  }
  const mantissa = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
  const e = Math.abs(exp);
  return `${sign}${mantissa}e${exp < 0 ? '-' : '+'}${e < 10 ? '0' : ''}${e}`;
}

/** Python's repr() of a JSON value, as used in enum/literal messages. */
function pyRepr(v: unknown): string {
  if (typeof v === 'string') {
    const quote = v.includes("'") && !v.includes('"') ? '"' : "'";
    let out = quote;
    for (const ch of v) {
      const c = ch.codePointAt(0) ?? 0;
      if (ch === quote || ch === '\\') out += `\\${ch}`;
      else if (ch === '\n') out += '\\n';
      else if (ch === '\r') out += '\\r';
      else if (ch === '\t') out += '\\t';
      else if (c < 0x20 || c === 0x7f) out += `\\x${c.toString(16).padStart(2, '0')}`;
      else out += ch;
    }
    return out + quote;
  }
  if (typeof v === 'number') return Number.isSafeInteger(v) ? String(v) : pyFloatRepr(v);
  if (typeof v === 'boolean') return v ? 'True' : 'False';
  if (v === null) return 'None';
  return JSON.stringify(v) ?? 'None';
}

/** "'a', 'b' or 'c'" */
function expectedList(values: readonly unknown[]): string {
  const reprs = values.map(pyRepr);
  const last = reprs.pop() ?? '';
  return reprs.length === 0 ? last : `${reprs.join(', ')} or ${last}`;
}

function plural(n: number, word: string): string {
  return n === 1 ? word : `${word}s`;
}

// Whitespace that Rust's str::trim removes (pydantic-core trims numeric strings with it).
const RUST_TRIM = /^[\t\n\v\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+|[\t\n\v\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+$/g;
// Whitespace that Python's str.isspace accepts (Decimal() strips it).
const PY_TRIM = /^[\t\n\v\f\r \x1c-\x1f\u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+|[\t\n\v\f\r \x1c-\x1f\u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+$/g;

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function jsonKind(v: unknown): Kind {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  switch (typeof v) {
    case 'boolean':
      return 'boolean';
    case 'number':
      return Number.isInteger(v) ? 'integer' : 'number';
    case 'string':
      return 'string';
    default:
      return 'object';
  }
}

// ---------------------------------------------------------------------------------------------------------
// Composite nodes

function refNode(ref: string): Compiled {
  let target: Compiled | undefined;
  const name = ref.slice(ref.lastIndexOf('/') + 1);
  const node: Compiled = {
    check: (input, run) => {
      if (target === undefined) {
        target = compile(run.opts.resolve(ref));
        node.kind = target.kind;
      }
      return target.check(input, run);
    },
    kind: 'any',
    tag: name,
  };
  return node;
}

function anyNode(): Compiled {
  return { check: (input) => input, kind: 'any', tag: 'any' };
}

function nullNode(): Compiled {
  return {
    check: (input, run) => (input === null ? null : report(run, 'none_required', 'Input should be None', input)),
    kind: 'null',
    tag: 'none',
  };
}

function nullableNode(inner: Compiled): Compiled {
  return {
    check: (input, run) => (input === null ? null : inner.check(input, run)),
    kind: inner.kind,
    tag: `nullable[${inner.tag}]`,
  };
}

function anyOfNode(branches: JsonSchema[]): Compiled {
  const nonNull = branches.filter((b) => !isNullSchema(b));
  const nullable = nonNull.length < branches.length;
  const [first, second] = nonNull;

  // Decimal's JSON schema is a number-or-numeric-string pair; pydantic validates it as one Decimal.
  if (nonNull.length === 2 && first !== undefined && second !== undefined) {
    const numberBranch = first.type === 'number' ? first : second.type === 'number' ? second : undefined;
    const stringBranch = first.type === 'string' ? first : second.type === 'string' ? second : undefined;
    if (numberBranch !== undefined && stringBranch !== undefined && typeof stringBranch.pattern === 'string') {
      const dec = decimalNode();
      return nullable ? nullableNode(dec) : dec;
    }
  }
  // Optional[X] is a nullable schema in pydantic, not a union: errors keep X's location untagged.
  if (nonNull.length === 1 && first !== undefined) {
    const inner = compile(first);
    return nullable ? nullableNode(inner) : inner;
  }
  if (nonNull.length === 0) return nullNode();
  const union = unionNode(nonNull.map(compile));
  return nullable ? nullableNode(union) : union;
}

/**
 * Smart-mode union, simplified: the first branch whose natural JSON kind matches the input and validates
 * wins, then the first that validates in lax mode; otherwise every branch's errors, tagged with its name.
 */
function unionNode(branches: Compiled[]): Compiled {
  return {
    check: (input, run) => {
      const kind = jsonKind(input);
      const outer = run.issues;
      const attempts: { value: Result; issues: ValidationIssue[]; exact: boolean }[] = [];
      for (const branch of branches) {
        const issues: ValidationIssue[] = [];
        run.issues = issues;
        run.path.push(branch.tag);
        const value = branch.check(input, run);
        run.path.pop();
        run.issues = outer;
        const exact =
          branch.kind === 'any' || branch.kind === kind || (branch.kind === 'number' && kind === 'integer');
        if (value !== FAIL && exact) return value;
        attempts.push({ value, issues, exact });
      }
      const lax = attempts.find((a) => a.value !== FAIL);
      if (lax !== undefined) return lax.value;
      for (const a of attempts) outer.push(...a.issues);
      return FAIL;
    },
    kind: 'any',
    tag: branches.map((b) => b.tag).join(','),
  };
}

interface Property {
  key: string;
  node: Compiled;
  required: boolean;
  hasDefault: boolean;
  defaultValue: unknown;
}

function cloneDefault(v: unknown): unknown {
  return typeof v === 'object' && v !== null ? structuredClone(v) : v;
}

function setOwn(target: Record<string, unknown>, key: string, value: unknown): void {
  if (key === '__proto__') Object.defineProperty(target, key, { value, writable: true, enumerable: true, configurable: true });
  else target[key] = value;
}

function modelNode(schema: JsonSchema): Compiled {
  const properties = isSchema(schema.properties) ? schema.properties : {};
  const requiredList = Array.isArray(schema.required) ? (schema.required as unknown[]) : [];
  const required = new Set(requiredList.filter((r): r is string => typeof r === 'string'));
  const props: Property[] = [];
  for (const [key, prop] of Object.entries(properties)) {
    if (!isSchema(prop)) continue;
    props.push({
      key,
      node: compile(prop),
      required: required.has(key),
      hasDefault: 'default' in prop,
      defaultValue: prop.default,
    });
  }
  const declared = new Set(props.map((p) => p.key));
  // A model declared with extra='forbid' says so in its schema.
  const forbidAlways = schema.additionalProperties === false;
  const title = typeof schema.title === 'string' ? schema.title : 'model';

  return {
    check: (input, run) => {
      if (!isPlainObject(input)) {
        // FastAPI validates with from_attributes=True, hence this error rather than model_type.
        return report(run, 'model_attributes_type', 'Input should be a valid dictionary or object to extract fields from', input);
      }
      const out: Record<string, unknown> = {};
      let ok = true;
      for (const p of props) {
        if (Object.prototype.hasOwnProperty.call(input, p.key)) {
          run.path.push(p.key);
          const value = p.node.check(input[p.key], run);
          run.path.pop();
          if (value === FAIL) ok = false;
          else setOwn(out, p.key, value);
        } else if (p.required) {
          run.path.push(p.key);
          report(run, 'missing', 'Field required', input);
          run.path.pop();
          ok = false;
        } else if (p.hasDefault) {
          setOwn(out, p.key, cloneDefault(p.defaultValue));
        }
      }
      if (forbidAlways || run.opts.forbidExtra === true) {
        for (const key of Object.keys(input)) {
          if (declared.has(key)) continue;
          run.path.push(key);
          report(run, 'extra_forbidden', 'Extra inputs are not permitted', input[key]);
          run.path.pop();
          ok = false;
        }
      }
      return ok ? out : FAIL;
    },
    kind: 'object',
    tag: title,
  };
}

function dictNode(schema: JsonSchema): Compiled {
  const values = isSchema(schema.additionalProperties) && Object.keys(schema.additionalProperties).length > 0
    ? compile(schema.additionalProperties)
    : undefined;
  return {
    check: (input, run) => {
      if (!isPlainObject(input)) return report(run, 'dict_type', 'Input should be a valid dictionary', input);
      if (values === undefined) return input;
      const out: Record<string, unknown> = {};
      let ok = true;
      for (const key of Object.keys(input)) {
        run.path.push(key);
        const value = values.check(input[key], run);
        run.path.pop();
        if (value === FAIL) ok = false;
        else setOwn(out, key, value);
      }
      return ok ? out : FAIL;
    },
    kind: 'object',
    tag: values === undefined ? 'dict[str,any]' : `dict[str,${values.tag}]`,
  };
}

function arrayNode(schema: JsonSchema): Compiled {
  const items = isSchema(schema.items) ? compile(schema.items) : undefined;
  const minItems = num(schema.minItems);
  const maxItems = num(schema.maxItems);
  return {
    check: (input, run) => {
      if (!Array.isArray(input)) return report(run, 'list_type', 'Input should be a valid list', input);
      // pydantic stops at the length limit before looking at the items.
      if (maxItems !== undefined && input.length > maxItems) {
        return report(
          run,
          'too_long',
          `List should have at most ${maxItems} ${plural(maxItems, 'item')} after validation, not ${input.length}`,
          input,
          { field_type: 'List', max_length: maxItems, actual_length: input.length },
        );
      }
      let out: unknown[] = input;
      if (items !== undefined) {
        out = new Array<unknown>(input.length);
        let ok = true;
        for (let i = 0; i < input.length; i++) {
          run.path.push(i);
          const value = items.check(input[i], run);
          run.path.pop();
          if (value === FAIL) ok = false;
          else out[i] = value;
        }
        if (!ok) return FAIL;
      }
      if (minItems !== undefined && input.length < minItems) {
        return report(
          run,
          'too_short',
          `List should have at least ${minItems} ${plural(minItems, 'item')} after validation, not ${input.length}`,
          input,
          { field_type: 'List', min_length: minItems, actual_length: input.length },
        );
      }
      return out;
    },
    kind: 'array',
    tag: `list[${items?.tag ?? 'any'}]`,
  };
}

// ---------------------------------------------------------------------------------------------------------
// Enums and literals

function enumNode(values: unknown[]): Compiled {
  return choiceNode(values, 'enum', `enum[${values.map(pyRepr).join(',')}]`);
}

function literalNode(values: unknown[]): Compiled {
  return choiceNode(values, 'literal_error', `literal[${values.map(pyRepr).join(',')}]`);
}

function choiceNode(values: unknown[], type: string, tag: string): Compiled {
  const allowed = new Set(values);
  const expected = expectedList(values);
  const msg = `Input should be ${expected}`;
  const kinds = new Set(values.map(jsonKind));
  const only = kinds.size === 1 ? [...kinds][0] : undefined;
  return {
    check: (input, run) => (allowed.has(input) ? input : report(run, type, msg, input, { expected })),
    kind: only ?? 'any',
    tag,
  };
}

// ---------------------------------------------------------------------------------------------------------
// Strings

/** Length in code points, as Python counts it. */
function codePointLength(s: string): number {
  let n = s.length;
  for (let i = 0; i < s.length - 1; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        n--;
        i++;
      }
    }
  }
  return n;
}

/** pydantic's regex engine is Rust's, where \d means any Unicode decimal digit. */
function compilePattern(pattern: string): RegExp | undefined {
  let translated = '';
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i];
    if (ch === '\\' && i + 1 < pattern.length) {
      const next = pattern[i + 1];
      translated += next === 'd' ? '\\p{Nd}' : next === 'D' ? '\\P{Nd}' : `\\${next}`;
      i++;
    } else {
      translated += ch;
    }
  }
  try {
    return new RegExp(translated, 'u');
  } catch {
    try {
      return new RegExp(pattern);
    } catch {
      return undefined;
    }
  }
}

function stringNode(schema: JsonSchema): Compiled {
  const minLength = num(schema.minLength);
  const maxLength = num(schema.maxLength);
  const pattern = typeof schema.pattern === 'string' ? schema.pattern : undefined;
  const regex = pattern === undefined ? undefined : compilePattern(pattern);
  const constrained = minLength !== undefined || maxLength !== undefined;
  return {
    check: (input, run) => {
      if (typeof input !== 'string') return report(run, 'string_type', 'Input should be a valid string', input);
      if (constrained) {
        const length = codePointLength(input);
        if (minLength !== undefined && length < minLength) {
          return report(run, 'string_too_short', `String should have at least ${minLength} ${plural(minLength, 'character')}`, input, {
            min_length: minLength,
          });
        }
        if (maxLength !== undefined && length > maxLength) {
          return report(run, 'string_too_long', `String should have at most ${maxLength} ${plural(maxLength, 'character')}`, input, {
            max_length: maxLength,
          });
        }
      }
      if (regex !== undefined && pattern !== undefined && !regex.test(input)) {
        return report(run, 'string_pattern_mismatch', `String should match pattern '${pattern}'`, input, { pattern });
      }
      return input;
    },
    kind: 'string',
    tag: 'str',
  };
}

// ---------------------------------------------------------------------------------------------------------
// UUID (pydantic-core parses with the Rust `uuid` crate and reports its diagnosis)

const HEX = /^[0-9a-fA-F]+$/;
const HYPHENATED = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;
const GROUP_ENDS = [8, 13, 18, 23];
const GROUP_STARTS = [0, 9, 14, 19, 24];
const GROUP_LENGTHS = [8, 4, 4, 4, 12];

/** The lowercase hyphenated form, or the uuid crate's error text. */
export function parseUuid(s: string): { ok: true; value: string } | { ok: false; error: string } {
  let hyphenated: string | undefined;
  if (s.length === 32 && HEX.test(s)) {
    hyphenated = `${s.slice(0, 8)}-${s.slice(8, 12)}-${s.slice(12, 16)}-${s.slice(16, 20)}-${s.slice(20)}`;
  } else if (s.length === 36) {
    if (HYPHENATED.test(s)) hyphenated = s;
  } else if (s.length === 38 && s[0] === '{' && s[37] === '}') {
    const inner = s.slice(1, 37);
    if (HYPHENATED.test(inner)) hyphenated = inner;
  } else if (s.length === 45 && s.startsWith('urn:uuid:')) {
    const inner = s.slice(9);
    if (HYPHENATED.test(inner)) hyphenated = inner;
  }
  if (hyphenated !== undefined) return { ok: true, value: hyphenated.toLowerCase() };
  // The crate parses well-shaped inputs (36 bytes, braced 38, urn 45) on a fast path that diagnoses
  // only the inner 36 characters; anything else is diagnosed as a whole, prefix included.
  const bytes = Buffer.byteLength(s);
  const inner =
    bytes === 36 ? s : bytes === 38 && s[0] === '{' && s.endsWith('}') ? s.slice(1, -1) : bytes === 45 && s.startsWith('urn:uuid:') ? s.slice(9) : undefined;
  return { ok: false, error: diagnoseUuid(inner ?? s) };
}

function diagnoseUuid(s: string): string {
  let inner = s;
  let offset = 0;
  let simple = true;
  if (s.length >= 2 && s[0] === '{' && s[s.length - 1] === '}') {
    inner = s.slice(1, -1);
    offset = 1;
    simple = false;
  } else if (s.startsWith('urn:uuid:')) {
    inner = s.slice(9);
    offset = 9;
    simple = false;
  }
  let hyphens = 0;
  const bounds: number[] = [];
  // Every character before a reported one is ASCII, so UTF-16 and UTF-8 (byte) indices agree.
  for (let i = 0; i < inner.length; i++) {
    const c = inner.charCodeAt(i);
    if (c === 0x2d) {
      if (hyphens < 4) bounds.push(i);
      hyphens++;
    } else if (!((c >= 0x30 && c <= 0x39) || (c >= 0x61 && c <= 0x66) || (c >= 0x41 && c <= 0x46))) {
      const ch = String.fromCodePoint(inner.codePointAt(i) ?? c);
      return `invalid character: found \`${ch}\` at ${i + offset + 1}`;
    }
  }
  if (hyphens === 0 && simple) return `invalid length: expected length 32 for simple format, found ${s.length}`;
  if (hyphens !== 4) return `invalid group count: expected 5, found ${hyphens + 1}`;
  for (let g = 0; g < 4; g++) {
    const bound = bounds[g] ?? 0;
    if (bound !== GROUP_ENDS[g]) {
      return `invalid group length in group ${g}: expected ${GROUP_LENGTHS[g]}, found ${bound - (GROUP_STARTS[g] ?? 0)}`;
    }
  }
  // The crate measures the last group against the whole input, braces or prefix included.
  return `invalid group length in group 4: expected 12, found ${s.length - 24}`;
}

function uuidNode(): Compiled {
  return {
    check: (input, run) => {
      if (typeof input !== 'string') {
        return report(run, 'uuid_type', 'UUID input should be a string, bytes or UUID object', input);
      }
      const parsed = parseUuid(input);
      if (parsed.ok) return parsed.value;
      return report(run, 'uuid_parsing', `Input should be a valid UUID, ${parsed.error}`, input, { error: parsed.error });
    },
    kind: 'string',
    tag: 'uuid',
  };
}

// ---------------------------------------------------------------------------------------------------------
// Date-times (simplified: ISO 8601 strings and unix timestamps; the value is kept as given)

// An offset has hours and minutes (`+01` alone is refused), less than 24 hours in all; U+2212 is a minus too.
const DATETIME =
  /^(\d{4})-(\d{2})-(\d{2})(?:[Tt _](\d{2}):(\d{2})(?::(\d{2})(?:[.,]\d+)?)?(?:[Zz]|(?:[+-]|\u2212)(\d{2}):?(\d{2}))?)?$/;
/** Unix time as speedate reads a string: an integer, or a number with a point (an exponent only after one). */
const TIMESTAMP_INT = /^[+-]?\d+$/;
const TIMESTAMP_FLOAT = /^[+-]?(?:\d+\.\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
// Timestamps above 2e10 in size are taken as milliseconds; the seconds must fall in years 1 to 9999.
const MIN_TIMESTAMP_S = -62_135_596_800;
const YEAR_ZERO_S = -62_167_219_200;
const MAX_TIMESTAMP_S = 253_402_300_800;
const MAX_TIMESTAMP_MS = MAX_TIMESTAMP_S * 1000;
const I64_MAX = 9_223_372_036_854_775_807n;

function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

/** Where the date goes wrong, read as speedate reads it: byte by byte over the UTF-8 text. */
function datetimeError(s: string): string {
  const b = Buffer.from(s, 'utf8');
  if (b.length < 10) return 'input is too short';
  const digits = (from: number, to: number): boolean => b.subarray(from, to).every((c) => c >= 0x30 && c <= 0x39);
  const number = (from: number, to: number): number => Number(b.subarray(from, to).toString('latin1'));
  if (!digits(0, 4)) return 'invalid character in year';
  if (b[4] !== 0x2d) return 'invalid date separator, expected `-`';
  if (!digits(5, 7)) return 'invalid character in month';
  if (b[7] !== 0x2d) return 'invalid date separator, expected `-`';
  if (!digits(8, 10)) return 'invalid character in day';
  const month = number(5, 7);
  if (month < 1 || month > 12) return 'month value is outside expected range of 1-12';
  const day = number(8, 10);
  if (day < 1 || day > daysInMonth(number(0, 4), month)) return 'day value is outside expected range';
  return 'unexpected extra characters at the end of the input';
}

function validDatetime(s: string): boolean {
  const m = DATETIME.exec(s);
  if (m === null) return false;
  const month = Number(m[2]);
  const day = Number(m[3]);
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(Number(m[1]), month)) return false;
  const offsetMinutes = Number(m[8] ?? 0);
  if (offsetMinutes > 59 || Number(m[7] ?? 0) * 60 + offsetMinutes >= 24 * 60) return false;
  return Number(m[4] ?? 0) < 24 && Number(m[5] ?? 0) < 60 && Number(m[6] ?? 0) < 60;
}

/** The instant in seconds of a Unix time string, when it reads as one (milliseconds past 2e10). */
function timestampSeconds(s: string): number | undefined {
  if (!TIMESTAMP_INT.test(s) && !TIMESTAMP_FLOAT.test(s)) return undefined;
  const n = Number(s);
  if (!Number.isFinite(n)) return undefined;
  return Math.abs(n) > 2e10 ? n / 1000 : n;
}

/**
 * Why a string that does not read as a date-time is refused: a plain integer (no sign but `-`, within 64
 * bits) is judged as Unix time by the date parser too, so it is refused for its range; anything else
 * for where the date goes wrong.
 */
function datetimeRefusal(s: string): { type: string; msg: string; error: string } {
  if (/^-?\d+$/.test(s) && (BigInt(s) < 0n ? -BigInt(s) : BigInt(s)) <= I64_MAX) {
    const seconds = timestampSeconds(s) ?? 0;
    if (seconds >= YEAR_ZERO_S && seconds < MIN_TIMESTAMP_S) return { type: 'datetime_parsing', msg: 'Input should be a valid datetime, year 0 is out of range', error: 'year 0 is out of range' };
    const error = seconds < 0 ? 'dates before 0000 are not supported as unix timestamps' : 'dates after 9999 are not supported as unix timestamps';
    return { type: 'datetime_from_date_parsing', msg: `Input should be a valid datetime or date, ${error}`, error };
  }
  const error = datetimeError(s);
  return { type: 'datetime_from_date_parsing', msg: `Input should be a valid datetime or date, ${error}`, error };
}

function timestampOk(n: number): boolean {
  const ms = Math.abs(n) > 2e10 ? Math.abs(n) : Math.abs(n) * 1000;
  return Number.isFinite(n) && ms < MAX_TIMESTAMP_MS;
}

function datetimeNode(): Compiled {
  const tooLate = (input: unknown, run: Run): typeof FAIL => {
    const error = 'dates after 9999 are not supported as unix timestamps';
    return report(run, 'datetime_parsing', `Input should be a valid datetime, ${error}`, input, { error });
  };
  return {
    check: (input, run) => {
      if (typeof input === 'number') return timestampOk(input) ? input : tooLate(input, run);
      if (typeof input !== 'string') return report(run, 'datetime_type', 'Input should be a valid datetime', input);
      if (validDatetime(input)) return input;
      const seconds = timestampSeconds(input);
      if (seconds !== undefined && seconds >= MIN_TIMESTAMP_S && seconds < MAX_TIMESTAMP_S) return input;
      const refusal = datetimeRefusal(input);
      return report(run, refusal.type, refusal.msg, input, { error: refusal.error });
    },
    kind: 'string',
    tag: 'datetime',
  };
}

// ---------------------------------------------------------------------------------------------------------
// Numbers

interface Bounds {
  multipleOf?: number;
  le?: number;
  lt?: number;
  ge?: number;
  gt?: number;
}

function boundsOf(schema: JsonSchema): Bounds | undefined {
  const b: Bounds = {};
  const multipleOf = num(schema.multipleOf);
  const le = num(schema.maximum);
  const lt = num(schema.exclusiveMaximum);
  const ge = num(schema.minimum);
  const gt = num(schema.exclusiveMinimum);
  if (multipleOf !== undefined) b.multipleOf = multipleOf;
  if (le !== undefined) b.le = le;
  if (lt !== undefined) b.lt = lt;
  if (ge !== undefined) b.ge = ge;
  if (gt !== undefined) b.gt = gt;
  return Object.keys(b).length > 0 ? b : undefined;
}

/** pydantic-core's order: multiple_of, le, lt, ge, gt; the first failure is the only one reported. */
function checkBounds(n: number, b: Bounds, isInt: boolean, input: unknown, run: Run): typeof FAIL | undefined {
  if (b.multipleOf !== undefined) {
    const m = b.multipleOf;
    let bad: boolean;
    if (isInt && Number.isInteger(m)) {
      bad = n % m !== 0;
    } else {
      // Float remainders are compared with a tolerance relative to the value.
      const rem = n % m;
      const tolerance = Math.abs(n) / 1e9;
      bad = Math.abs(rem) > tolerance && Math.abs(rem - m) > tolerance;
    }
    if (bad) return report(run, 'multiple_of', `Input should be a multiple of ${formatNumber(m)}`, input, { multiple_of: m });
  }
  if (b.le !== undefined && !(n <= b.le)) {
    return report(run, 'less_than_equal', `Input should be less than or equal to ${formatNumber(b.le)}`, input, { le: b.le });
  }
  if (b.lt !== undefined && !(n < b.lt)) {
    return report(run, 'less_than', `Input should be less than ${formatNumber(b.lt)}`, input, { lt: b.lt });
  }
  if (b.ge !== undefined && !(n >= b.ge)) {
    return report(run, 'greater_than_equal', `Input should be greater than or equal to ${formatNumber(b.ge)}`, input, { ge: b.ge });
  }
  if (b.gt !== undefined && !(n > b.gt)) {
    return report(run, 'greater_than', `Input should be greater than ${formatNumber(b.gt)}`, input, { gt: b.gt });
  }
  return undefined;
}

const INT_STRING = /^[+-]?\d(?:_?\d)*(?:\.0+)?$/;
const MAX_INT_STRING = 4300; // CPython's int/str conversion limit, which pydantic-core applies too

const MSG_INT_PARSING = 'Input should be a valid integer, unable to parse string as an integer';
const MSG_INT_SIZE = 'Unable to parse input string as an integer, exceeded maximum size';

/** Lax int coercion; returns the integer or reports. */
function toInt(input: unknown, run: Run): number | typeof FAIL {
  switch (typeof input) {
    case 'number':
      if (!Number.isFinite(input)) return report(run, 'finite_number', 'Input should be a finite number', input);
      if (!Number.isInteger(input)) {
        return report(run, 'int_from_float', 'Input should be a valid integer, got a number with a fractional part', input);
      }
      return input === 0 ? 0 : input;
    case 'boolean':
      return input ? 1 : 0;
    case 'string': {
      const s = input.replace(RUST_TRIM, '');
      if (s.length > MAX_INT_STRING) return report(run, 'int_parsing_size', MSG_INT_SIZE, input);
      if (!INT_STRING.test(s)) return report(run, 'int_parsing', MSG_INT_PARSING, input);
      const dot = s.indexOf('.');
      const n = Number((dot < 0 ? s : s.slice(0, dot)).replace(/_/g, ''));
      return n === 0 ? 0 : n;
    }
    default:
      return report(run, 'int_type', 'Input should be a valid integer', input);
  }
}

function intNode(schema: JsonSchema): Compiled {
  const bounds = boundsOf(schema);
  return {
    check: (input, run) => {
      const n = toInt(input, run);
      if (n === FAIL) return FAIL;
      if (bounds !== undefined && checkBounds(n, bounds, true, input, run) === FAIL) return FAIL;
      return n;
    },
    kind: 'integer',
    tag: 'int',
  };
}

// Rust's f64 grammar (what pydantic-core uses for float strings).
const FLOAT_STRING = /^[+-]?(?:(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?|inf|infinity|nan)$/i;

function parseFloatString(s: string): number | undefined {
  const parse = (t: string): number | undefined => {
    if (!FLOAT_STRING.test(t)) return undefined;
    const lower = t.toLowerCase();
    if (lower.endsWith('nan')) return NaN;
    if (lower.endsWith('inf') || lower.endsWith('infinity')) return lower.startsWith('-') ? -Infinity : Infinity;
    return Number(t);
  };
  const direct = parse(s);
  if (direct !== undefined) return direct;
  // Underscores are allowed except leading, trailing or doubled.
  if (!s.includes('_') || s.startsWith('_') || s.endsWith('_') || s.includes('__')) return undefined;
  return parse(s.replace(/_/g, ''));
}

function floatNode(schema: JsonSchema): Compiled {
  const bounds = boundsOf(schema);
  return {
    check: (input, run) => {
      let n: number;
      if (typeof input === 'number') n = input;
      else if (typeof input === 'boolean') n = input ? 1 : 0;
      else if (typeof input === 'string') {
        const parsed = parseFloatString(input.replace(RUST_TRIM, ''));
        if (parsed === undefined) {
          return report(run, 'float_parsing', 'Input should be a valid number, unable to parse string as a number', input);
        }
        n = parsed;
      } else {
        return report(run, 'float_type', 'Input should be a valid number', input);
      }
      if (bounds !== undefined && checkBounds(n, bounds, false, input, run) === FAIL) return FAIL;
      return n;
    },
    kind: 'number',
    tag: 'float',
  };
}

const TRUE_STRINGS = new Set(['1', 't', 'true', 'y', 'yes', 'on']);
const FALSE_STRINGS = new Set(['0', 'f', 'false', 'n', 'no', 'off']);
const I64_LIMIT = 2 ** 63;

function boolNode(): Compiled {
  const parsing = (input: unknown, run: Run): typeof FAIL =>
    report(run, 'bool_parsing', 'Input should be a valid boolean, unable to interpret input', input);
  return {
    check: (input, run) => {
      switch (typeof input) {
        case 'boolean':
          return input;
        case 'number':
          // Integral numbers within i64 ([-2**63, 2**63)) are judged as ints (only 0/1 pass); other floats are the wrong type.
          if (Number.isInteger(input) && input >= -I64_LIMIT && input < I64_LIMIT) {
            return input === 0 ? false : input === 1 ? true : parsing(input, run);
          }
          return report(run, 'bool_type', 'Input should be a valid boolean', input);
        case 'string': {
          const lower = input.length <= 5 ? input.toLowerCase() : '';
          if (TRUE_STRINGS.has(lower)) return true;
          if (FALSE_STRINGS.has(lower)) return false;
          return parsing(input, run);
        }
        default:
          return report(run, 'bool_type', 'Input should be a valid boolean', input);
      }
    },
    kind: 'boolean',
    tag: 'bool',
  };
}

// ---------------------------------------------------------------------------------------------------------
// Decimal: Python's decimal.Decimal constructor rules, value returned as str(Decimal)

const DECIMAL_STRING = /^([+-]?)(?:(\d+)(?:\.(\d*))?|\.(\d+))(?:[eE]([+-]?\d+))?$/;
const DECIMAL_SPECIAL = /^[+-]?(?:inf|infinity|s?nan\d*)$/i;
const ND = /\p{Nd}/u;

/** Maps any Unicode decimal digit to ASCII (Decimal() accepts them); digits come in aligned runs of ten. */
function asciiDigits(s: string): string {
  let out = '';
  for (const ch of s) {
    const cp = ch.codePointAt(0) ?? 0;
    if (cp > 0x7f && ND.test(ch)) {
      let start = cp;
      while (ND.test(String.fromCodePoint(start - 1))) start--;
      out += String((cp - start) % 10);
    } else {
      out += ch;
    }
  }
  return out;
}

// Bounds of the exponent Python's Decimal() accepts (libmpdec's MAX_EMAX and MIN_ETINY); past them it refuses.
const DECIMAL_MAX_ADJUSTED = 999_999_999_999_999_999n;
const DECIMAL_MIN_EXPONENT = -1_999_999_999_999_999_997n;

/** str(Decimal(text)) for a finite decimal text, or undefined when it is not one. */
function canonicalDecimal(text: string): string | undefined {
  const m = DECIMAL_STRING.exec(text);
  if (m === null) return undefined;
  const sign = m[1] === '-' ? '-' : '';
  const intDigits = m[2] ?? '';
  const fracDigits = m[3] ?? m[4] ?? '';
  // BigInt: exponents reach 10^18, beyond the integers a double holds exactly.
  const exponent = BigInt(m[5] ?? '0') - BigInt(fracDigits.length);
  const coefficient = (intDigits + fracDigits).replace(/^0+/, '') || '0';
  const adjusted = exponent + BigInt(coefficient.length - 1);
  if (exponent < DECIMAL_MIN_EXPONENT || adjusted > DECIMAL_MAX_ADJUSTED) return undefined;
  return sign + toSciString(coefficient, exponent, adjusted);
}

/** The General Decimal Arithmetic to-scientific-string conversion, which str(Decimal) implements. */
function toSciString(coefficient: string, exponent: bigint, adjusted: bigint): string {
  if (exponent <= 0n && adjusted >= -6n) {
    if (exponent === 0n) return coefficient;
    // Here -exponent <= coefficient.length + 6: a small number.
    const point = coefficient.length + Number(exponent);
    return point > 0
      ? `${coefficient.slice(0, point)}.${coefficient.slice(point)}`
      : `0.${'0'.repeat(-point)}${coefficient}`;
  }
  const mantissa = coefficient.length > 1 ? `${coefficient[0]}.${coefficient.slice(1)}` : coefficient;
  return `${mantissa}E${adjusted >= 0n ? '+' : ''}${adjusted}`;
}

function decimalNode(): Compiled {
  const finite = (input: unknown, run: Run): typeof FAIL =>
    report(run, 'finite_number', 'Input should be a finite number', input);
  return {
    check: (input, run) => {
      if (typeof input === 'number') {
        if (!Number.isFinite(input)) return finite(input, run);
        // A safe integer is taken to be a JSON int; anything else went through Python's float repr.
        if (Number.isSafeInteger(input)) return String(input === 0 ? 0 : input);
        return canonicalDecimal(pyFloatRepr(input)) ?? finite(input, run);
      }
      if (typeof input === 'string') {
        let text = input.replace(PY_TRIM, '').replace(/_/g, '');
        if (/[^\x00-\x7f]/.test(text)) text = asciiDigits(text);
        const value = canonicalDecimal(text);
        if (value !== undefined) return value;
        if (DECIMAL_SPECIAL.test(text)) return finite(input, run);
        return report(run, 'decimal_parsing', 'Input should be a valid decimal', input);
      }
      return report(run, 'decimal_type', 'Decimal input should be an integer, float, string or Decimal object', input);
    },
    kind: 'any',
    tag: 'decimal',
  };
}
