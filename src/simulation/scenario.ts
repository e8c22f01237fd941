// A scenario decides what a dispatched task does: how many steps, how long, what it costs and how it ends.
// Built-in scenarios are data; user fixtures (fixtures/) add to or replace them.
import type { ModelName } from './pricing.js';

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

/** Built-in scenarios, reachable from task text alone (the official SDK sends nothing else). */
export const BUILT_IN_SCENARIOS: readonly Scenario[] = [
  {
    name: 'failure',
    description: 'The agent gives up: the run ends with isTaskSuccessful false and an explanation as output.',
    match: { task: /\[mock:failure\]/i },
    outcome: 'failure',
    steps: { ...DEFAULT_STEPS, count: [3, 5] },
    message: 'I could not complete the task: the page kept showing a verification challenge.',
  },
  {
    name: 'error',
    description: 'The run crashes: the session ends in status error with no output.',
    match: { task: /\[mock:error\]/i },
    outcome: 'error',
    steps: { ...DEFAULT_STEPS, count: [2, 3] },
    message: 'Browser crashed: target closed unexpectedly.',
  },
  {
    name: 'timeout',
    description: 'The agent hangs after a few steps; the session times out at its 4-hour limit.',
    match: { task: /\[mock:timeout\]/i },
    outcome: 'timed_out',
    steps: { ...DEFAULT_STEPS, count: [2, 3] },
  },
  {
    name: 'expensive',
    description: 'Very large prompts on every step: reaches any small maxCostUsd cap quickly.',
    match: { task: /\[mock:expensive\]/i },
    outcome: 'success',
    steps: { ...DEFAULT_STEPS, count: [30, 40], inputTokens: [40_000, 60_000], outputTokens: [2000, 4000] },
  },
  {
    name: 'quick',
    description: 'A single fast step, for tests that only need a finished session.',
    match: { task: /\[mock:quick\]/i },
    outcome: 'success',
    steps: { ...DEFAULT_STEPS, count: [1, 1], durationMs: [300, 600] },
  },
  {
    name: 'long',
    description: 'Fifty steps, for paging through messages and watching progress.',
    match: { task: /\[mock:long\]/i },
    outcome: 'success',
    steps: { ...DEFAULT_STEPS, count: [50, 50] },
  },
  {
    name: 'success',
    description: 'The default: a plausible browsing run that succeeds.',
    match: {},
    outcome: 'success',
    steps: DEFAULT_STEPS,
  },
];

export interface ScenarioQuery {
  task: string;
  model: ModelName;
  hasOutputSchema: boolean;
  hasWorkspace: boolean;
}

export function scenarioMatches(scenario: Scenario, query: ScenarioQuery): boolean {
  const { match } = scenario;
  if (match.task && !match.task.test(query.task)) return false;
  if (match.models && !match.models.includes(query.model)) return false;
  if (match.outputSchema !== undefined && match.outputSchema !== query.hasOutputSchema) return false;
  if (match.workspace !== undefined && match.workspace !== query.hasWorkspace) return false;
  return true;
}

/** The scenarios in force, in priority order. Replaced as a whole when fixtures are (re)loaded. */
export class ScenarioRegistry {
  constructor(private scenarios: readonly Scenario[] = BUILT_IN_SCENARIOS) {}

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
    // The registry always ends with a catch-all; guard anyway so a user fixture set cannot break dispatch.
    return found ?? (BUILT_IN_SCENARIOS[BUILT_IN_SCENARIOS.length - 1] as Scenario);
  }
}
