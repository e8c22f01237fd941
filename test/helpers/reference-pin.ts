// Pins one of our contract documents to a published Browser Use contract: every fact of the
// reference (paths, operations, parameters, bodies, status codes, component schemas) must be stated
// identically in our document, and everything our document adds must be listed in its extensions
// file. Prose is ours: descriptions and summaries are not compared, except to check that none of
// them was copied. test/contract/reference-pin*.test.ts call this once per API version.
import t from 'tap';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

interface Extensions {
  addedResponses: Record<string, string[]>;
  changedResponses: Record<string, Record<string, string>>;
  addedSchemas: string[];
  addedProperties: Record<string, string[]>;
  changedKeywords: Record<string, string>;
}

export interface PinTarget {
  /** Our contract document, e.g. openapi/v3.json. */
  document: URL;
  /** The file listing everything the document adds to the reference. */
  extensions: URL;
  /** The committed facts of the reference (the published document without its prose). */
  facts: URL;
  /**
   * The published document: `file` in shared/reference next to the checkout, or the path in the
   * environment variable `env`. It is optional in a checkout.
   */
  reference: { file: string; env: string };
  /** The top-level tags our document declares, in order. */
  tags: string[];
}

const readJson = (url: URL): unknown => JSON.parse(readFileSync(url, 'utf8'));

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];
const REF_PREFIX = '#/components/schemas/';
/** Keywords whose values are prose. */
const PROSE = new Set(['description', 'summary']);
/** Non-standard bound keywords that the reference uses in one place. */
const NON_STANDARD_BOUNDS = ['ge', 'le', 'gt', 'lt'];

