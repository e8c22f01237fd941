// Fault rules: answer matching API requests with a chosen status, delay them, drop their connection,
// or run their task with a chosen scenario. Rules are tried in the order they were added; the first
// one that fires acts alone. `times` counts down and removes the rule at zero; `probability` draws
// from an Rng seeded by the emulator seed and the rule id, so a seeded run injects the same faults.
import { isoTime } from '../contract/serialize.js';
import { detailError } from '../http/errors.js';
import { Rng } from '../simulation/random.js';
import type { ScenarioRegistry } from '../simulation/scenario.js';
import { compilePathPattern } from './paths.js';
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

  get size(): number {
    return this.rules.length;
  }

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
}

