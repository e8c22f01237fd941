// Turns TypeBox's validation errors into short problems for people: one per field, located by a path of
// keys and indexes, worded by the schema itself. A schema says how its failures read through a `problem`
// option (a function of the offending value); an object's unknown keys are reported as such.
import type { TSchema } from '@sinclair/typebox';
import { Kind, TypeRegistry } from '@sinclair/typebox';
import type { ValueError } from '@sinclair/typebox/errors';
import { ValueErrorType } from '@sinclair/typebox/errors';
import { Value } from '@sinclair/typebox/value';

export type ProblemPath = (string | number)[];

export interface Problem {
  path: ProblemPath;
  message: string;
  /** Set when the problem is a key the object does not declare: the declared keys, in order. */
  unknownKey?: { key: string; allowed: string[] };
}

/** The wording of a failure at a schema node; `value` is what was found there (undefined: nothing). */
export type ProblemText = (value: unknown) => string;

const CHECKED = 'Checked';

/**
 * A value judged by a function (for rules JSON Schema cannot state, such as `[min, max]` with min <= max
 * or a regular expression that compiles): `check` returns the problem, or undefined when the value is fine.
 */
export function Checked<T>(check: (value: unknown) => string | undefined): TSchema & { static: T } {
  if (!TypeRegistry.Has(CHECKED)) {
    TypeRegistry.Set<{ check: (value: unknown) => string | undefined }>(CHECKED, (schema, value) => schema.check(value) === undefined);
  }
  return { [Kind]: CHECKED, check, problem: (value: unknown) => check(value) ?? 'invalid' } as unknown as TSchema & { static: T };
}

const isObjectLike = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;

function unescapePointer(part: string): string {
  return part.replace(/~1/g, '/').replace(/~0/g, '~');
}

/** TypeBox's JSON pointer, read against the value: array positions become numbers. */
function pathOf(pointer: string, root: unknown): ProblemPath {
  const path: ProblemPath = [];
  let node: unknown = root;
  for (const raw of pointer.split('/').slice(1)) {
    const key = unescapePointer(raw);
    if (Array.isArray(node) && /^\d+$/.test(key)) {
      path.push(Number(key));
      node = node[Number(key)];
    } else {
      path.push(key);
      node = isObjectLike(node) ? node[key] : undefined;
    }
  }
  return path;
}

function wording(schema: TSchema): ProblemText | undefined {
  const text: unknown = schema.problem;
  return typeof text === 'function' ? (text as ProblemText) : undefined;
}

/**
 * The variant of a failed union whose errors say more than the union's own wording: the only one that is
 * not null (an optional field), or the only one with the value's shape (object or list).
 */
function variantFor(error: ValueError): number | undefined {
  const variants: unknown = error.schema.anyOf;
  if (!Array.isArray(variants)) return undefined;
  const list = variants as TSchema[];
  const notNull = list.flatMap((v, i) => (v[Kind] === 'Null' ? [] : [i]));
  if (notNull.length === 1) return notNull[0];
  const kind = Array.isArray(error.value) ? 'Array' : isObjectLike(error.value) ? 'Object' : undefined;
  if (kind === undefined) return undefined;
  const matching = list.flatMap((v, i) => (v[Kind] === kind ? [i] : []));
  return matching.length === 1 ? matching[0] : undefined;
}

function* flatten(errors: Iterable<ValueError>): Generator<ValueError> {
  for (const error of errors) {
    const variant = error.type === ValueErrorType.Union ? variantFor(error) : undefined;
    const inner = variant === undefined ? undefined : error.errors[variant];
    if (inner !== undefined) yield* flatten(inner);
    else yield error;
  }
}

/** Every problem of `value` against `schema`, the first per field, in TypeBox's order. */
export function problemsOf(schema: TSchema, value: unknown, references: TSchema[] = []): Problem[] {
  // Checking is several times cheaper than listing errors, and almost every value is valid.
  if (Value.Check(schema, references, value)) return [];
  const problems: Problem[] = [];
  const seen = new Set<string>();
  for (const error of flatten(Value.Errors(schema, references, value))) {
    if (seen.has(error.path)) continue;
    seen.add(error.path);
    const path = pathOf(error.path, value);
    if (error.type === ValueErrorType.ObjectAdditionalProperties) {
      const allowed = Object.keys(isObjectLike(error.schema.properties) ? error.schema.properties : {});
      const key = String(path[path.length - 1]);
      problems.push({ path, message: `unknown field (expected one of ${allowed.join(', ')})`, unknownKey: { key, allowed } });
      continue;
    }
    const text = wording(error.schema);
    problems.push({ path, message: text ? text(error.value) : error.message });
  }
  return problems;
}

/** `value` as people read it in a message: strings quoted, objects not spelled out. */
export function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return JSON.stringify(value).slice(0, 60);
  if (typeof value === 'object') return 'an object';
  return (JSON.stringify(value) ?? String(value)).slice(0, 60);
}
