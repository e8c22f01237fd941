// Fault rules: answer matching API requests with a chosen status, delay them, drop their connection,
// or run their task with a chosen scenario. Rules are tried in the order they were added; the first
// one that fires acts alone. `times` counts down and removes the rule at zero; `probability` draws
// from an Rng seeded by the emulator seed and the rule id, so a seeded run injects the same faults.
import { STATUS_CODES } from 'node:http';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { isoTime } from '../contract/serialize.js';
import { apiKeyOf } from '../http/auth.js';
import { detailError } from '../http/errors.js';
import { exampleResponse } from '../http/prefer.js';
import { Rng } from '../simulation/random.js';
import type { ScenarioRegistry } from '../simulation/scenario.js';
import type { EmulatorState } from '../state.js';
import { compilePathPattern, isApiTraffic, pathOf } from './paths.js';
import type { FaultRuleBody } from './schemas.js';

export interface FaultRule {
  id: string;
  match: { method: string | null; path: string | null; key: string | null };
  respond: { status: number; body: unknown; headers: Record<string, string> } | null;
  latencyMs: number | null;
  drop: boolean;
  scenario: string | null;
  /** Firings left; null: unlimited. */
  times: number | null;
  probability: number | null;
  /** How often the rule has fired. */
  hits: number;
  /** Simulated time the rule was added. */
  createdAt: string;
}

interface ActiveRule {
  rule: FaultRule;
  matchesPath: (path: string) => boolean;
  rng: Rng;
}


export class FaultRules {
  private rules: ActiveRule[] = [];
  private counter = 0;

  constructor(private readonly seed: string) {}

  list(): FaultRule[] {
    return this.rules.map((r) => r.rule);
  }

  /** Adds a rule whose body passed FaultRuleBody; rules between fields answer 400 here. */
  add(body: FaultRuleBody, scenarios: ScenarioRegistry, now: number): FaultRule {
    const method = body.match?.method ?? null;
    const path = body.match?.path ?? null;
    const key = body.match?.key ?? null;
    let matchesPath: (p: string) => boolean = () => true;
    if (path !== null) {
      try {
        matchesPath = compilePathPattern(path);
      } catch (error) {
        throw detailError(400, `match.path: invalid regular expression: ${error instanceof Error ? error.message : String(error)}`);
      }
    }

    let respond: FaultRule['respond'] = null;
    if (body.respond !== undefined && body.respond !== null) {
      const headers: Record<string, string> = {};
      for (const [name, value] of Object.entries(body.respond.headers ?? {})) headers[name.toLowerCase()] = String(value);
      respond = { status: body.respond.status, body: body.respond.body ?? null, headers };
    }

    const latencyMs = body.latencyMs ?? null;
    const drop = body.drop === true;
    if (drop && respond) throw detailError(400, 'drop and respond exclude each other: a dropped connection has no response');

    let scenario: string | null = null;
    if (body.scenario !== undefined && body.scenario !== null) {
      if (typeof body.scenario !== 'string' || !scenarios.byName(body.scenario)) {
        throw detailError(400, `scenario: unknown scenario ${JSON.stringify(body.scenario)}; known scenarios: ${[...new Set(scenarios.list().map((s) => s.name))].join(', ')}`);
      }
      if (drop || respond) throw detailError(400, 'scenario applies to requests that reach the emulator: it cannot be combined with drop or respond');
      scenario = body.scenario;
    }
    if (!respond && !drop && latencyMs === null && scenario === null) {
      throw detailError(400, 'A rule needs at least one effect: respond, drop, latencyMs or scenario');
    }

    const times = body.times ?? null;
    const probability = body.probability ?? null;

    const id = `fault-${++this.counter}`;
    const rule: FaultRule = {
      id,
      match: { method: method?.toUpperCase() ?? null, path, key },
      respond,
      latencyMs,
      drop,
      scenario,
      times,
      probability,
      hits: 0,
      createdAt: isoTime(now),
    };
    this.rules.push({ rule, matchesPath, rng: new Rng(`${this.seed}:fault:${id}`) });
    return rule;
  }

