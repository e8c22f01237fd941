// One shared check for the whole suite: every response the emulator sends for a contract operation must
// use a status code the document declares for it and validate against that status's schema.
// A violation replaces the response with status 599, so no test can pass over it unnoticed.
// The same checker works outside a Fastify instance: `checkValue` for objects a client returned,
// `checkComponent` for one schema, `watchFetch` for every response a client in this process receives.
import { readFileSync } from 'node:fs';
import { Ajv2020 } from 'ajv/dist/2020.js';
import type { ValidateFunction } from 'ajv/dist/2020.js';
import formats from 'ajv-formats';
import type { FastifyInstance } from 'fastify';
import type { ContractVersion } from '../../src/contract/document.js';
import { API_PREFIXES, routeOperationOf } from '../../src/http/operation.js';

type Doc = { paths: Record<string, Record<string, { operationId: string; responses: Record<string, { content?: Record<string, { schema?: unknown }> }> }>> };


export interface FetchWatch {
  /** Responses that broke the contract (or addressed no operation). */
  problems: Violation[];
  /** Every request seen, in order. */
  calls: { method: string; path: string; status: number; operationId: string | undefined }[];
  /** Puts the original fetch back. */
  restore(): void;
}

export interface Violation {
  operationId: string;
  status: number;
  problem: string;
  body: string;
}

export class ContractChecker {
  private readonly ajv: Ajv2020;
  /** Where each operation's response schema is, per `operationId status`; null: no body declared. */
  private readonly schemaPointers = new Map<string, string | null>();
  /** Compiled on first use: each test file is its own process and checks only a few operations. */
  private readonly validators = new Map<string, ValidateFunction>();
  private readonly declared = new Map<string, Set<string>>();
  readonly violations: Violation[] = [];
  /** Responses checked, per operationId and status: the conformance suite reports coverage from it. */
  readonly seen = new Map<string, Set<number>>();
  private readonly components = new Map<string, ValidateFunction>();
  private readonly routes: { method: string; pattern: RegExp; operationId: string }[] = [];

  private readonly prefix: string;
  private readonly documentName: string;