function isObject(value: unknown): value is JsonObject {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function obj(value: Json | undefined, where: string): JsonObject {
  if (!isObject(value)) throw new Error(`${where}: object expected`);
  return value;
}

/**
 * Removes prose keywords from a schema-like value. Keys of a `properties`
 * map are property names, not keywords, so a property called `summary`
 * survives.
 */
function stripProse(value: Json, inPropertyMap = false): Json {
  if (Array.isArray(value)) return value.map((item) => stripProse(item));
  if (!isObject(value)) return value;
  const out: JsonObject = {};
  for (const [key, child] of Object.entries(value)) {
    if (!inPropertyMap && PROSE.has(key)) continue;
    out[key] = stripProse(child, !inPropertyMap && key === 'properties');
  }
  return out;
}

/** Every prose string (description/summary used as a keyword) in a document. */
function proseStrings(value: Json, inPropertyMap = false, out: string[] = []): string[] {
  if (Array.isArray(value)) {
    for (const item of value) proseStrings(item, false, out);
  } else if (isObject(value)) {
    for (const [key, child] of Object.entries(value)) {
      if (!inPropertyMap && PROSE.has(key) && typeof child === 'string') out.push(child);
      else proseStrings(child, !inPropertyMap && key === 'properties', out);
    }
  }
  return out;
}

function operations(doc: JsonObject): Map<string, JsonObject> {
  const out = new Map<string, JsonObject>();
  for (const [path, item] of Object.entries(obj(doc.paths, 'paths'))) {
    for (const [method, op] of Object.entries(obj(item, path))) {
      if (METHODS.includes(method)) out.set(`${method.toUpperCase()} ${path}`, obj(op, `${method} ${path}`));
    }
  }
  return out;
}

/** The schema of a response's application/json content, or undefined when it has no body. */
function responseSchema(response: Json | undefined): Json | undefined {
  if (!isObject(response) || !isObject(response.content)) return undefined;
  const media = response.content['application/json'];
  return isObject(media) ? media.schema : undefined;
}

function refName(schema: Json | undefined): string | undefined {
  if (!isObject(schema) || typeof schema.$ref !== 'string') return undefined;
  return schema.$ref.startsWith(REF_PREFIX) ? schema.$ref.slice(REF_PREFIX.length) : undefined;
}

/** Runs every pin check for one document; call it once from a test file. */
export function pinDocument(target: PinTarget): void {
  const ours = readJson(target.document) as JsonObject;
  const ext = readJson(target.extensions) as Extensions;
  const name = (url: URL): string => fileURLToPath(url).split('/').slice(-3).join('/');
  // The facts of the reference are kept in the repository, so the pin holds in any checkout; where
  // the published document itself is at hand, the facts file must match it.
  const facts = readJson(target.facts) as JsonObject;
  const fromEnv = process.env[target.reference.env];
  const referenceUrl = fromEnv
    ? pathToFileURL(fromEnv)
    : new URL(`../../../shared/reference/${target.reference.file}`, import.meta.url);
  if (existsSync(referenceUrl)) {
    const published = readJson(referenceUrl) as JsonObject;
    t.same(facts, stripProse(published), `${name(target.facts)} holds exactly the facts of the published reference`);
    pinTo(published, ours, ext, target);
  } else {
    t.comment(`published reference not found at ${referenceUrl.href}: pinning to ${name(target.facts)}`);
    pinTo(facts, ours, ext, target);
  }
}

function pinTo(ref: JsonObject, ours: JsonObject, ext: Extensions, target: PinTarget): void {
  const ourOps = operations(ours);
  const refOps = operations(ref);
  const ourSchemas = obj(obj(ours.components, 'components').schemas, 'schemas');
  const refSchemas = obj(obj(ref.components, 'components').schemas, 'schemas');

  t.test('same OpenAPI version and security scheme', async (t) => {
    t.equal(ours.openapi, ref.openapi);
    const ourComponents = obj(ours.components, 'components');
    const refComponents = obj(ref.components, 'components');
    t.strictSame(stripProse(ourComponents.securitySchemes ?? null), stripProse(refComponents.securitySchemes ?? null));
    t.strictSame(Object.keys(ourComponents).sort(), Object.keys(refComponents).sort(), 'same component sections');
  });

  t.test('same paths and methods', async (t) => {
    t.strictSame(Object.keys(obj(ours.paths, 'paths')), Object.keys(obj(ref.paths, 'paths')), 'same paths, same order');
    t.strictSame([...ourOps.keys()].sort(), [...refOps.keys()].sort(), 'same operations');
  });

  t.test('operations state the reference facts', async (t) => {
    for (const [key, refOp] of refOps) {
      const op = ourOps.get(key);
      if (!op) {
        t.fail(`${key} is missing`);
        continue;
      }
      t.test(key, async (t) => {
        t.equal(op.operationId, refOp.operationId, 'operationId');
        t.strictSame(op.tags, refOp.tags, 'tags');
        t.strictSame(op.security, refOp.security, 'security');
        t.strictSame(
          stripProse(op.parameters ?? []),
          stripProse(refOp.parameters ?? []),
          'parameters (name, in, required, schema), in order',
        );
        t.strictSame(stripProse(op.requestBody ?? null), stripProse(refOp.requestBody ?? null), 'request body');

        const responses = obj(op.responses, `${key} responses`);
        const refResponses = obj(refOp.responses, `${key} reference responses`);
        const changed = ext.changedResponses[key] ?? {};
        for (const [code, refResponse] of Object.entries(refResponses)) {
          const response = responses[code];
          if (response === undefined) {
            t.fail(`${code} is missing`);
            continue;
          }
          const note = changed[code];
          if (note === undefined) {
            t.strictSame(stripProse(response), stripProse(refResponse), `${code} has the reference content`);
          } else {
            // e.g. "HTTPValidationError (reference: ValidationError)"
            const match = /^(\w+) \(reference: (\w+)\)$/.exec(note);
            t.ok(match, `changedResponses note for ${key} ${code} is "<ours> (reference: <theirs>)"`);
            if (match) {
              t.equal(refName(responseSchema(response)), match[1], `${code} uses ${match[1]}`);
              t.equal(refName(responseSchema(refResponse)) ?? 'none', match[2], `the reference's ${code} uses ${match[2]}`);
            }
          }
        }
        for (const code of Object.keys(changed)) {
          t.ok(code in refResponses, `changed response ${code} exists in the reference`);
        }

        const extra = Object.keys(responses).filter((code) => !(code in refResponses));
        t.strictSame(
          [...extra].sort(),
          [...(ext.addedResponses[key] ?? [])].sort(),
          'responses beyond the reference are exactly those listed in the extensions file addedResponses',
        );
        for (const code of extra) {
          const schema = responseSchema(responses[code]);
          const name = refName(schema);
          t.ok(name !== undefined && name in ourSchemas, `added ${code} refers to a component schema`);
        }
        t.strictSame(
          Object.keys(responses),
          [...Object.keys(responses)].sort((a, b) => Number(a) - Number(b)),
          'status codes are in ascending order',
        );
      });
    }
    for (const key of Object.keys(ext.addedResponses)) {
      t.ok(refOps.has(key), `the extensions file addedResponses names a real operation: ${key}`);
    }
    for (const key of Object.keys(ext.changedResponses)) {
      t.ok(refOps.has(key), `the extensions file changedResponses names a real operation: ${key}`);
    }
  });

  t.test('component schemas state the reference facts', async (t) => {
    const refNames = Object.keys(refSchemas);
    const extraNames = Object.keys(ourSchemas).filter((name) => !(name in refSchemas));
    t.strictSame(extraNames.sort(), [...ext.addedSchemas].sort(), 'added schemas are exactly the extensions file addedSchemas');
    t.strictSame(
      Object.keys(ourSchemas).filter((name) => name in refSchemas),
      refNames,
      'reference schemas keep their order',
    );

    const changedProps = new Map<string, Set<string>>();
    for (const path of Object.keys(ext.changedKeywords)) {
      const [schema, prop, ...rest] = path.split('.');
      t.ok(schema && prop && rest.length === 0, `changedKeywords entry "${path}" is <Schema>.<property>`);
      if (!schema || !prop) continue;
      if (!changedProps.has(schema)) changedProps.set(schema, new Set());
      changedProps.get(schema)?.add(prop);
    }

    for (const name of refNames) {
      t.test(name, async (t) => {
        const schema = ourSchemas[name];
        if (!isObject(schema)) {
          t.fail(`${name} is missing`);
          return;
        }
        const refSchema = obj(refSchemas[name], name);
        const ourStripped = obj(stripProse(schema), name);
        const refStripped = obj(stripProse(refSchema), name);

        const added = ext.addedProperties[name] ?? [];
        const changed = changedProps.get(name) ?? new Set<string>();
        const ourProps = isObject(ourStripped.properties) ? { ...ourStripped.properties } : undefined;
        const refProps = isObject(refStripped.properties) ? { ...refStripped.properties } : undefined;

        if (ourProps && refProps) {
          t.strictSame(
            Object.keys(ourProps).filter((p) => !added.includes(p)),
            Object.keys(refProps),
            'same properties in the same order, apart from documented additions',
          );
          for (const prop of added) {
            t.ok(prop in ourProps, `added property ${prop} exists`);
            t.notOk(prop in refProps, `added property ${prop} is not in the reference`);
            const required = Array.isArray(ourStripped.required) ? ourStripped.required : [];
            t.notOk(required.includes(prop), `added property ${prop} is optional`);
            delete ourProps[prop];
          }
          for (const prop of changed) {
            const mine = obj(ourProps[prop], `${name}.${prop}`);
            const theirs = obj(refProps[prop], `reference ${name}.${prop}`);
            // The reference's non-standard ge/le become a standard lower bound;
            // the upper bound is enforced by the operation, not by the schema.
            if ('ge' in theirs) t.equal(mine.minimum, theirs.ge, `${prop}: minimum equals the reference's ge`);
            const strip = (s: JsonObject, keys: string[]): JsonObject =>
              Object.fromEntries(Object.entries(s).filter(([k]) => !keys.includes(k)));
            t.strictSame(
              strip(mine, ['minimum', 'maximum']),
              strip(theirs, NON_STANDARD_BOUNDS),
              `${prop} agrees with the reference apart from its bounds`,
            );
            delete ourProps[prop];
            delete refProps[prop];
          }
          ourStripped.properties = ourProps;
          refStripped.properties = refProps;
        } else {
          t.strictSame(added, [], 'no added properties on a schema without properties');
        }
        // Whole-schema comparison: types, formats, enums (exact arrays),
        // defaults, required lists, patterns, bounds and titles.
        t.strictSame(ourStripped, refStripped, `${name} matches the reference`);
      });
    }

    for (const name of Object.keys(ext.addedProperties)) {
      t.ok(name in refSchemas, `addedProperties names a reference schema: ${name}`);
    }
    for (const path of Object.keys(ext.changedKeywords)) {
      const [schema, prop] = path.split('.');
      const refProp = schema && prop ? obj(refSchemas[schema], schema).properties : undefined;
      t.ok(isObject(refProp) && prop !== undefined && prop in refProp, `changedKeywords names a reference property: ${path}`);
    }
  });

  t.test('our document uses only standard bound keywords', async (t) => {
    const found: string[] = [];
    const walk = (value: Json, where: string, inPropertyMap = false): void => {
      if (Array.isArray(value)) value.forEach((item, i) => walk(item, `${where}/${i}`));
      else if (isObject(value)) {
        for (const [key, child] of Object.entries(value)) {
          if (!inPropertyMap && NON_STANDARD_BOUNDS.includes(key)) found.push(`${where}/${key}`);
          walk(child, `${where}/${key}`, !inPropertyMap && key === 'properties');
        }
      }
    };
    walk(ours, '#');
    t.strictSame(found, [], 'no ge/le/gt/lt keywords');
  });

  t.test('the documented extensions are in place', async (t) => {
    const errorDetail = obj(ourSchemas.ErrorDetail, 'ErrorDetail');
    t.strictSame(stripProse(errorDetail), {
      properties: { detail: { type: 'string', title: 'Detail' } },
      type: 'object',
      required: ['detail'],
      title: 'ErrorDetail',
    });
    const validationProps = obj(obj(ourSchemas.ValidationError, 'ValidationError').properties, 'properties');
    t.strictSame(stripProse(validationProps.input ?? null), { title: 'Input' }, 'ValidationError.input is any value');
    t.strictSame(
      stripProse(validationProps.ctx ?? null),
      { additionalProperties: true, type: 'object', title: 'Context' },
      'ValidationError.ctx is an open object',
    );
    for (const [key, op] of ourOps) {
      const responses = obj(op.responses, key);
      // Operations the reference leaves open to anyone never answer 401.
      const needsKey = Array.isArray(op.security) && op.security.length > 0;
      if (needsKey) t.equal(refName(responseSchema(responses['401'])), 'ErrorDetail', `${key} documents 401 with ErrorDetail`);
      else t.notOk('401' in responses, `${key} needs no key and documents no 401`);
    }
  });

  t.test('documentation is complete', async (t) => {
    const info = obj(ours.info, 'info');
    t.type(info.description, 'string', 'info.description');
    const tags = Array.isArray(ours.tags) ? ours.tags : [];
    const tagNames = tags.map((tag) => (isObject(tag) ? tag.name : undefined));
    t.strictSame(tagNames, target.tags, 'top-level tags');
    for (const tag of tags) t.ok(isObject(tag) && typeof tag.description === 'string', 'tag has a description');
    for (const [key, op] of ourOps) {
      t.type(op.summary, 'string', `${key} summary`);
      t.type(op.description, 'string', `${key} description`);
      for (const [code, response] of Object.entries(obj(op.responses, key))) {
        t.ok(isObject(response) && typeof response.description === 'string', `${key} ${code} description`);
      }
      for (const param of Array.isArray(op.parameters) ? op.parameters : []) {
        t.ok(isObject(param) && typeof param.description === 'string', `${key} parameter description`);
      }
    }
    for (const [name, schema] of Object.entries(refSchemas)) {
      const mine = obj(ourSchemas[name], name);
      const theirs = obj(schema, name);
      if ('description' in theirs) t.type(mine.description, 'string', `${name} description`);
      const theirProps = isObject(theirs.properties) ? theirs.properties : {};
      const myProps = isObject(mine.properties) ? mine.properties : {};
      for (const [prop, value] of Object.entries(theirProps)) {
        if (isObject(value) && 'description' in value) {
          const own = myProps[prop];
          t.ok(isObject(own) && typeof own.description === 'string', `${name}.${prop} description`);
        }
      }
    }
  });

  t.test('our prose is our own', async (t) => {
    const normalize = (s: string): string => s.replace(/\s+/g, ' ').trim().toLowerCase();
    const refTexts = proseStrings(ref).map(normalize);
    const ourTexts = proseStrings(ours).map(normalize);

    const refLong = new Set(refTexts.filter((s) => s.length > 40));
    const identical = ourTexts.filter((s) => refLong.has(s));
    t.strictSame(identical, [], 'no description equals a reference description longer than 40 characters');

    // Stricter: no sentence of more than 40 characters is carried over verbatim.
    const sentences = new Set(
      refTexts.flatMap((s) => s.split(/(?<=[.!?:])\s+|\n/)).map((s) => s.trim()).filter((s) => s.length > 40),
    );
    const ourCorpus = ourTexts.join('\n');
    const copied = [...sentences].filter((s) => ourCorpus.includes(s));
    t.strictSame(copied, [], 'no reference sentence longer than 40 characters appears in our prose');
  });
}
