// The cases live in pydantic-cases.json: each names a schema of the document (or carries one) and an input,
// with the error list (or the validated value) FastAPI + pydantic v2 produce for them: type, loc, msg, input
// and ctx exactly as they appear in a 422 body. `scripts/oracle --regenerate` recomputes them with real pydantic.
import t from 'tap';
import { readFileSync } from 'node:fs';
import { validate } from '../../src/contract/pydantic.js';
import type { JsonSchema, Loc } from '../../src/contract/pydantic.js';

const isRecord = (v: unknown): v is JsonSchema => typeof v === 'object' && v !== null && !Array.isArray(v);

const doc: unknown = JSON.parse(readFileSync(new URL('../../openapi/v3.json', import.meta.url), 'utf8'));

function resolve(ref: string): JsonSchema {
  let node: unknown = doc;
  for (const part of ref.slice(2).split('/')) node = isRecord(node) ? node[part] : undefined;
  if (!isRecord(node)) throw new Error(`unresolvable ${ref}`);
  return node;
}

const component = (name: string): JsonSchema => resolve(`#/components/schemas/${name}`);

// Path keys contain '/', so operations are looked up by an escaped JSON pointer.
function resolvePointer(ref: string): JsonSchema {
  let node: unknown = doc;
  for (const raw of ref.slice(2).split('/')) {
    const part = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    node = isRecord(node) ? node[part] : undefined;
  }
  if (!isRecord(node)) throw new Error(`unresolvable ${ref}`);
  return node;
}

function opParam(path: string, method: string, name: string): JsonSchema {
  const op = resolvePointer(`#/paths/${path.replace(/~/g, '~0').replace(/\//g, '~1')}/${method}`);
  const params: unknown[] = Array.isArray(op.parameters) ? (op.parameters as unknown[]) : [];
  for (const p of params) if (isRecord(p) && p.name === name && isRecord(p.schema)) return p.schema;
  throw new Error(`no parameter ${name} on ${method} ${path}`);
}

interface Case {
  name: string;
  schema: JsonSchema;
  input: unknown;
  source?: 'python' | 'string';
  forbidExtra?: boolean;
  loc?: Loc;
  /** Expected issues; [] when omitted. */
  issues?: unknown;
  /** Expected value, checked when present. */
  value?: unknown;
}

/** A case as stored: the schema by name (component, one of its properties, or an operation parameter) or inline. */
interface StoredCase {
  name: string;
  component?: string;
  property?: [string, string];
  param?: [string, string, string];
  schema?: JsonSchema;
  input: unknown;
  source?: 'python' | 'string';
  forbidExtra?: boolean;
  loc?: Loc;
  issues: unknown[];
  value?: unknown;
}

const isStringList = (v: unknown, length: number): v is string[] =>
  Array.isArray(v) && v.length === length && v.every((x) => typeof x === 'string');

function isStoredCase(v: unknown): v is StoredCase {
  if (!isRecord(v) || typeof v.name !== 'string' || !('input' in v) || !Array.isArray(v.issues)) return false;
  const names = [v.component, v.property, v.param, v.schema].filter((x) => x !== undefined);
  if (names.length !== 1) return false;
  if (v.component !== undefined && typeof v.component !== 'string') return false;
  if (v.property !== undefined && !isStringList(v.property, 2)) return false;
  if (v.param !== undefined && !isStringList(v.param, 3)) return false;
  if (v.schema !== undefined && !isRecord(v.schema)) return false;
  if (v.source !== undefined && v.source !== 'python' && v.source !== 'string') return false;
  if (v.forbidExtra !== undefined && typeof v.forbidExtra !== 'boolean') return false;
  return v.loc === undefined || (Array.isArray(v.loc) && v.loc.every((x) => typeof x === 'string' || typeof x === 'number'));
}

function readStoredGroups(): { group: string; cases: StoredCase[] }[] {
  const file: unknown = JSON.parse(readFileSync(new URL('./pydantic-cases.json', import.meta.url), 'utf8'));
  const groups = isRecord(file) && Array.isArray(file.groups) ? file.groups : [];
  return groups.map((g: unknown) => {
    if (!isRecord(g) || typeof g.group !== 'string' || !Array.isArray(g.cases)) throw new Error('pydantic-cases.json: a group needs a name and cases');
    const cases: StoredCase[] = [];
    for (const c of g.cases) {
      if (!isStoredCase(c)) throw new Error(`pydantic-cases.json: malformed case in ${g.group}: ${JSON.stringify(c).slice(0, 200)}`);
      cases.push(c);
    }
    return { group: g.group, cases };
  });
}

function run(group: string, cases: Case[]): void {
  t.test(group, async (t) => {
    for (const c of cases) {
      const result = validate(c.schema, c.input, c.loc ?? [], {
        source: c.source ?? 'python',
        forbidExtra: c.forbidExtra ?? false,
        resolve,
      });
      t.strictSame(result.issues, c.issues ?? [], `${c.name}: issues`);
      if ('value' in c) t.strictSame(result.value, c.value, `${c.name}: value`);
    }
  });
}

const runTask = component('RunTaskRequest');

function storedSchema(c: StoredCase): JsonSchema {
  if (c.component !== undefined) return component(c.component);
  if (c.property !== undefined) {
    const properties = component(c.property[0]).properties;
    const schema = isRecord(properties) ? properties[c.property[1]] : undefined;
    if (!isRecord(schema)) throw new Error(`no property ${c.property.join('.')}`);
    return schema;
  }
  if (c.param !== undefined) return opParam(...c.param);
  if (c.schema !== undefined) return c.schema;
  throw new Error(`case ${c.name} names no schema`);
}

// JSON has no NaN or infinities, and JavaScript no float 5.0: both are stored as {"$float": "..."}.
function decodeFloats(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(decodeFloats);
  if (!isRecord(v)) return v;
  const keys = Object.keys(v);
  if (keys.length === 1 && keys[0] === '$float' && typeof v.$float === 'string') return Number(v.$float);
  return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, decodeFloats(x)]));
}

const storedGroups = readStoredGroups();
if (storedGroups.length === 0) throw new Error('pydantic-cases.json holds no groups');
for (const { group, cases } of storedGroups) {
  run(
    group,
    cases.map((c) => ({
      name: c.name,
      schema: storedSchema(c),
      input: decodeFloats(c.input),
      ...(c.source !== undefined && { source: c.source }),
      ...(c.forbidExtra !== undefined && { forbidExtra: c.forbidExtra }),
      ...(c.loc !== undefined && { loc: c.loc }),
      issues: decodeFloats(c.issues),
      ...('value' in c && { value: decodeFloats(c.value) }),
    })),
  );
}

t.test('defaults are deep copies and the loc argument is left alone', async (t) => {
  const schema: JsonSchema = { type: 'object', properties: { tags: { type: 'array', default: ['a'] } } };
  const loc: Loc = ['body'];
  const first = validate(schema, {}, loc, { source: 'python', resolve });
  const tags = (first.value as { tags: string[] }).tags;
  tags.push('mutated');
  const second = validate(schema, {}, loc, { source: 'python', resolve });
  t.strictSame(second.value, { tags: ['a'] });
  t.strictSame(loc, ['body']);
});

t.test('the same schema object validates repeatedly with the same result', async (t) => {
  const input = { task: 5 };
  const a = validate(runTask, input, ['body'], { source: 'python', resolve });
  const b = validate(runTask, input, ['body'], { source: 'python', resolve });
  t.strictSame(a, b);
  t.equal(a.value, undefined, 'no value when there are issues');
});
