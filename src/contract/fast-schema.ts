// Builds TypeBox schemas from the document's JSON schemas for the validation fast path. Each schema built
// here accepts only inputs that the pydantic-compatible layer (pydantic.ts) would accept *and return
// unchanged* (before defaults): whatever pydantic would coerce, normalise, drop or reject is left to that
// layer. So the fast schemas are deliberately narrower than the document: lower-case hyphenated UUIDs only,
// canonical decimal strings only, no unknown keys, no lax coercions, no smart-mode unions.
import type { TSchema } from '@sinclair/typebox';
import { Type } from '@sinclair/typebox';
import type { JsonSchema } from './pydantic.js';

/** A schema shape the fast path cannot mirror exactly; the operation then always takes the pydantic layer. */
export class UnsupportedSchema extends Error {}

export const CANONICAL_UUID = '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$';
/**
 * Strings that str(Decimal(s)) returns unchanged: no sign but '-', no exponent, no leading zeros, ASCII
 * digits, and not so small that Decimal switches to scientific notation (more than six zeros after the point).
 */
export const CANONICAL_DECIMAL = '^-?(?:[1-9][0-9]*(?:\\.[0-9]+)?|0(?:\\.(?:0{0,5}[1-9][0-9]*|0{1,6}))?)$';
/** No UTF-16 surrogates: then String.length (what TypeBox counts) equals Python's code-point length. */
const NO_SURROGATES = '^[^\\uD800-\\uDFFF]*$';

const isSchema = (v: unknown): v is JsonSchema => typeof v === 'object' && v !== null && !Array.isArray(v);
const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);

function schemaList(v: unknown): JsonSchema[] | undefined {
  if (!Array.isArray(v)) return undefined;
  const list = (v as unknown[]).filter(isSchema);
  return list.length === v.length ? list : undefined;
}

/** Converts document schemas, collecting each referenced component once (with `$id` = the reference). */
export class FastSchemaBuilder {
  private readonly components = new Map<string, TSchema>();

  constructor(private readonly resolve: (ref: string) => JsonSchema) {}

  /** Every component converted so far, for TypeCompiler.Compile's reference list. */
  references(): TSchema[] {
    return [...this.components.values()];
  }

  convert(schema: JsonSchema): TSchema {
    if (typeof schema.$ref === 'string') return this.ref(schema.$ref);
    const allOf = schemaList(schema.allOf);
    const only = allOf?.[0];
    if (allOf !== undefined && allOf.length === 1 && only !== undefined) return this.convert(only);
    const anyOf = schemaList(schema.anyOf) ?? schemaList(schema.oneOf);
    if (anyOf !== undefined) return this.anyOf(anyOf);
    if (Array.isArray(schema.type)) return this.anyOf((schema.type as unknown[]).map((t): JsonSchema => ({ ...schema, type: t })));
    if (schema.nullable === true) return Type.Union([this.convert({ ...schema, nullable: false }), Type.Null()]);
    if ('const' in schema) return literals([schema.const]);
    if (Array.isArray(schema.enum)) return literals(schema.enum as unknown[]);
    switch (schema.type) {
      case 'string':
        return stringSchema(schema);
      case 'integer':
        return integerSchema(schema);
      case 'number':
        return Type.Number(bounds(schema));
      case 'boolean':
        return Type.Boolean();
      case 'null':
        return Type.Null();
      case 'array':
        return this.array(schema);
      case 'object':
        return isSchema(schema.properties) ? this.model(schema) : this.dict(schema);
      default:
        if (isSchema(schema.properties)) return this.model(schema);
        if (isSchema(schema.items)) return this.array(schema);
        return Type.Unknown();
    }
  }

  private ref(ref: string): TSchema {
    if (!this.components.has(ref)) {
      // Placeholder first, so that a self-referencing component finds its own name.
      this.components.set(ref, Type.Never({ $id: ref }));
      const target = this.resolve(ref);
      // A default on a component itself is never applied by pydantic (only a field's default is).
      const { default: _ignored, ...withoutDefault } = target;
      this.components.set(ref, { ...this.convert(withoutDefault), $id: ref });
    }
    return Type.Ref(ref);
  }

  private anyOf(branches: JsonSchema[]): TSchema {
    const nonNull = branches.filter((b) => b.type !== 'null');
    const nullable = nonNull.length < branches.length;
    const [first, second] = nonNull;
    if (nonNull.length === 2 && first !== undefined && second !== undefined && isDecimal(first, second)) {
      // pydantic returns str(Decimal(x)); only a string already in that form comes back unchanged.
      const canonical = Type.String({ pattern: CANONICAL_DECIMAL });
      return nullable ? Type.Union([canonical, Type.Null()]) : canonical;
    }
    if (nonNull.length === 0) return Type.Null();
    if (nonNull.length === 1 && first !== undefined) {
      const inner = this.convert(first);
      return nullable ? Type.Union([inner, Type.Null()]) : inner;
    }
    // Smart-mode unions pick a branch by exactness, then by order; an earlier branch may coerce what a
    // later one would take as is, so the fast path leaves every such union to the pydantic layer.
    return Type.Never();
  }

  private array(schema: JsonSchema): TSchema {
    const items = isSchema(schema.items) ? this.convert(schema.items) : Type.Unknown();
    const options: { minItems?: number; maxItems?: number } = {};
    const min = num(schema.minItems);
    const max = num(schema.maxItems);
    if (min !== undefined) options.minItems = min;
    if (max !== undefined) options.maxItems = max;
    return Type.Array(items, options);
  }

