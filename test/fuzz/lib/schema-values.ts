// Values a JSON schema of openapi/v3.json or openapi/v2.json accepts, plus its boundaries just inside and
// just outside.
// A `format: uuid` string becomes an id reference, resolved against the fixtures when the request is
// built, so valid ids name real objects (the key's own, the other key's, or none at all).
import fc from 'fast-check';
import { resolve, V3_DOC } from './doc.js';
import type { Api, Schema } from './doc.js';
import { RESOURCES } from './world.js';
import type { Resource } from './world.js';

export type IdForm = 'hyphen' | 'simple' | 'braced' | 'urn' | 'upper';
export type IdRef = { own: Resource; form: IdForm } | { other: Resource; form: IdForm } | { uuid: string; form: IdForm };

/** Stands in for a UUID inside a generated value until the request is built. */
export interface IdMarker {
  $fuzzId: IdRef;
}

export const idForm: fc.Arbitrary<IdForm> = fc.oneof({ weight: 6, arbitrary: fc.constant<IdForm>('hyphen') }, { weight: 4, arbitrary: fc.constantFrom<IdForm>('simple', 'braced', 'urn', 'upper') });

/** An id of the preferred kind mostly, else of any kind the version knows: the key's own, another key's or unknown. */
export function idRef(preferred?: Resource, api: Api = 'v3'): fc.Arbitrary<IdRef> {
  const kinds = RESOURCES[api];
  const resource = preferred ? fc.oneof({ weight: 5, arbitrary: fc.constant(preferred) }, { weight: 1, arbitrary: fc.constantFrom(...kinds) }) : fc.constantFrom(...kinds);
  return fc.oneof(
    { weight: 5, arbitrary: fc.record({ own: resource, form: idForm }) },
    { weight: 2, arbitrary: fc.record({ other: resource, form: idForm }) },
    { weight: 2, arbitrary: fc.record({ uuid: fc.uuid(), form: idForm }) },
  );
}

export function formatId(id: string, form: IdForm): string {
  switch (form) {
    case 'hyphen': return id;
    case 'simple': return id.replace(/-/g, '');
    case 'braced': return `{${id}}`;
    case 'urn': return `urn:uuid:${id}`;
    case 'upper': return id.toUpperCase();
  }
}

/** Where a value is generated: the version, and the operation's path template (ids depend on both). */
export interface ValueContext {
  api: Api;
  path: string;
}

const V3_CONTEXT: ValueContext = { api: 'v3', path: '' };

/**
 * Which resource a field or parameter most likely names, from its name and where it is: `session_id` names
 * a browser under `/browsers` (and v2's `/files/browsers`), a v2 session elsewhere in v2; `skill_id` a
 * marketplace skill under `/marketplace`.
 */
export function resourceOf(name: string, where: ValueContext = V3_CONTEXT): Resource | undefined {
  const lower = name.toLowerCase();
  const v2 = where.api === 'v2';
  if (lower.startsWith('session')) return /^\/(files\/)?browsers\b/.test(where.path) ? 'browser' : v2 ? 'v2session' : 'session';
  if (lower.startsWith('profile')) return 'profile';
  if (lower.startsWith('workspace')) return 'workspace';
  if (!v2 && (lower === 'after' || lower === 'before')) return 'message';
  if (!v2) return undefined;
  if (lower === 'task_id') return 'task';
  if (lower === 'skill_id' || lower === 'skillids') return where.path.startsWith('/marketplace') ? 'marketSkill' : 'skill';
  if (lower === 'skill_slug') return 'marketSlug';
  if (lower === 'execution_id') return 'execution';
  if (lower === 'file_id') return 'outputFile';
  return undefined;
}

const json = fc.jsonValue({ maxDepth: 3 });

