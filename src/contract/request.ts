// Turns a raw HTTP request into validated inputs for one operation, the way FastAPI does:
// decode the JSON body first, then validate path, query and body and report every issue at once.
import type { OperationSpec, Contract } from './document.js';
import { decodeJsonBytes } from './json-decode.js';
import type { ValidationIssue } from './pydantic.js';
import { validate } from './pydantic.js';
import { ApiError, detailError, validationError } from '../http/errors.js';

export interface RawInput {
  params: Record<string, string | undefined>;
  query: Record<string, string | string[] | undefined>;
  contentType: string | undefined;
  body: Buffer | undefined;
}

export interface ValidInput {
  params: Record<string, unknown>;
  query: Record<string, unknown>;
  body: unknown;
  /** The decoded body before validation (echoed by some pydantic errors). */
  rawBody: unknown;
}

const isJsonType = (contentType: string): boolean => {
  const mime = (contentType.split(';')[0] ?? '').trim().toLowerCase();
  const [main, sub = ''] = mime.split('/');
  return main === 'application' && (sub === 'json' || sub.endsWith('+json'));
};

/** Decodes the body; a malformed JSON body is answered at once, before authentication, as FastAPI does. */
export function decodeBody(op: OperationSpec, raw: RawInput): unknown {
  if (!op.body || !raw.body || raw.body.length === 0) return undefined;
  const text = raw.body.toString('utf8');
  if (raw.contentType && !isJsonType(raw.contentType)) return text;
  const decoded = decodeJsonBytes(raw.body);
  if (!decoded.ok) {
    // FastAPI's answer when json.loads raises anything but JSONDecodeError (RecursionError, UnicodeDecodeError).
    if (decoded.reason !== 'syntax') throw detailError(400, 'There was an error parsing the body');
    throw validationError([{ type: 'json_invalid', loc: ['body', decoded.pos], msg: 'JSON decode error', input: {}, ctx: { error: decoded.msg } }]);
  }
  return decoded.value;
}

export function validateInput(contract: Contract, op: OperationSpec, raw: RawInput, body: unknown, strict: boolean): ValidInput {
  const issues: ValidationIssue[] = [];
  const out: ValidInput = { params: {}, query: {}, body: undefined, rawBody: body };
  for (const location of ['path', 'query'] as const) {
    for (const param of op.parameters) {
      if (param.in !== location) continue;
      const source = location === 'path' ? raw.params[param.name] : raw.query[param.name];
      // Repeated query keys: the last one wins, as Starlette's QueryParams.get does.
      const value = Array.isArray(source) ? source[source.length - 1] : source;
      const target = location === 'path' ? out.params : out.query;
      if (value === undefined) {
        if (param.required) issues.push({ type: 'missing', loc: [location, param.name], msg: 'Field required', input: null });
        else target[param.name] = param.schema.default ?? null;
        continue;
      }
      const result = validate(param.schema, value, [location, param.name], { source: 'string', resolve: contract.resolve });
      issues.push(...result.issues);
      target[param.name] = result.value;
    }
  }
  if (op.body) {
    if (body === undefined || body === null) {
      if (op.body.required) issues.push({ type: 'missing', loc: ['body'], msg: 'Field required', input: null });
      out.body = null;
    } else {
      const result = validate(op.body.schema, body, ['body'], { source: 'python', forbidExtra: strict, resolve: contract.resolve });
      issues.push(...result.issues);
      out.body = result.value;
    }
  }
  if (issues.length > 0) throw validationError(issues);
  return out;
}

export { ApiError };
