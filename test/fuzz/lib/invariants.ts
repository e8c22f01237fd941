// The per-response invariants: no 5xx, FastAPI-shaped JSON errors, and (for API operations) a status and
// body the document declares. Each returns a description of what is wrong, or undefined.
import { contractChecker, contractCheckerV2 } from '../../helpers/contract-check.js';
import type { RawResponse } from './client.js';

const ITEM_KEYS = new Set(['type', 'loc', 'msg', 'input', 'ctx', 'url']);

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** `{"detail": string}` or `{"detail": [{type, loc, msg, input, ctx?}]}` and nothing else. */
export function fastApiShape(text: string): string | undefined {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return `error body is not JSON: ${text.slice(0, 300)}`;
  }
  if (!isRecord(body) || Object.keys(body).length !== 1 || !('detail' in body)) return `error body is not {"detail": ...}: ${text.slice(0, 300)}`;
  const detail = body.detail;
  if (typeof detail === 'string') return undefined;
  if (!Array.isArray(detail) || detail.length === 0) return `detail is neither a string nor a list of issues: ${text.slice(0, 300)}`;
  for (const item of detail) {
    if (!isRecord(item)) return `issue is not an object: ${text.slice(0, 300)}`;
    const extra = Object.keys(item).filter((k) => !ITEM_KEYS.has(k));
    if (extra.length) return `issue has unknown keys ${extra.join(', ')}: ${text.slice(0, 300)}`;
    if (typeof item.type !== 'string' || typeof item.msg !== 'string' || !('input' in item)) return `issue lacks type, msg or input: ${text.slice(0, 300)}`;
    if (!Array.isArray(item.loc) || !item.loc.every((p) => typeof p === 'string' || typeof p === 'number')) return `issue loc is not a list of names and indexes: ${text.slice(0, 300)}`;
    if ('ctx' in item && !isRecord(item.ctx)) return `issue ctx is not an object: ${text.slice(0, 300)}`;
  }
  return undefined;
}

export interface ResponseRules {
  /** Statuses >= 500 that are documented for this request (e.g. the CDP address's 501). */
  allowed5xx?: number[];
  /** Error bodies that need not be JSON (S3-style XML on presigned URLs, HTML pages). */
  nonJsonErrors?: boolean;
}

/** Problems common to every route. */
export function checkResponse(res: RawResponse, rules: ResponseRules = {}): string | undefined {
  if (res.status <= 0) return `no answer: ${res.error ?? 'connection closed'}`;
  if (res.status >= 500 && !(rules.allowed5xx ?? []).includes(res.status)) return `server error ${res.status}: ${res.text.slice(0, 500)}`;
  if (res.status >= 400 && res.status < 500 && !rules.nonJsonErrors) {
    const type = String(res.headers['content-type'] ?? '');
    if (!type.startsWith('application/json')) return `error ${res.status} with content-type ${JSON.stringify(type)}: ${res.text.slice(0, 300)}`;
    const shape = fastApiShape(res.text);
    if (shape) return `error ${res.status}: ${shape}`;
  }
  return undefined;
}

/** For a request that addresses an operation of openapi/v3.json or openapi/v2.json: a declared status and a matching body. */
export function checkContract(method: string, pathname: string, res: RawResponse): string | undefined {
  if (res.status <= 0 || res.status >= 500) return undefined;
  const checker = pathname.startsWith('/api/v2/') ? contractCheckerV2 : contractChecker;
  const operationId = checker.operationAt(method, pathname);
  if (!operationId) return undefined;
  const problem = checker.check(operationId, res.status, res.text);
  return problem ? `${operationId}: ${problem}` : undefined;
}
