// The operations of openapi/v3.json and openapi/v2.json as the fuzzer sees them, read from the documents
// at run time so a new operation or parameter is fuzzed without touching the suite.
import { readFileSync } from 'node:fs';

export type Schema = Record<string, unknown>;

/** The API versions the emulator serves, each from its own document under its own prefix. */
export type Api = 'v3' | 'v2';

export interface Parameter {
  name: string;
  in: 'path' | 'query' | 'header';
  required: boolean;
  schema: Schema;
}

export interface Operation {
  api: Api;
  operationId: string;
  method: string;
  /** Template under the version's prefix, e.g. `/sessions/{session_id}`. */
  path: string;
  parameters: Parameter[];
  body?: { required: boolean; schema: Schema };
  statuses: number[];
}

const isRecord = (v: unknown): v is Schema => typeof v === 'object' && v !== null && !Array.isArray(v);

const readDoc = (name: string): Schema => JSON.parse(readFileSync(new URL(`../../../openapi/${name}`, import.meta.url), 'utf8')) as Schema;

export const V3_DOC = readDoc('v3.json');
export const V2_DOC = readDoc('v2.json');

export const DOCS: Readonly<Record<Api, Schema>> = { v3: V3_DOC, v2: V2_DOC };
export const PREFIXES: Readonly<Record<Api, string>> = { v3: '/api/v3', v2: '/api/v2' };

/** Follows a local `$ref` (`#/components/schemas/X`) until a schema without one is reached. */
export function resolve(schema: Schema, doc: Schema = V3_DOC): Schema {
  let current = schema;
  for (let hops = 0; typeof current.$ref === 'string' && hops < 32; hops++) {
    let target: unknown = doc;
    for (const part of current.$ref.slice(2).split('/')) target = isRecord(target) ? target[part.replace(/~1/g, '/').replace(/~0/g, '~')] : undefined;
    if (!isRecord(target)) throw new Error(`unresolvable $ref ${current.$ref}`);
    const { $ref: _ref, ...rest } = current;
    current = { ...target, ...rest };
  }
  return current;
}

export function operations(api: Api = 'v3'): Operation[] {
  const doc = DOCS[api];
  const out: Operation[] = [];
  const paths = isRecord(doc.paths) ? doc.paths : {};
  for (const [path, item] of Object.entries(paths)) {
    if (!isRecord(item)) continue;
    for (const [method, raw] of Object.entries(item)) {
      if (!isRecord(raw) || typeof raw.operationId !== 'string') continue;
      const parameters = (Array.isArray(raw.parameters) ? raw.parameters : []).filter(isRecord).map((p) => ({
        name: String(p.name),
        in: p.in as Parameter['in'],
        required: p.required === true,
        schema: isRecord(p.schema) ? p.schema : {},
      }));
      let body: Operation['body'];
      const requestBody = isRecord(raw.requestBody) ? raw.requestBody : undefined;
      const content = requestBody && isRecord(requestBody.content) ? requestBody.content['application/json'] : undefined;
      if (isRecord(content) && isRecord(content.schema)) body = { required: requestBody?.required === true, schema: content.schema };
      const responses = isRecord(raw.responses) ? raw.responses : {};
      out.push({ api, operationId: raw.operationId, method: method.toUpperCase(), path, parameters, body, statuses: Object.keys(responses).map(Number) });
    }
  }
  return out;
}
