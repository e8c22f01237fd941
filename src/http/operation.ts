// Registers one contract operation as a route: the method and path come from openapi/v3.json, and
// every request passes body decoding, authentication and validation before the handler sees it.
// A handler that stores something returns its change uncommitted: the response is rendered first and
// the change committed last, so a request that fails on the way leaves nothing behind.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Config } from '../config.js';
import type { Contract, ContractVersion, OperationSpec } from '../contract/document.js';
import type { RawInput } from '../contract/request.js';
import { decodeBody, validateInput } from '../contract/request.js';
import type { FormatContext, ViewDeps } from '../sessions/format.js';
import type { Clock } from '../simulation/clock.js';
import type { Project, ProjectStore } from '../store/projects.js';
import { apiKeyOf, authenticate } from './auth.js';

export const API_PREFIX = '/api/v3';

/** Where each API version is served. */
export const API_PREFIXES: Readonly<Record<ContractVersion, string>> = { v3: API_PREFIX, v2: '/api/v2' };

/** What a contract route carries in its Fastify config: journal, faults and Prefer read it. */
export interface RouteOperation {
  operationId: string;
  api: ContractVersion;
}

/** The contract operation a request was routed to, if any. */
export function routeOperationOf(request: FastifyRequest): RouteOperation | undefined {
  const config = request.routeOptions.config as Partial<RouteOperation> | undefined;
  return config?.operationId && config.api ? { operationId: config.operationId, api: config.api } : undefined;
}

/** What every contract route reads. */
export interface OperationDeps extends ViewDeps {
  config: Config;
  contracts: Readonly<Record<ContractVersion, Contract>>;
  clock: Clock;
  projects: ProjectStore;
}

export interface OperationContext<Body, Query, Params> extends FormatContext {
  body: Body;
  query: Query;
  params: Params;
  /** The body as decoded, before validation filled defaults. */
  rawBody: unknown;
  /** The caller's project; for a public operation called without a key, an empty project of no key. */
  project: Project;
  request: FastifyRequest;
  reply: FastifyReply;
}

export interface OperationResult {
  status: number;
  body?: unknown;
  /** The body already serialised as JSON, as text or UTF-8 bytes (assembled from cached pieces); wins over `body`. */
  json?: string | Buffer;
  /** Stores what the request changes; called after the body was rendered, right before it is sent. */
  commit?: () => void;
}

export type OperationHandler<Body, Query, Params> = (ctx: OperationContext<Body, Query, Params>) => OperationResult | Promise<OperationResult>;

/**
 * The last base URL made, by protocol and Host: nearly every request carries the same Host, and one
 * string object lets the memos that compare base URLs (live and screenshot URLs) compare by identity.
 */
let lastBase = { protocol: '', host: '', url: '' };

export function baseUrlOf(config: Pick<Config, 'publicUrl' | 'host' | 'port'>, request: FastifyRequest): string {
  if (config.publicUrl) return config.publicUrl;
  const host = request.headers.host ?? `${config.host}:${config.port}`;
  const protocol = request.protocol;
  if (host !== lastBase.host || protocol !== lastBase.protocol) lastBase = { protocol, host, url: `${protocol}://${host}` };
  return lastBase.url;
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
  state: OperationDeps,
  operationId: string,
  handler: OperationHandler<Body, Query, Params>,
  api: ContractVersion = 'v3',
): OperationSpec {
  const contract = state.contracts[api];
  const op = contract.operations.get(operationId);
  if (!op) throw new Error(`openapi/${api}.json has no operation ${operationId}`);
  const routeOperation: RouteOperation = { operationId, api };
  app.route({
    method: op.method,
    url: `${API_PREFIXES[api]}${op.routePath}`,
    config: routeOperation,
    // Synchronous unless the operation's handler is: most answer at once, and an async route handler
    // would cost every request a promise and a turn of the microtask queue.
    handler: (request, reply) => {
      const raw = rawInputOf(request);
      const decoded = decodeBody(op, raw);
      const project = op.secured || apiKeyOf(request) !== undefined ? authenticate(state.config, state.projects, request) : state.projects.anonymous();
      const input = validateInput(contract, op, raw, decoded, state.config.strict);
      const result = handler({
        // The validator guarantees these shapes: they were checked against the same document the types come from.
        body: input.body as Body,
        query: input.query as Query,
        params: input.params as Params,
        rawBody: input.rawBody,
        project,
        presigner: state.presigner,
        machine: state.machine,
        seed: state.seed,
        baseUrl: baseUrlOf(state.config, request),
        now: state.clock.now(),
        request,
        reply,
      });
      if (result instanceof Promise) return result.then((settled) => respond(reply, settled));
      respond(reply, result);
      return undefined;
    },
  });
  return op;
}

/** Renders the result, then commits its change, then sends: a failure while rendering stores nothing. */
function respond(reply: FastifyReply, result: OperationResult): void {
  const json = result.json ?? (result.body === undefined ? undefined : JSON.stringify(result.body));
  result.commit?.();
  reply.code(result.status);
  if (json === undefined) reply.send();
  else reply.type('application/json').send(json);
}
