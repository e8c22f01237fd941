// Reading admin request bodies and parameters. Admin errors are {"detail": "..."} with 400, never the
// pydantic lists of the contract: the admin API is ours, not the cloud's.
import type { Static, TSchema } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';
import type { FastifyRequest } from 'fastify';
import { decodeJsonBytes, MAX_JSON_DEPTH } from '../contract/json-decode.js';
import { detailError } from '../http/errors.js';
import type { Problem } from '../validation/problems.js';
import { problemsOf } from '../validation/problems.js';

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

/** The first problem of `value` against `schema` as a 400, or nothing; unknown keys first, all of one object at once. */
export function rejectProblems(problems: readonly Problem[]): void {
  const unknown = problems.filter((p) => p.unknownKey !== undefined);
  const [first] = unknown;
  if (first?.unknownKey !== undefined) {
    const parent = first.path.slice(0, -1);
    const keys = unknown.filter((p) => p.path.slice(0, -1).join('.') === parent.join('.')).map((p) => p.unknownKey?.key ?? '');
    const where = parent.length > 0 ? parent.join('.') : 'body';
    throw detailError(400, `Unknown field${keys.length > 1 ? 's' : ''} in ${where}: ${keys.join(', ')} (allowed: ${first.unknownKey.allowed.join(', ')})`);
  }
  const [problem] = problems;
  if (problem !== undefined) throw detailError(400, `${problem.path.join('.')}: ${problem.message}`);
}

/** A JSON object body checked against `schema`: 400 naming the field (or what was expected) otherwise. */
export function typedBody<T extends TSchema>(request: FastifyRequest, schema: T, expected: string): Static<T> {
  const body = objectBody(request, expected);
  return validBody(schema, body, problemsOf(schema, body));
}

/** `body` typed by `schema` once its `problems` (from problemsOf) are known to be none; 400 otherwise. */
export function validBody<T extends TSchema>(schema: T, body: JsonObject, problems: readonly Problem[]): Static<T> {
  rejectProblems(problems);
  if (!Value.Check(schema, body)) throw detailError(400, 'The request body does not have the expected shape');
  return body;
}

