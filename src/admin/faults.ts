// Fault rules: answer matching API requests with a chosen status, delay them, drop their connection,
// or run their task with a chosen scenario. Rules are tried in the order they were added; the first
// one that fires acts alone. `times` counts down and removes the rule at zero; `probability` draws
// from an Rng seeded by the emulator seed and the rule id, so a seeded run injects the same faults.
import { isoTime } from '../contract/serialize.js';
import { detailError } from '../http/errors.js';
import { Rng } from '../simulation/random.js';
import type { ScenarioRegistry } from '../simulation/scenario.js';
import type { JsonObject } from './body.js';
import { isObject, onlyFields } from './body.js';
import { compilePathPattern } from './paths.js';

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

const RULE_FIELDS = ['match', 'respond', 'latencyMs', 'drop', 'times', 'probability', 'scenario'];
const MAX_LATENCY_MS = 120_000;

export class FaultRules {
  private rules: ActiveRule[] = [];
  private counter = 0;

  constructor(private readonly seed: string) {}

  get size(): number {
    return this.rules.length;
  }

  list(): FaultRule[] {
    return this.rules.map((r) => r.rule);
  }

  /** Validates and adds a rule; 400 with the offending field otherwise. */
  add(body: JsonObject, scenarios: ScenarioRegistry, now: number): FaultRule {
    onlyFields(body, RULE_FIELDS);
    const match = body.match === undefined ? {} : body.match;
    if (!isObject(match)) throw detailError(400, 'match: expected an object with method, path and/or key');
    onlyFields(match, ['method', 'path', 'key'], 'match');
    const method = optionalString(match.method, 'match.method');
    const path = optionalString(match.path, 'match.path');
    const key = optionalString(match.key, 'match.key');
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
      if (!isObject(body.respond)) throw detailError(400, 'respond: expected an object {status, body?, headers?}');
      onlyFields(body.respond, ['status', 'body', 'headers'], 'respond');
      const status = body.respond.status;
      if (typeof status !== 'number' || !Number.isInteger(status) || status < 200 || status > 599) {
        throw detailError(400, 'respond.status: expected an integer from 200 to 599');
      }
      const headers: Record<string, string> = {};
      if (body.respond.headers !== undefined) {
        if (!isObject(body.respond.headers)) throw detailError(400, 'respond.headers: expected an object of header names to string values');
        for (const [name, value] of Object.entries(body.respond.headers)) {
          if (typeof value !== 'string' && typeof value !== 'number') throw detailError(400, `respond.headers.${name}: expected a string`);
          headers[name.toLowerCase()] = String(value);
        }
      }
      respond = { status, body: body.respond.body ?? null, headers };
    }

    let latencyMs: number | null = null;
    if (body.latencyMs !== undefined && body.latencyMs !== null) {
      if (typeof body.latencyMs !== 'number' || !Number.isInteger(body.latencyMs) || body.latencyMs < 0 || body.latencyMs > MAX_LATENCY_MS) {
        throw detailError(400, `latencyMs: expected an integer from 0 to ${MAX_LATENCY_MS}`);
      }
      latencyMs = body.latencyMs;
    }
    if (body.drop !== undefined && typeof body.drop !== 'boolean') throw detailError(400, 'drop: expected true or false');
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

    let times: number | null = null;
    if (body.times !== undefined && body.times !== null) {
      if (typeof body.times !== 'number' || !Number.isInteger(body.times) || body.times < 1) throw detailError(400, 'times: expected an integer >= 1');
      times = body.times;
    }
    let probability: number | null = null;
    if (body.probability !== undefined && body.probability !== null) {
      if (typeof body.probability !== 'number' || !(body.probability >= 0 && body.probability <= 1)) throw detailError(400, 'probability: expected a number from 0 to 1');
      probability = body.probability;
    }

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
}

function optionalString(value: unknown, field: string): string | null {
  if (value === undefined || value === null) return null;
  if (typeof value !== 'string' || value === '') throw detailError(400, `${field}: expected a non-empty string`);
  return value;
}
