// The validation fast path: each operation's path, query and body schemas compiled once with TypeBox's
// compiler (on the operation's first request). An input that passes is exactly what the pydantic layer
// would return, so it is used as is, with the document's defaults filled in by TypeBox's Value.Default.
// An input that fails is not necessarily invalid: it goes to the pydantic layer, which decides.
import type { TSchema } from '@sinclair/typebox';
import { Kind, Type } from '@sinclair/typebox';
import type { TypeCheck } from '@sinclair/typebox/compiler';
import { TypeCompiler } from '@sinclair/typebox/compiler';
import { Value } from '@sinclair/typebox/value';
import type { Contract, OperationSpec, ParameterSpec } from './document.js';
import { defaultsSchema, FastSchemaBuilder, UnsupportedSchema } from './fast-schema.js';
import type { JsonSchema } from './pydantic.js';

export type ParamLocation = 'path' | 'query';
type Scalar = 'integer' | 'number' | 'boolean' | 'string';

/** Fills defaults into a value, in place, the way Value.Default does for the same defaults schema. */
export type FillDefaults = (value: unknown) => unknown;

interface ParamsFast {
  check: TypeCheck<TSchema>;
  params: { name: string; scalar: Scalar }[];
  defaults: TSchema | undefined;
  fill: FillDefaults | undefined;
}

interface BodyFast {
  check: TypeCheck<TSchema>;
  defaults: TSchema | undefined;
  fill: FillDefaults | undefined;
  /** Defaults below the top level mutate nested objects, which must not reach the decoded body. */
  deepDefaults: boolean;
}

export interface OperationFast {
  path: ParamsFast | undefined;
  query: ParamsFast | undefined;
  body: BodyFast | undefined;
}

/** How many inputs each path took, per part of the request; read by tests and for diagnosis. */
export const fastPathCounters = { fast: 0, fallback: 0 };

const compiled = new WeakMap<OperationSpec, OperationFast>();

export function fastPathOf(contract: Contract, op: OperationSpec): OperationFast {
  let fast = compiled.get(op);
  if (fast === undefined) {
    fast = compileOperation(contract, op);
    compiled.set(op, fast);
  }
  return fast;
}

export function compileOperation(contract: Contract, op: OperationSpec): OperationFast {
  return {
    path: compileParams(contract, op.parameters.filter((p) => p.in === 'path')),
    query: compileParams(contract, op.parameters.filter((p) => p.in === 'query')),
    body: op.body ? compileBody(contract, op.body.schema) : undefined,
  };
}

function compileParams(contract: Contract, params: ParameterSpec[]): ParamsFast | undefined {
  if (params.length === 0) return undefined;
  const builder = new FastSchemaBuilder(contract.resolve);
  const props: Record<string, TSchema> = {};
  const defaults: Record<string, TSchema> = {};
  for (const p of params) {
    const schema = builder.convert(p.schema);
    props[p.name] = p.required ? schema : Type.Optional(schema);
    // A missing optional parameter is its default, or None; pydantic does not validate either.
    if (!p.required) defaults[p.name] = Type.Unknown({ default: p.schema.default ?? null });
  }
  return {
    check: TypeCompiler.Compile(Type.Object(props), builder.references()),
    params: params.map((p) => ({ name: p.name, scalar: scalarOf(p.schema, contract.resolve) })),
    ...withFill(Object.keys(defaults).length > 0 ? Type.Object(defaults) : undefined),
  };
}

function compileBody(contract: Contract, schema: JsonSchema): BodyFast | undefined {
  const builder = new FastSchemaBuilder(contract.resolve);
  try {
    const check = TypeCompiler.Compile(builder.convert(schema), builder.references());
    const defaults = defaultsSchema(schema, contract.resolve);
    return { check, ...withFill(defaults), deepDefaults: defaults !== undefined && hasNestedDefaults(defaults) };
  } catch (error) {
    if (error instanceof UnsupportedSchema) return undefined;
    throw error;
  }
}

function hasNestedDefaults(defaults: TSchema): boolean {
  const props: unknown = defaults.properties;
  if (typeof props !== 'object' || props === null) return true;
  return Object.values(props as Record<string, TSchema>).some((p) => p.properties !== undefined || p.items !== undefined);
}

/** The scalar a parameter's string is read as (through references and Optional[...]). */
function scalarOf(schema: JsonSchema, resolve: (ref: string) => JsonSchema): Scalar {
  if (typeof schema.$ref === 'string') return scalarOf(resolve(schema.$ref), resolve);
  const branches = Array.isArray(schema.anyOf) ? (schema.anyOf as JsonSchema[]) : Array.isArray(schema.allOf) ? (schema.allOf as JsonSchema[]) : undefined;
  if (branches !== undefined) {
    const nonNull = branches.filter((b) => b.type !== 'null');
    const [only] = nonNull;
    return nonNull.length === 1 && only !== undefined ? scalarOf(only, resolve) : 'string';
  }
  return schema.type === 'integer' || schema.type === 'number' || schema.type === 'boolean' ? schema.type : 'string';
}

