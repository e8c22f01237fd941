// A request's query as single values: a repeated key keeps its last value, as Starlette's
// QueryParams.get does (the querystring parser keeps repeats as lists).
import type { FastifyRequest } from 'fastify';

export function queryOf(request: FastifyRequest): Record<string, string | undefined> {
  const out: Record<string, string | undefined> = {};
  for (const [key, value] of Object.entries(request.query as Record<string, string | string[] | undefined>)) {
    out[key] = Array.isArray(value) ? value[value.length - 1] : value;
  }
  return out;
}
