// The committed TypeBox module of a contract document must be exactly what
// scripts/gen-types.mjs produces from it, and every generated schema must say
// the same thing as the document's component schema it was generated from.
// test/contract/types-drift*.test.ts call this once per API version.
import t from 'tap';
import { readFileSync } from 'node:fs';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };
interface GeneratorModule {
  TARGETS: Record<string, { document: string; output: string }>;
  generateTypes(doc: unknown, source?: string): string;
}

const ROOT = new URL('../../', import.meta.url);
const generatorUrl = new URL('scripts/gen-types.mjs', ROOT);
const REF_PREFIX = '#/components/schemas/';

/** Runs every drift check for one version; `generated` is the imported generated module. */
export async function checkTypesDrift(version: string, generated: Record<string, unknown>): Promise<void> {
  const { TARGETS, generateTypes } = (await import(generatorUrl.href)) as GeneratorModule;
  const files = TARGETS[version];
  if (!files) throw new Error(`gen-types has no target ${version}`);
  const docUrl = new URL(files.document, ROOT);
  const generatedUrl = new URL(files.output, ROOT);
  const doc = JSON.parse(readFileSync(docUrl, 'utf8')) as {
    components: { schemas: Record<string, JsonObject> };
  };
  const schemas = doc.components.schemas;

  /** Prose keywords: they never take part in the comparison. */
  const ANNOTATIONS = new Set(['title', 'description', 'examples', 'example']);

  function isObject(value: unknown): value is JsonObject {
    return value !== null && typeof value === 'object' && !Array.isArray(value);
  }

  /**
   * Brings a JSON Schema to one canonical spelling so that the document's
   * form and TypeBox's form of the same constraint compare equal:
   * - `$ref` is replaced by the referenced schema, with sibling keywords
   *   (such as `default`) applied on top;
   * - `const` strings and unions of string enums become one `{type, enum}`;
   * - TypeBox's `patternProperties: {'^(.*)$': {}}` (Record) becomes
   *   `additionalProperties: true`;
   * - `required` is compared as a set, and omitted when empty;
   * - annotations (title, description, examples) are dropped.
   */
  function canon(schema: Json, trail: string[] = []): Json {
    if (!isObject(schema)) throw new Error(`schema expected, got ${JSON.stringify(schema)}`);
    const { $ref, ...siblings } = schema;
    if (typeof $ref === 'string') {
      if (!$ref.startsWith(REF_PREFIX)) throw new Error(`unsupported $ref ${$ref}`);
      const name = $ref.slice(REF_PREFIX.length);
      if (trail.includes(name)) throw new Error(`recursive $ref ${[...trail, name].join(' -> ')}`);
      const target = schemas[name];
      if (target === undefined) throw new Error(`$ref to unknown schema ${name}`);
      return canon({ ...target, ...siblings }, [...trail, name]);
    }

    const out: JsonObject = {};
    for (const [key, value] of Object.entries(schema)) {
      if (ANNOTATIONS.has(key)) continue;
      switch (key) {
        case 'properties': {
          if (!isObject(value)) throw new Error('properties must be an object');
          const props: JsonObject = {};
          for (const [name, prop] of Object.entries(value)) props[name] = canon(prop, trail);
          out.properties = props;
          break;
        }
        case 'items':
          out.items = canon(value, trail);
          break;
        case 'anyOf': {
          if (!Array.isArray(value)) throw new Error('anyOf must be an array');
          out.anyOf = value.map((member) => canon(member, trail));
          break;
        }
        case 'required': {
          if (!Array.isArray(value)) throw new Error('required must be an array');
          if (value.length > 0) out.required = [...(value as string[])].sort();
          break;
        }
        case 'const':
          out.enum = [value];
          break;
        case 'patternProperties': {
          if (!isObject(value)) throw new Error('patternProperties must be an object');
          const keys = Object.keys(value);
          if (keys.length !== 1 || keys[0] !== '^(.*)$') throw new Error('unexpected patternProperties');
          out.additionalProperties = value['^(.*)$'] ?? null;
          break;
        }
        default:
          out[key] = value;
      }
    }

    // Type.Unknown() for additional properties is the same as `true`.
    if (isObject(out.additionalProperties) && Object.keys(out.additionalProperties).length === 0) {
      out.additionalProperties = true;
    }

    // A union whose members are all plain string enums is one string enum.
    if (Array.isArray(out.anyOf)) {
      const members = out.anyOf;
      const plainEnum = (m: Json): m is { type: 'string'; enum: string[] } =>
        isObject(m) &&
        m.type === 'string' &&
        Array.isArray(m.enum) &&
        Object.keys(m).every((k) => k === 'type' || k === 'enum');
      if (members.length > 0 && members.every(plainEnum)) {
        const { anyOf: _ignored, ...rest } = out;
        return { ...rest, type: 'string', enum: members.flatMap((m) => (m as { enum: Json[] }).enum) };
      }
    }
    return out;
  }

  t.test(`${files.output} is what \`npm run gen:types\` produces`, async (t) => {
    const expected = generateTypes(JSON.parse(readFileSync(docUrl, 'utf8')), files.document);
    const committed = readFileSync(generatedUrl, 'utf8');
    t.equal(
      committed,
      expected,
      `${files.output} is out of date with ${files.document}: run \`npm run gen:types\``,
    );
    t.equal(generateTypes(doc, files.document), expected, 'generation is deterministic');
  });

  t.test('componentNames lists every component schema in document order', async (t) => {
    const names = generated.componentNames;
    t.strictSame(Array.isArray(names) ? [...(names as string[])] : names, Object.keys(schemas));
  });

  t.test('each generated schema matches its document schema', async (t) => {
    const exports = generated;
    for (const name of Object.keys(schemas)) {
      const built = exports[name];
      if (!isObject(built)) {
        t.fail(`${name} is not exported by ${files.output}`);
        continue;
      }
      // A JSON round trip drops TypeBox's symbol-keyed metadata (Kind, Optional).
      const plain = JSON.parse(JSON.stringify(built)) as Json;
      t.strictSame(canon(plain), canon(schemas[name] as Json), `${name} is equivalent to the document`);
    }
  });

  t.test('the canonical form catches real differences', async (t) => {
    // Guard against a comparison that would accept anything.
    t.notSame(canon({ type: 'string', enum: ['a', 'b'] }), canon({ type: 'string', enum: ['a'] }));
    t.notSame(canon({ type: 'integer', minimum: 1 }), canon({ type: 'integer' }));
    t.notSame(canon({ type: 'string', default: 'x' }), canon({ type: 'string' }));
    t.notSame(
      canon({ type: 'object', properties: { a: { type: 'string' } }, required: ['a'] }),
      canon({ type: 'object', properties: { a: { type: 'string' } } }),
    );
    t.strictSame(
      canon({ anyOf: [{ const: 'a', type: 'string' }, { const: 'b', type: 'string' }] }),
      canon({ type: 'string', enum: ['a', 'b'], title: 'ignored' }),
    );
  });
}
