// The documents served at /openapi.json and /api/v2/openapi.json: openapi/v3.json or openapi/v2.json
// (the API contract) plus the admin routes of openapi/admin.json under their own tag. openapi/v3.json itself stays untouched on disk, so tests
// that compare it with the reference keep reading the contract alone.
import { readFileSync } from 'node:fs';
import type { Contract } from './document.js';
import { PACKAGE_ROOT_URL } from '../package-root.js';

export const ADMIN_DOCUMENT_URL = new URL('openapi/admin.json', PACKAGE_ROOT_URL);
export const ADMIN_TAG = 'Mock administration';
/** Where the v2 document is served, beside the API it describes. */
export const V2_DOCUMENT_PATH = '/api/v2/openapi.json';

type Doc = Record<string, unknown>;
const isRecord = (v: unknown): v is Doc => typeof v === 'object' && v !== null && !Array.isArray(v);

export function loadAdminDocument(): Doc {
  return JSON.parse(readFileSync(ADMIN_DOCUMENT_URL, 'utf8')) as Doc;
}

/** Merges the admin document into a copy of the contract; throws if a path or schema name would collide. */
export function mergeDocuments(contract: Doc, admin: Doc): Doc {
  const merged = structuredClone(contract);
  const paths = isRecord(merged.paths) ? merged.paths : {};
  for (const [path, item] of Object.entries(isRecord(admin.paths) ? admin.paths : {})) {
    if (path in paths) throw new Error(`openapi/admin.json: path ${path} is already in the API document`);
    paths[path] = structuredClone(item);
  }
  merged.paths = paths;
  const components = isRecord(merged.components) ? merged.components : {};
  const schemas = isRecord(components.schemas) ? components.schemas : {};
  const adminComponents = isRecord(admin.components) ? admin.components : {};
  for (const [name, schema] of Object.entries(isRecord(adminComponents.schemas) ? adminComponents.schemas : {})) {
    if (name in schemas) throw new Error(`openapi/admin.json: schema ${name} is already in the API document`);
    schemas[name] = structuredClone(schema);
  }
  components.schemas = schemas;
  merged.components = components;
  const tags = Array.isArray(merged.tags) ? merged.tags : [];
  for (const tag of Array.isArray(admin.tags) ? admin.tags : []) {
    if (isRecord(tag) && !tags.some((t) => isRecord(t) && t.name === tag.name)) tags.push(structuredClone(tag));
  }
  merged.tags = tags;
  return merged;
}

const cached = new WeakMap<Doc, string>();

/** The served document as JSON text, built once per contract document. */
export function servedDocumentText(contract: Contract): string {
  let text = cached.get(contract.document);
  if (text === undefined) {
    text = JSON.stringify(mergeDocuments(contract.document, loadAdminDocument()));
    cached.set(contract.document, text);
  }
  return text;
}

export function servedDocument(contract: Contract): Doc {
  return JSON.parse(servedDocumentText(contract)) as Doc;
}
