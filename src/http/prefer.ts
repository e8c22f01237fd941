// Per-request overrides for clients that can set headers, in the style of RFC 7240's Prefer header:
//   Prefer: code=429         answer that status at once, with a body built from what openapi/v3.json
//                            declares for this operation and status (no state is read or changed);
//   Prefer: scenario=NAME    run a dispatched task with the named scenario instead of the matching one.
// Unknown preferences are ignored (RFC 7240). A code the operation does not declare, or an unknown
// scenario, is refused with a 422 whose single issue sits at loc ["header", "prefer"].
import { STATUS_CODES } from 'node:http';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { JsonSchema } from '../contract/pydantic.js';
import { synthesize } from '../simulation/output.js';
import { Rng } from '../simulation/random.js';
import type { Contract, ContractVersion } from '../contract/document.js';
import type { RouteOperation } from './operation.js';
import { routeOperationOf } from './operation.js';
import type { ScenarioRegistry } from '../simulation/scenario.js';
import type { ApiError } from './errors.js';
import { valueError } from './errors.js';

/** What building example responses and reading the header need. */
export interface PreferDeps {
  contracts: Readonly<Record<ContractVersion, Contract>>;
  scenarios: ScenarioRegistry;
  seed: string;
}

export interface Preferences {
  code?: string;
  scenario?: string;
}

/** `code=429, scenario="failure"` (commas or semicolons between preferences; values may be quoted). */
export function parsePrefer(header: string | string[] | undefined): Preferences {
  const text = Array.isArray(header) ? header.join(',') : header ?? '';
  const out: Preferences = {};
  for (const part of text.split(/[,;]/)) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    const name = part.slice(0, eq).trim().toLowerCase();
    const value = part.slice(eq + 1).trim().replace(/^"(.*)"$/, '$1');
    if (name === 'code' || name === 'scenario') out[name] = value;
  }
  return out;
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

export interface ExampleResponse {
  /** Undefined for statuses that declare no body (204). */
  payload?: string;
}

/** The declared response of an operation for a status, or undefined when the document does not declare it. */
function declaredResponse(state: PreferDeps, route: RouteOperation, status: number): Record<string, unknown> | undefined {
  const contract = state.contracts[route.api];
  const op = contract.operations.get(route.operationId);
  if (!op) return undefined;
  const paths = contract.document.paths;
  const item = isRecord(paths) ? paths[op.path] : undefined;
  const operation = isRecord(item) ? item[op.method.toLowerCase()] : undefined;
  const responses = isRecord(operation) ? operation.responses : undefined;
  const response = isRecord(responses) ? responses[String(status)] : undefined;
  return isRecord(response) ? response : undefined;
}

/**
 * A body for `status` of the operation that matches its declared schema: error schemas carry their
 * default `detail` (or the status's reason phrase), validation errors one plausible issue, and other
 * schemas a deterministic example generated from the schema.
 */
export function exampleResponse(state: PreferDeps, route: RouteOperation, status: number): ExampleResponse | undefined {
  const contract = state.contracts[route.api];
  const response = declaredResponse(state, route, status);
  if (!response) return undefined;
  const content = isRecord(response.content) ? response.content['application/json'] : undefined;
  const schema = isRecord(content) && isRecord(content.schema) ? (content.schema as JsonSchema) : undefined;
  if (!schema) return {};
  const resolved = typeof schema.$ref === 'string' ? contract.resolve(schema.$ref) : schema;
  const properties = isRecord(resolved.properties) ? resolved.properties : {};
  const detail = properties.detail;
  if (isRecord(detail)) {
    if (detail.type === 'array') {
      return { payload: JSON.stringify({ detail: [{ type: 'missing', loc: ['body', 'task'], msg: 'Field required', input: {} }] }) };
    }
    const text = typeof detail.default === 'string' ? detail.default : status === 401 ? 'Not authenticated' : STATUS_CODES[status] ?? `HTTP ${status}`;
    return { payload: JSON.stringify({ detail: text }) };
  }
  const components = contract.document.components;
  const rng = new Rng(`${state.seed}:example:${route.api === 'v3' ? '' : `${route.api}:`}${route.operationId}:${status}`);
  const value = synthesize({ ...schema, components }, rng, { site: 'example.com', query: 'example' });
  return { payload: JSON.stringify(value) };
}

const preferIssue = (header: string, message: string): ApiError => valueError(['header', 'prefer'], header, message);

/**
 * Applies a Prefer header to a request of a contract operation (other routes ignore it). The admin
 * plugin calls it from its one preParsing hook, after the fault rules: CORS headers are set by then.
 */
export function preferHandler(state: PreferDeps): (request: FastifyRequest, reply: FastifyReply, header: string | string[]) => Promise<FastifyReply | undefined> {
  return async (request: FastifyRequest, reply: FastifyReply, header: string | string[]): Promise<FastifyReply | undefined> => {
    const route = routeOperationOf(request);
    if (!route) return;
    const prefs = parsePrefer(header);
    const raw = Array.isArray(header) ? header.join(', ') : header;
    const applied: string[] = [];
    if (prefs.scenario !== undefined) {
      const scenario = state.scenarios.byName(prefs.scenario);
      if (!scenario) {
        const known = state.scenarios.list().map((s) => s.name);
        throw preferIssue(raw, `unknown scenario "${prefs.scenario}"; known scenarios: ${[...new Set(known)].join(', ')}`);
      }
      request.dispatchOptions = { ...request.dispatchOptions, scenario };
      applied.push(`scenario=${scenario.name}`);
    }
    if (prefs.code !== undefined) {
      const op = state.contracts[route.api].operations.get(route.operationId);
      const status = /^\d{3}$/.test(prefs.code) ? Number(prefs.code) : NaN;
      const example = Number.isNaN(status) ? undefined : exampleResponse(state, route, status);
      if (!example || !op) {
        const declared = op?.statuses.join(', ') ?? '';
        const what = Number.isNaN(status) ? `"${prefs.code}" is not a status code` : `status ${status} is not declared for ${op?.method ?? ''} ${op?.path ?? ''} in the API document`;
        throw preferIssue(raw, `${what}; declared statuses: ${declared}`);
      }
      applied.push(`code=${status}`);
      reply.header('preference-applied', applied.join(', '));
      reply.code(status);
      if (example.payload === undefined) return reply.send();
      return reply.type('application/json').send(example.payload);
    }
    if (applied.length > 0) reply.header('preference-applied', applied.join(', '));
    return undefined;
  };
}