/** A value that validates against `schema` (boundaries included). `name` picks the id kind for uuids. */
export function validValue(raw: Schema, name = '', doc: Schema = V3_DOC, where: ValueContext = V3_CONTEXT): fc.Arbitrary<unknown> {
  const schema = resolve(raw, doc);
  const choices = schema.anyOf ?? schema.oneOf;
  if (Array.isArray(choices)) return fc.oneof(...(choices as Schema[]).map((s) => validValue(s, name, doc, where)));
  if (Array.isArray(schema.type)) return fc.oneof(...(schema.type as string[]).map((type) => validValue({ ...schema, type }, name, doc, where)));
  if (Array.isArray(schema.enum)) return fc.constantFrom(...(schema.enum as unknown[]));
  if ('const' in schema) return fc.constant(schema.const);
  switch (schema.type) {
    case 'null': return fc.constant(null);
    case 'boolean': return fc.boolean();
    case 'integer': {
      const min = typeof schema.minimum === 'number' ? schema.minimum : -1_000_000;
      const max = typeof schema.maximum === 'number' ? schema.maximum : Math.max(min + 1_000_000, 1_000_000);
      return fc.oneof(fc.integer({ min, max }), fc.constantFrom(min, max));
    }
    case 'number': return fc.oneof(fc.integer({ min: -1000, max: 1000 }), fc.double({ min: -1e6, max: 1e6, noNaN: true }), fc.constantFrom(0, 0.000001, 1e9));
    case 'string': {
      if (schema.format === 'uuid') return idRef(resourceOf(name, where), where.api).map((ref): IdMarker => ({ $fuzzId: ref }));
      if (schema.format === 'date-time') return dateTimeValue;
      // v2's structuredOutput is a JSON schema as text: mostly one, so tasks get past it and run.
      if (name === 'structuredOutput') return fc.oneof({ weight: 3, arbitrary: fc.constantFrom('{}', '{"type":"object","properties":{"name":{"type":"string"},"price":{"type":"number"}},"required":["name"]}', '{"type":"array"}') }, { weight: 1, arbitrary: fc.string({ maxLength: 20 }) });
      if (typeof schema.pattern === 'string') return patternValue(schema.pattern);
      const minLength = typeof schema.minLength === 'number' ? schema.minLength : 0;
      const maxLength = typeof schema.maxLength === 'number' ? schema.maxLength : 2000;
      return fc.oneof(
        { weight: 6, arbitrary: fc.string({ minLength, maxLength: Math.min(maxLength, 40) }) },
        { weight: 2, arbitrary: fc.string({ unit: 'grapheme', minLength, maxLength: Math.min(maxLength, 20) }) },
        { weight: 1, arbitrary: fc.constant('x'.repeat(maxLength)) },
      );
    }
    case 'array': {
      const items = typeof schema.items === 'object' && schema.items !== null ? (schema.items as Schema) : {};
      const minLength = typeof schema.minItems === 'number' ? schema.minItems : 0;
      const maxLength = typeof schema.maxItems === 'number' ? schema.maxItems : 4;
      return fc.array(validValue(items, name, doc, where), { minLength, maxLength: Math.min(maxLength, 4) });
    }
    case 'object': {
      const properties = (schema.properties ?? {}) as Record<string, Schema>;
      const required = Array.isArray(schema.required) ? (schema.required as string[]) : [];
      const extra = schema.additionalProperties;
      // A map whose values have a schema (v2's `metadata`, `secrets`: strings) gets values of that schema.
      const values = typeof extra === 'object' && extra !== null ? validValue(extra as Schema, name, doc, where) : json;
      if (Object.keys(properties).length === 0) return fc.dictionary(fc.string({ maxLength: 8 }), values, { maxKeys: 4 });
      const record: Record<string, fc.Arbitrary<unknown>> = {};
      for (const [key, value] of Object.entries(properties)) record[key] = validValue(value, key, doc, where);
      return fc.record(record, { requiredKeys: required });
    }
    default: return json;
  }
}

/** Instants around the emulator's clock, with and without a zone (a zoneless one is UTC), and odd spellings. */
const dateTimeValue: fc.Arbitrary<string> = fc.oneof(
  { weight: 4, arbitrary: fc.date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2100-01-01T00:00:00Z'), noInvalidDate: true }).map((d) => d.toISOString()) },
  { weight: 2, arbitrary: fc.date({ min: new Date('2025-01-01T00:00:00Z'), max: new Date('2027-01-01T00:00:00Z'), noInvalidDate: true }).map((d) => d.toISOString().replace('Z', '')) },
  { weight: 1, arbitrary: fc.constantFrom('2026-01-01', '2026-01-01T00:00:00+02:00', '2026-01-01 00:00:00', '0001-01-01T00:00:00Z', '9999-12-31T23:59:59.999999Z', '2026-02-30T00:00:00Z', '1767225600') },
);

/** Strings matching a pattern; fast-check cannot build from look-aheads, so those filter decimal-looking text. */
function patternValue(pattern: string): fc.Arbitrary<string> {
  const re = new RegExp(pattern);
  try {
    return fc.stringMatching(re).filter((s) => s.length < 60);
  } catch {
    const digits = fc.string({ unit: fc.constantFrom(...'0123456789'), maxLength: 12 });
    return fc
      .tuple(fc.constantFrom('', '-', '+'), digits, fc.constantFrom('', '.'), digits)
      .map(([sign, whole, dot, fraction]) => `${sign}${whole}${dot}${fraction}`)
      .filter((s) => re.test(s));
  }
}

/** Values just outside what `schema` accepts (one past each bound, the wrong type), as JSON values. */
export function boundaryValue(raw: Schema, doc: Schema = V3_DOC): fc.Arbitrary<unknown> {
  const schema = resolve(raw, doc);
  const out: unknown[] = [null, true, 'x', 1.5, [], {}];
  const anyOf = Array.isArray(schema.anyOf) ? (schema.anyOf as Schema[]).map((s) => resolve(s, doc)) : [schema];
  for (const s of anyOf) {
    if (typeof s.minimum === 'number') out.push(s.minimum - 1, s.minimum);
    if (typeof s.maximum === 'number') out.push(s.maximum + 1, s.maximum);
    if (typeof s.maxLength === 'number') out.push('y'.repeat(s.maxLength + 1));
    if (typeof s.minLength === 'number' && s.minLength > 0) out.push('');
    if (typeof s.maxItems === 'number') out.push(Array.from({ length: s.maxItems + 1 }, () => ({ name: 'f.txt', size: 1 })));
    if (s.minItems === 1) out.push([]);
    if (Array.isArray(s.enum)) out.push(`${String(s.enum[0])}x`, String(s.enum[0]).toUpperCase());
    if (s.format === 'uuid') out.push('00000000-0000-0000-0000-00000000000g', '');
    if (s.format === 'date-time') out.push('2026-13-01T00:00:00Z', '2026-01-01T24:00:01Z', 'yesterday', '');
  }
  return fc.constantFrom(...out);
}
