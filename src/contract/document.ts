// Loads a contract document, the one source of its API: routes, request validation and the served
// document all come from here. openapi/v3.json is the default; openapi/v2.json describes the v2 API.
import { readFileSync } from 'node:fs';
import type { JsonSchema } from './pydantic.js';
import { PACKAGE_ROOT_URL } from '../package-root.js';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface ParameterSpec {
  name: string;
  in: 'path' | 'query' | 'header' | 'cookie';
  required: boolean;
  schema: JsonSchema;
}

export interface OperationSpec {
  id: string;
  method: HttpMethod;
  /** Path as the document writes it, e.g. /sessions/{session_id}. */
  path: string;
  /** The same path in the router's syntax, e.g. /sessions/:session_id. */
  routePath: string;
  tags: string[];
  parameters: ParameterSpec[];
  body: { required: boolean; schema: JsonSchema } | undefined;
  /** Status codes the document declares for this operation. */
  statuses: string[];
  /** False when the document declares no security requirement (public operations need no API key). */
  secured: boolean;
}

export interface Contract {
  document: Record<string, unknown>;
  operations: Map<string, OperationSpec>;
  resolve(ref: string): JsonSchema;
}

export const DOCUMENT_URL = new URL('openapi/v3.json', PACKAGE_ROOT_URL);

/** The contract document of each API version. */
export const DOCUMENT_URLS = {
  v3: DOCUMENT_URL,
  v2: new URL('openapi/v2.json', PACKAGE_ROOT_URL),
} as const;

export type ContractVersion = keyof typeof DOCUMENT_URLS;

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Loads the document of an API version, or the document at a URL. */
export function loadContract(source: ContractVersion | URL = DOCUMENT_URL): Contract {
  const url = source instanceof URL ? source : DOCUMENT_URLS[source];
  const document = JSON.parse(readFileSync(url, 'utf8')) as Record<string, unknown>;
  const resolve = (ref: string): JsonSchema => {
    if (!ref.startsWith('#/')) throw new Error(`only local references are supported: ${ref}`);
    let node: unknown = document;
    for (const part of ref.slice(2).split('/')) node = isRecord(node) ? node[part] : undefined;
    if (!isRecord(node)) throw new Error(`unresolvable reference ${ref}`);
    return node;
  };
  const operations = new Map<string, OperationSpec>();
  const paths = isRecord(document.paths) ? document.paths : {};
  for (const [path, item] of Object.entries(paths)) {
    if (!isRecord(item)) continue;
    for (const [method, op] of Object.entries(item)) {
      if (!isRecord(op) || typeof op.operationId !== 'string') continue;
      const parameters: ParameterSpec[] = (Array.isArray(op.parameters) ? op.parameters : []).filter(isRecord).map((p) => ({
        name: String(p.name),
        in: p.in as ParameterSpec['in'],
        required: p.required === true,
        schema: isRecord(p.schema) ? p.schema : {},
      }));
      let body: OperationSpec['body'];
      if (isRecord(op.requestBody)) {
        const content = isRecord(op.requestBody.content) ? op.requestBody.content : {};
        const json = isRecord(content['application/json']) ? content['application/json'] : {};
        body = { required: op.requestBody.required === true, schema: isRecord(json.schema) ? json.schema : {} };
      }
      operations.set(op.operationId, {
        id: op.operationId,
        method: method.toUpperCase() as HttpMethod,
        path,
        routePath: path.replace(/\{([^}]+)\}/g, ':$1'),
        tags: Array.isArray(op.tags) ? op.tags.map(String) : [],
        parameters,
        body,
        statuses: isRecord(op.responses) ? Object.keys(op.responses) : [],
        secured: Array.isArray(op.security) && op.security.length > 0,
      });
    }
  }
  return { document, operations, resolve };
}
