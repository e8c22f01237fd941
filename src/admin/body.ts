// Reading admin request bodies and parameters. Admin errors are {"detail": "..."} with 400, never the
// pydantic lists of the contract: the admin API is ours, not the cloud's.
import type { FastifyRequest } from 'fastify';
import { decodeJsonBytes, MAX_JSON_DEPTH } from '../contract/json-decode.js';
import { detailError } from '../http/errors.js';

export type JsonObject = { [key: string]: unknown };

export const isObject = (v: unknown): v is JsonObject => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The decoded JSON body; `undefined` when there is none. */
export function jsonBody(request: FastifyRequest): unknown {
  const raw = request.body;
  const bytes = Buffer.isBuffer(raw) ? raw : Buffer.from(typeof raw === 'string' ? raw : '', 'utf8');
  if (bytes.toString('utf8').trim() === '') return undefined;
  // The contract's decoder, so that admin bodies have the same depth bound as API bodies.
  const decoded = decodeJsonBytes(bytes);
  if (decoded.ok) return decoded.value;
  const why =
    decoded.reason === 'syntax'
      ? `${decoded.msg} (char ${decoded.pos})`
      : decoded.reason === 'depth'
        ? `nested deeper than ${MAX_JSON_DEPTH} levels`
        : 'not UTF-8';
  throw detailError(400, `The request body is not valid JSON: ${why}`);
}

/** A JSON object body, or 400 naming what was expected. */
export function objectBody(request: FastifyRequest, expected: string): JsonObject {
  const body = jsonBody(request);
  if (!isObject(body)) throw detailError(400, `Expected a JSON object body: ${expected}`);
  return body;
}

/** Fields other than `allowed` are refused: a typo in a test set-up should fail loudly. */
export function onlyFields(body: JsonObject, allowed: readonly string[], where = 'body'): void {
  const unknown = Object.keys(body).filter((k) => !allowed.includes(k));
  if (unknown.length > 0) throw detailError(400, `Unknown field${unknown.length > 1 ? 's' : ''} in ${where}: ${unknown.join(', ')} (allowed: ${allowed.join(', ')})`);
}

export function queryOf(request: FastifyRequest): Record<string, string | undefined> {
  const out: Record<string, string | undefined> = {};
  for (const [k, v] of Object.entries(request.query as Record<string, string | string[] | undefined>)) {
    out[k] = Array.isArray(v) ? v[v.length - 1] : v;
  }
  return out;
}
