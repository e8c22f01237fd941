// Registers one contract operation as a route: the method and path come from openapi/v3.json, and
// every request passes body decoding, authentication and validation before the handler sees it.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { OperationSpec } from '../contract/document.js';
import type { RawInput } from '../contract/request.js';
import { decodeBody, validateInput } from '../contract/request.js';
import type { Project } from '../store/projects.js';
import type { EmulatorState } from '../state.js';
import { authenticate } from './auth.js';

export const API_PREFIX = '/api/v3';

export interface OperationContext<Body, Query, Params> {
  body: Body;
  query: Query;
  params: Params;
  /** The body as decoded, before validation filled defaults. */
  rawBody: unknown;
  project: Project;
  state: EmulatorState;
  /** Base URL clients reach the emulator at, for URLs in responses. */
  baseUrl: string;
  now: number;
  request: FastifyRequest;
  reply: FastifyReply;
}

export interface OperationResult {
  status: number;
  body?: unknown;
  /** The body already serialised as JSON (large pages assembled from cached pieces); wins over `body`. */
  json?: string;
}

export type OperationHandler<Body, Query, Params> = (ctx: OperationContext<Body, Query, Params>) => OperationResult | Promise<OperationResult>;

export function baseUrlOf(state: EmulatorState, request: FastifyRequest): string {
  if (state.config.publicUrl) return state.config.publicUrl;
  const host = request.headers.host ?? `${state.config.host}:${state.config.port}`;
  return `${request.protocol}://${host}`;
}

export function rawInputOf(request: FastifyRequest): RawInput {
  return {
    params: request.params as Record<string, string | undefined>,
    query: request.query as Record<string, string | string[] | undefined>,
    contentType: request.headers['content-type'],
    body: Buffer.isBuffer(request.body) ? request.body : undefined,
  };
}

export function registerOperation<Body = unknown, Query = unknown, Params = unknown>(
  app: FastifyInstance,
  state: EmulatorState,
  operationId: string,
  handler: OperationHandler<Body, Query, Params>,
): OperationSpec {
  const op = state.contract.operations.get(operationId);
  if (!op) throw new Error(`openapi/v3.json has no operation ${operationId}`);
  app.route({
    method: op.method,
    url: `${API_PREFIX}${op.routePath}`,
    config: { operationId },
    handler: async (request, reply) => {
      const raw = rawInputOf(request);
      const decoded = decodeBody(op, raw);
      const project = authenticate(state, request);
      const input = validateInput(state.contract, op, raw, decoded, state.config.strict);
      const result = await handler({
        // The validator guarantees these shapes: they were checked against the same document the types come from.
        body: input.body as Body,
        query: input.query as Query,
        params: input.params as Params,
        rawBody: input.rawBody,
        project,
        state,
        baseUrl: baseUrlOf(state, request),
        now: state.clock.now(),
        request,
        reply,
      });
      reply.code(result.status);
      if (result.json !== undefined) return reply.type('application/json').send(result.json);
      if (result.body === undefined) return reply.send();
      return reply.type('application/json').send(JSON.stringify(result.body));
    },
  });
  return op;
}