  private model(schema: JsonSchema): TSchema {
    const properties = isSchema(schema.properties) ? schema.properties : {};
    const required = new Set((Array.isArray(schema.required) ? (schema.required as unknown[]) : []).filter((r): r is string => typeof r === 'string'));
    const props: Record<string, TSchema> = {};
    for (const [key, prop] of Object.entries(properties)) {
      if (!isSchema(prop)) continue;
      // TypeBox merges an object or array default into a given value; pydantic uses the given value as is.
      if ('default' in prop && typeof prop.default === 'object' && prop.default !== null) return Type.Never();
      const converted = this.convert(prop);
      props[key] = required.has(key) ? converted : Type.Optional(converted);
    }
    // Unknown keys are dropped (or refused in strict mode) by pydantic, so they never pass as is.
    return Type.Object(props, { additionalProperties: false });
  }

  private dict(schema: JsonSchema): TSchema {
    const values = schema.additionalProperties;
    if (isSchema(values) && Object.keys(values).length > 0) return Type.Record(Type.String(), this.convert(values));
    return Type.Object({});
  }
}

function isDecimal(a: JsonSchema, b: JsonSchema): boolean {
  const numeric = a.type === 'number' ? a : b.type === 'number' ? b : undefined;
  const text = a.type === 'string' ? a : b.type === 'string' ? b : undefined;
  return numeric !== undefined && text !== undefined && typeof text.pattern === 'string';
}

function literals(values: unknown[]): TSchema {
  const choices: TSchema[] = [];
  for (const v of values) {
    if (v === null) choices.push(Type.Null());
    else if (typeof v === 'string' || typeof v === 'boolean' || (typeof v === 'number' && Number.isFinite(v))) choices.push(Type.Literal(v));
    else return Type.Never();
  }
  const [only] = choices;
  if (only !== undefined && choices.length === 1) return only;
  return choices.length === 0 ? Type.Never() : Type.Union(choices);
}

function bounds(schema: JsonSchema): { minimum?: number; maximum?: number; exclusiveMinimum?: number; exclusiveMaximum?: number; multipleOf?: number } {
  const out: { minimum?: number; maximum?: number; exclusiveMinimum?: number; exclusiveMaximum?: number; multipleOf?: number } = {};
  for (const key of ['minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum', 'multipleOf'] as const) {
    const value = num(schema[key]);
    if (value !== undefined) out[key] = value;
  }
  return out;
}

function integerSchema(schema: JsonSchema): TSchema {
  const options = bounds(schema);
  const int = Type.Integer(options);
  const low = options.exclusiveMinimum ?? options.minimum;
  const high = options.exclusiveMaximum ?? options.maximum;
  const zeroAllowed = (low === undefined || low <= 0) && (high === undefined || high >= 0);
  // pydantic turns -0 into 0, and no JSON Schema keyword tells the two apart: zero takes the pydantic layer.
  if (!zeroAllowed) return int;
  return Type.Union([Type.Integer({ ...options, exclusiveMinimum: 0 }), Type.Integer({ ...options, exclusiveMaximum: 0 })]);
}

function stringSchema(schema: JsonSchema): TSchema {
  if (schema.format === 'uuid') return Type.String({ pattern: CANONICAL_UUID });
  // Date-times and patterns follow rules (pydantic's parser, Rust's regex engine) the fast path does not copy.
  if (schema.format === 'date-time' || typeof schema.pattern === 'string') return Type.Never();
  const min = num(schema.minLength);
  const max = num(schema.maxLength);
  const options: { minLength?: number; maxLength?: number; pattern?: string } = {};
  // UTF-16 length is never below the code-point length, so a maximum stays safe; a minimum needs no surrogates.
  if (max !== undefined) options.maxLength = max;
  if (min !== undefined && min > 0) {
    options.minLength = min;
    options.pattern = NO_SURROGATES;
  }
  return Type.String(options);
}

/**
 * The defaults pydantic fills in, as a TypeBox schema for Value.Default: only the fields with a default
 * and the models above them. `undefined` when nothing under `schema` has a default.
 */
export function defaultsSchema(schema: JsonSchema, resolve: (ref: string) => JsonSchema, seen: ReadonlySet<string> = new Set()): TSchema | undefined {
  if (typeof schema.$ref === 'string') {
    if (seen.has(schema.$ref)) throw new UnsupportedSchema(`recursive reference ${schema.$ref}`);
    return defaultsSchema(resolve(schema.$ref), resolve, new Set([...seen, schema.$ref]));
  }
  const branches = schemaList(schema.allOf) ?? schemaList(schema.anyOf) ?? schemaList(schema.oneOf);
  if (branches !== undefined) {
    const nonNull = branches.filter((b) => b.type !== 'null');
    const [only] = nonNull;
    // Only a nullable single schema reaches the fast path (Value.Default leaves null alone).
    return nonNull.length === 1 && only !== undefined ? defaultsSchema(only, resolve, seen) : undefined;
  }
  if (isSchema(schema.properties)) {
    const props: Record<string, TSchema> = {};
    for (const [key, prop] of Object.entries(schema.properties)) {
      if (!isSchema(prop)) continue;
      const nested = defaultsSchema(prop, resolve, seen);
      if ('default' in prop) props[key] = { ...(nested ?? Type.Unknown()), default: prop.default };
      else if (nested !== undefined) props[key] = nested;
    }
    return Object.keys(props).length > 0 ? Type.Object(props) : undefined;
  }
  if (isSchema(schema.items)) {
    const items = defaultsSchema(schema.items, resolve, seen);
    return items === undefined ? undefined : Type.Array(items);
  }
  if (isSchema(schema.additionalProperties) && defaultsSchema(schema.additionalProperties, resolve, seen) !== undefined) {
    throw new UnsupportedSchema('defaults inside dictionary values');
  }
  return undefined;
}