  remove(id: string): boolean {
    const before = this.rules.length;
    this.rules = this.rules.filter((r) => r.rule.id !== id);
    return this.rules.length < before;
  }

  /** Removes the rules aimed at one key (POST /_mock/reset?key=K). */
  removeForKey(key: string): void {
    this.rules = this.rules.filter((r) => r.rule.match.key !== key);
  }

  /** Forgets every rule and restarts the ids (a reset emulator names its rules as a fresh one does). */
  clear(): void {
    this.rules = [];
    this.counter = 0;
  }

  /** The first rule that matches and fires for this request, already counted down. */
  take(method: string, path: string, key: string | undefined): FaultRule | undefined {
    for (const active of this.rules) {
      const { rule } = active;
      if (rule.match.method !== null && rule.match.method !== '*' && rule.match.method !== method) continue;
      if (rule.match.key !== null && rule.match.key !== key) continue;
      if (!active.matchesPath(path)) continue;
      if (rule.probability !== null && !active.rng.chance(rule.probability)) continue;
      rule.hits++;
      if (rule.times !== null) {
        rule.times--;
        if (rule.times === 0) this.remove(rule.id);
      }
      return rule;
    }
    return undefined;
  }

  /**
   * Applies the rules to API traffic before the body is read, authentication, validation and the Prefer
   * header. A preParsing hook runs after every onRequest hook, so CORS headers are already on the reply.
   */
  install(app: FastifyInstance, state: EmulatorState): void {
    // Most requests meet no rule: answer those synchronously, and only the rest pay for the async path.
    app.addHook('preParsing', (request, reply, payload, done) => {
      if (this.rules.length === 0) return done(null, payload);
      // Returning the promise (without calling done) gives Fastify's async-hook semantics.
      return apply(request, reply);
    });
    const apply = async (request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply | undefined> => {
      const path = pathOf(request.url);
      if (!isApiTraffic(path)) return;
      const rule = this.take(request.method, path, apiKeyOf(request));
      if (!rule) return;
      state.journal.noteFault(request, rule.id);
      if (rule.latencyMs) await new Promise((resolve) => setTimeout(resolve, rule.latencyMs ?? 0));
      if (rule.drop) {
        reply.hijack();
        request.raw.socket.destroy();
        return reply;
      }
      if (rule.respond) {
        const operationId = (request.routeOptions.config as { operationId?: string } | undefined)?.operationId;
        const { status, body, headers } = rule.respond;
        let payload: string | undefined;
        let type = 'application/json';
        if (typeof body === 'string') {
          payload = body;
          type = 'text/plain; charset=utf-8';
        } else if (body !== null) {
          payload = JSON.stringify(body);
        } else {
          // No body given: what the contract declares for this status, else a plain detail.
          const example = operationId ? exampleResponse(state, operationId, status) : undefined;
          payload = example ? example.payload : status === 204 ? undefined : JSON.stringify({ detail: STATUS_CODES[status] ?? `HTTP ${status}` });
        }
        // These statuses cannot carry a body.
        if (status === 204 || status === 304) payload = undefined;
        // Written by hand: an injected answer is not the emulator's contract answer and skips its hooks.
        reply.hijack();
        const out: Record<string, string | string[]> = {};
        // Headers already on the reply (CORS) go out too, so that a browser can read the injected answer.
        for (const [name, value] of Object.entries(reply.getHeaders())) {
          if (typeof value === 'string' || Array.isArray(value)) out[name] = value;
          else if (typeof value === 'number') out[name] = String(value);
        }
        Object.assign(out, { 'x-mock-fault': rule.id }, headers);
        if (payload !== undefined) {
          out['content-type'] = headers['content-type'] ?? type;
          out['content-length'] = String(Buffer.byteLength(payload));
        }
        reply.raw.writeHead(status, out);
        reply.raw.end(payload);
        return reply;
      }
      if (rule.scenario) {
        const scenario = state.scenarios.byName(rule.scenario);
        if (scenario) request.dispatchOptions = { ...request.dispatchOptions, scenario };
      }
      return undefined;
    };
  }
}