  constructor(readonly version: ContractVersion = 'v3') {
    this.prefix = API_PREFIXES[version];
    this.documentName = `openapi/${version}.json`;
    const doc = JSON.parse(readFileSync(new URL(`../../openapi/${version}.json`, import.meta.url), 'utf8')) as Doc;
    this.ajv = new Ajv2020({ strict: false, allErrors: true });
    const addFormats = (formats as unknown as { default?: typeof formats }).default ?? formats;
    (addFormats as unknown as (ajv: Ajv2020) => void)(this.ajv);
    this.ajv.addSchema({ ...doc, $id: 'openapi' });
    for (const [path, item] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(item)) {
        this.declared.set(op.operationId, new Set(Object.keys(op.responses)));
        const pattern = new RegExp(`^${this.prefix}${path.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{[^}]+\}/g, '[^/]+')}$`);
        this.routes.push({ method: method.toUpperCase(), pattern, operationId: op.operationId });
        for (const [status, response] of Object.entries(op.responses)) {
          const schema = response.content?.['application/json']?.schema;
          const pointer = `openapi#/paths/${path.replace(/~/g, '~0').replace(/\//g, '~1')}/${method}/responses/${status}/content/application~1json/schema`;
          this.schemaPointers.set(`${op.operationId} ${status}`, schema === undefined ? null : pointer);
        }
      }
    }
  }

  /** Returns a description of what is wrong, or undefined. */
  check(operationId: string, status: number, payload: string): string | undefined {
    // Starlette's trailing-slash redirect comes from routing, before any operation: none declares it.
    if (status === 307 && payload === '') return undefined;
    const seen = this.seen.get(operationId) ?? new Set<number>();
    seen.add(status);
    this.seen.set(operationId, seen);
    const declared = this.declared.get(operationId);
    if (!declared) return `operation ${operationId} is not in ${this.documentName}`;
    if (!declared.has(String(status))) return `status ${status} is not declared for ${operationId} (declared: ${[...declared].join(', ')})`;
    const validate = this.validatorFor(`${operationId} ${status}`);
    if (!validate) return payload === '' ? undefined : `status ${status} of ${operationId} declares no body but one was sent`;
    let body: unknown;
    try {
      body = JSON.parse(payload);
    } catch {
      return `body is not JSON: ${payload.slice(0, 200)}`;
    }
    if (!validate(body)) return `body does not match the schema: ${this.ajv.errorsText(validate.errors)}`;
    return undefined;
  }

  private validatorFor(key: string): ValidateFunction | undefined {
    const pointer = this.schemaPointers.get(key);
    if (pointer === undefined || pointer === null) return undefined;
    let validate = this.validators.get(key);
    if (!validate) {
      validate = this.ajv.compile({ $ref: pointer });
      this.validators.set(key, validate);
    }
    return validate;
  }

  /** The same check for a value a client has already parsed; `undefined` stands for an empty body. */
  checkValue(operationId: string, status: number, value: unknown): string | undefined {
    return this.check(operationId, status, value === undefined ? '' : JSON.stringify(value));
  }

  /** Validates a value against one component schema of the document, e.g. `MessageResponse`. */
  checkComponent(name: string, value: unknown): string | undefined {
    let validate = this.components.get(name);
    if (!validate) {
      validate = this.ajv.compile({ $ref: `openapi#/components/schemas/${name.replace(/~/g, '~0').replace(/\//g, '~1')}` });
      this.components.set(name, validate);
    }
    return validate(value) ? undefined : `does not match ${name}: ${this.ajv.errorsText(validate.errors)}`;
  }

  /** The operation a request addresses, from its method and URL path (with the version's prefix). */
  operationAt(method: string, pathname: string): string | undefined {
    const path = pathname.replace(/\/+$/, '');
    return this.routes.find((r) => r.method === method.toUpperCase() && r.pattern.test(path))?.operationId;
  }

  /**
   * Wraps the global fetch so every response from `apiUrl` (an emulator's API base) is checked
   * against the operation its method and path address. Problems are collected, not thrown, so the
   * client under test sees exactly what the emulator sent.
   */
  watchFetch(apiUrl: string): FetchWatch {
    const original = globalThis.fetch;
    const problems: Violation[] = [];
    const calls: { method: string; path: string; status: number; operationId: string | undefined }[] = [];
    const root = new URL(apiUrl);
    const prefix = root.pathname.replace(/\/+$/, '');
    const watched: typeof fetch = async (input, init) => {
      const response = await original(input, init);
      const url = new URL(input instanceof Request ? input.url : String(input));
      if (url.origin !== root.origin || !url.pathname.startsWith(`${prefix}/`)) return response;
      const method = (init?.method ?? (input instanceof Request ? input.method : 'GET')).toUpperCase();
      const operationId = this.operationAt(method, `${this.prefix}${url.pathname.slice(prefix.length)}`);
      calls.push({ method, path: url.pathname, status: response.status, operationId });
      const text = await response.clone().text();
      const problem = operationId ? this.check(operationId, response.status, text) : `${method} ${url.pathname} is not an operation of ${this.documentName}`;
      if (problem) problems.push({ operationId: operationId ?? `${method} ${url.pathname}`, status: response.status, problem, body: text.slice(0, 500) });
      return response;
    };
    globalThis.fetch = watched;
    return {
      problems,
      calls,
      restore: () => {
        if (globalThis.fetch === watched) globalThis.fetch = original;
      },
    };
  }

  /** Installs the check on an app before it starts listening: each route is checked by its version's checker. */
  install(app: FastifyInstance): void {
    app.addHook('onSend', async (request, reply, payload) => {
      const route = routeOperationOf(request);
      if (!route) return payload;
      const { operationId } = route;
      const checker = route.api === this.version ? this : contractCheckers[route.api];
      const text = typeof payload === 'string' ? payload : payload === null || payload === undefined ? '' : Buffer.isBuffer(payload) ? payload.toString('utf8') : String(payload);
      const problem = checker.check(operationId, reply.statusCode, text);
      if (!problem) return payload;
      checker.violations.push({ operationId, status: reply.statusCode, problem, body: text.slice(0, 500) });
      reply.code(599);
      reply.type('application/json');
      return JSON.stringify({ detail: `contract violation in ${operationId}: ${problem}` });
    });
  }
}

/** Shared by every server the suite starts (v3 routes). */
export const contractChecker = new ContractChecker('v3');
/** The same for v2 routes (openapi/v2.json). */
export const contractCheckerV2 = new ContractChecker('v2');
const contractCheckers: Record<ContractVersion, ContractChecker> = { v3: contractChecker, v2: contractCheckerV2 };
