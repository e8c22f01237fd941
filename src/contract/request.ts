// Turns a raw HTTP request into validated inputs for one operation, the way FastAPI does:
// decode the JSON body first, then validate path, query and body and report every issue at once. Each part
// is tried on the compiled TypeBox fast path first; what it does not pass goes to the pydantic layer.
import type { OperationSpec, Contract } from './document.js';
import { decodeJsonBytes } from './json-decode.js';
import type { ParamLocation } from './fast-path.js';
import { fastBody, fastParams, fastPathOf } from './fast-path.js';
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
  const fast = fastPathOf(contract, op);
  const issues: ValidationIssue[] = [];
  const out: ValidInput = { params: {}, query: {}, body: undefined, rawBody: body };
  out.params = (fast.path && fastParams(fast.path, raw.params)) ?? pydanticParams(contract, op, 'path', raw.params, issues);
  out.query = (fast.query && fastParams(fast.query, raw.query)) ?? pydanticParams(contract, op, 'query', raw.query, issues);
  if (op.body) {
    if (body === undefined || body === null) {
      if (op.body.required) issues.push({ type: 'missing', loc: ['body'], msg: 'Field required', input: null });
      out.body = null;
    } else {
      const passed = fast.body && fastBody(fast.body, body);
      if (passed) {
        out.body = passed.value;
      } else {
        const result = validate(op.body.schema, body, ['body'], { source: 'python', forbidExtra: strict, resolve: contract.resolve });
        issues.push(...result.issues);
        out.body = result.value;
      }
    }
  }
  if (issues.length > 0) throw validationError(issues);
  return out;
}

/** Path or query parameters through the pydantic layer: lax coercions, and its issues for a 422. */
export function pydanticParams(
  contract: Contract,
  op: OperationSpec,
  location: ParamLocation,
  source: Record<string, string | string[] | undefined>,
  issues: ValidationIssue[],
): Record<string, unknown> {
  const target: Record<string, unknown> = {};
  for (const param of op.parameters) {
    if (param.in !== location) continue;
    const given = source[param.name];
    // Repeated query keys: the last one wins, as Starlette's QueryParams.get does.
    const value = Array.isArray(given) ? given[given.length - 1] : given;
    if (value === undefined) {
      if (param.required) issues.push({ type: 'missing', loc: [location, param.name], msg: 'Field required', input: null });
      else target[param.name] = param.schema.default ?? null;
      continue;
    }
    const result = validate(param.schema, value, [location, param.name], { source: 'string', resolve: contract.resolve });
    issues.push(...result.issues);
    target[param.name] = result.value;
  }
  return target;
}

export { ApiError };