const CANONICAL_INT = /^(?:0|-?[1-9][0-9]{0,14})$/;
const CANONICAL_FLOAT = /^-?(?:0|[1-9][0-9]*)(?:\.[0-9]*[1-9])?$/;

/**
 * A parameter string read as its scalar, but only in the one spelling whose pydantic value is plain
 * (`5`, not `05`, ` 5`, `5.0` or `+5`; `true`, not `yes` or `1`). Any other spelling stays a string, fails
 * the compiled check and goes to the pydantic layer.
 */
function readScalar(text: string, scalar: Scalar): unknown {
  switch (scalar) {
    case 'integer':
      return CANONICAL_INT.test(text) ? Number(text) : text;
    case 'number': {
      if (!CANONICAL_FLOAT.test(text)) return text;
      const n = Number(text);
      return Number.isFinite(n) && String(n) === text ? n : text;
    }
    case 'boolean':
      return text === 'true' ? true : text === 'false' ? false : text;
    default:
      return text;
  }
}

/** Path or query values through the fast path, or `undefined` when the pydantic layer must decide. */
export function fastParams(fast: ParamsFast, source: Record<string, string | string[] | undefined>): Record<string, unknown> | undefined {
  const values: Record<string, unknown> = {};
  for (const p of fast.params) {
    const given = source[p.name];
    // Repeated query keys: the last one wins, as Starlette's QueryParams.get does.
    const text = Array.isArray(given) ? given[given.length - 1] : given;
    if (text !== undefined) values[p.name] = readScalar(text, p.scalar);
  }
  if (!fast.check.Check(values)) {
    fastPathCounters.fallback++;
    return undefined;
  }
  fastPathCounters.fast++;
  return fast.fill === undefined ? values : (fast.fill(values) as Record<string, unknown>);
}

/** The body through the fast path, or `undefined` when the pydantic layer must decide. */
export function fastBody(fast: BodyFast, body: unknown): { value: unknown } | undefined {
  if (!fast.check.Check(body)) {
    fastPathCounters.fallback++;
    return undefined;
  }
  fastPathCounters.fast++;
  if (fast.fill === undefined) return { value: body };
  // Value.Default writes into what it is given; the decoded body stays as sent (it is echoed in errors).
  // (Object.assign, not spread: V8 makes a spread copy slow to add keys to, about 25 µs for seven.)
  const copy = fast.deepDefaults ? Value.Clone(body) : Array.isArray(body) ? body.slice() : isObjectLike(body) ? Object.assign({}, body) : body;
  return { value: fast.fill(copy) };
}

function withFill(defaults: TSchema | undefined): { defaults: TSchema | undefined; fill: FillDefaults | undefined } {
  return { defaults, fill: defaults === undefined ? undefined : compileDefaults(defaults) };
}

// Value.Default interprets its schema on every call (about 50 µs for a POST /sessions body on these
// machines, many times the whole pydantic layer), so the same defaults schema is compiled into closures
// that follow Value.Default's rules for the kinds a defaults schema holds: objects, arrays and leaves.
const isObjectLike = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;

/** Value.Default's ValueOrDefault: a missing value becomes a copy of the default. */
function valueOrDefault(schema: TSchema): FillDefaults {
  if (!('default' in schema)) return (value) => value;
  const fallback: unknown = schema.default;
  if (!isObjectLike(fallback)) return (value) => (value === undefined ? fallback : value);
  return (value) => {
    const copy: unknown = Value.Clone(fallback);
    if (value === undefined) return copy;
    return isObjectLike(value) && isObjectLike(copy) ? Object.assign(copy, value) : value;
  };
}

export function compileDefaults(schema: TSchema): FillDefaults {
  const own = valueOrDefault(schema);
  const kind: unknown = schema[Kind];
  if (kind === 'Object') {
    const properties = schema.properties as Record<string, TSchema>;
    const fills = Object.entries(properties).map(([key, property]) => ({ key, fill: compileDefaults(property) }));
    return (value) => {
      const target = own(value);
      if (!isObjectLike(target)) return target;
      for (const { key, fill } of fills) {
        const filled = fill(target[key]);
        if (filled !== undefined) target[key] = filled;
      }
      return target;
    };
  }
  if (kind === 'Array') {
    const fill = compileDefaults(schema.items as TSchema);
    return (value) => {
      const target = own(value);
      if (Array.isArray(target)) for (let i = 0; i < target.length; i++) target[i] = fill(target[i]);
      return target;
    };
  }
  return own;
}
