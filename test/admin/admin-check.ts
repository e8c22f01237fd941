// Admin calls checked against openapi/admin.json: the status must be declared for the route and the
// body must match its schema, so the document cannot drift from what the routes answer.
import { readFileSync } from 'node:fs';
import { Ajv2020 } from 'ajv/dist/2020.js';
import type { ValidateFunction } from 'ajv/dist/2020.js';
import formats from 'ajv-formats';
import type { CallOptions, CallResult, TestServer } from '../helpers/server.js';

type Doc = { paths: Record<string, Record<string, unknown>> };
type Op = { responses: Record<string, { content?: Record<string, { schema?: unknown }> }> };

export const ADMIN_DOC = JSON.parse(readFileSync(new URL('../../openapi/admin.json', import.meta.url), 'utf8')) as Doc;

const ajv = new Ajv2020({ strict: false, allErrors: true });
const addFormats = (formats as unknown as { default?: typeof formats }).default ?? formats;
(addFormats as unknown as (a: Ajv2020) => void)(ajv);
ajv.addSchema({ ...ADMIN_DOC, $id: 'admin' });

const validators = new Map<string, ValidateFunction | null>();
const METHODS = ['get', 'post', 'put', 'delete', 'patch'];

/** Every documented admin operation as [METHOD, path template]. */
export function adminOperations(): [string, string][] {
  const out: [string, string][] = [];
  for (const [path, item] of Object.entries(ADMIN_DOC.paths)) {
    for (const method of Object.keys(item)) if (METHODS.includes(method)) out.push([method.toUpperCase(), path]);
  }
  return out;
}

function templateOf(method: string, path: string): string | undefined {
  const bare = path.split('?')[0] ?? '';
  return Object.keys(ADMIN_DOC.paths).find((template) => {
    const re = new RegExp(`^${template.replace(/\{[^}]+\}/g, '[^/]+')}$`);
    return re.test(bare) && METHODS.includes(method.toLowerCase()) && method.toLowerCase() in (ADMIN_DOC.paths[template] ?? {});
  });
}

/** A problem with the response, or undefined. */
export function checkAdmin(method: string, path: string, status: number, text: string): string | undefined {
  const template = templateOf(method, path);
  if (!template) return `${method} ${path} is not documented in openapi/admin.json`;
  const op = ADMIN_DOC.paths[template]?.[method.toLowerCase()] as Op;
  const response = op.responses[String(status)];
  if (!response) return `status ${status} is not declared for ${method} ${template}`;
  const schema = response.content?.['application/json']?.schema;
  if (schema === undefined) return text === '' ? undefined : `status ${status} of ${method} ${template} declares no body`;
  const id = `${method} ${template} ${status}`;
  let validate = validators.get(id);
  if (validate === undefined) {
    const pointer = `admin#/paths/${template.replace(/~/g, '~0').replace(/\//g, '~1')}/${method.toLowerCase()}/responses/${status}/content/application~1json/schema`;
    validate = ajv.compile({ $ref: pointer });
    validators.set(id, validate);
  }
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return `not JSON: ${text.slice(0, 200)}`;
  }
  return validate?.(body) ? undefined : `${id}: ${ajv.errorsText(validate?.errors)}`;
}

/** `s.call` for admin routes, failing loudly when the answer does not match openapi/admin.json. */
export async function admin<T = unknown>(s: TestServer, method: string, path: string, options: CallOptions = {}): Promise<CallResult<T>> {
  const result = await s.call<T>(method, path, { key: null, ...options });
  const problem = checkAdmin(method, path, result.status, result.text);
  if (problem) throw new Error(`admin response does not match openapi/admin.json: ${problem}\n${result.text.slice(0, 500)}`);
  return result;
}
