// A scenario decides what a dispatched task does: how many steps, how long, what it costs and how it ends.
// Built-in scenarios are data files in fixtures/; a user's fixtures add to or replace them.
import type { ModelName, PricedModel } from './pricing.js';

export type Outcome = 'success' | 'failure' | 'error' | 'timed_out';

export type Range = readonly [number, number];

/** One step written out by hand in a scenario instead of generated. */
export interface ScriptedStep {
  summary: string;
  /** Message type of the step's action message (default browser_action). */
  type?: string;
  /** Raw message data; default: a JSON action derived from the summary. */
  data?: string;
  durationMs?: number;
  inputTokens?: number;
  outputTokens?: number;
  proxyKb?: number;
  /** Whether this step captures a screenshot (default true). */
  screenshot?: boolean;
}

export interface ScenarioFile {
  path: string;
  content: string;
}

export interface Scenario {
  name: string;
  description: string;
  /** Tasks this scenario applies to; the first matching scenario wins. */
  match: {
    task?: RegExp;
    models?: readonly ModelName[];
    /** Only tasks with (true) or without (false) an outputSchema. */
    outputSchema?: boolean;
    /** Only tasks with (true) or without (false) a workspace. */
    workspace?: boolean;
  };
  outcome: Outcome;
  steps: {
    count: Range;
    durationMs: Range;
    inputTokens: Range;
    outputTokens: Range;
    proxyKb: Range;
    script?: readonly ScriptedStep[];
  };
  /** Fixed final output (text or JSON); default: generated from the task and any outputSchema. */
  output?: unknown;
  /** Text of the failure or error message. */
  message?: string;
  /** Files the run writes to an attached workspace. */
  files?: readonly ScenarioFile[];
  /** Set when the scenario came from a file, for error messages and the inspector. */
  source?: string;
}

export const DEFAULT_STEPS: Scenario['steps'] = {
  count: [5, 9],
  durationMs: [1500, 5000],
  inputTokens: [2500, 9000],
  outputTokens: [120, 520],
  proxyKb: [150, 1400],
};

/**
 * The plain successful run. The built-in scenarios themselves are data files in fixtures/ (see
 * fixtures.ts); this one stays in code as the last resort when no scenario in force matches a task.
 */
export const DEFAULT_SCENARIO: Scenario = {
  name: 'success',
  description: 'The default: a plausible browsing run that succeeds.',
  match: {},
  outcome: 'success',
  steps: DEFAULT_STEPS,
};

export interface ScenarioQuery {
  task: string;
  model: PricedModel;
  hasOutputSchema: boolean;
  hasWorkspace: boolean;
}

export function scenarioMatches(scenario: Scenario, query: ScenarioQuery): boolean {
  const { match } = scenario;
  if (match.task && !match.task.test(query.task)) return false;
  if (match.models && !(match.models as readonly string[]).includes(query.model)) return false;
  if (match.outputSchema !== undefined && match.outputSchema !== query.hasOutputSchema) return false;
  if (match.workspace !== undefined && match.workspace !== query.hasWorkspace) return false;
  return true;
}

/** The scenarios in force, in priority order. Replaced as a whole when fixtures are (re)loaded. */
export class ScenarioRegistry {
  constructor(private scenarios: readonly Scenario[] = [DEFAULT_SCENARIO]) {}

  list(): readonly Scenario[] {
    return this.scenarios;
  }

  replace(scenarios: readonly Scenario[]): void {
    this.scenarios = scenarios;
  }

  byName(name: string): Scenario | undefined {
    return this.scenarios.find((s) => s.name === name);
  }

  select(query: ScenarioQuery): Scenario {
    const found = this.scenarios.find((s) => scenarioMatches(s, query));
    // A user fixture set that replaces the built-ins may have no catch-all: dispatch must still work.
    return found ?? DEFAULT_SCENARIO;
  }
}
