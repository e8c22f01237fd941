// The scenario file format as TypeBox schemas: they type what a file holds and validate it, and each field
// words its own problems (`expected an integer >= 50, got 10`). A YAML key left empty (null) counts as absent.
import type { Static, TSchema, TString } from '@sinclair/typebox';
import { FormatRegistry, Type } from '@sinclair/typebox';
import { Checked, describe } from '../validation/problems.js';
import type { ProblemText } from '../validation/problems.js';
import { MODEL_PRICES } from './pricing.js';
import type { ModelName } from './pricing.js';
import type { Outcome } from './scenario.js';

export const OUTCOMES: readonly Outcome[] = ['success', 'failure', 'error', 'timed_out'];
const MODELS = Object.keys(MODEL_PRICES) as ModelName[];
/** Message types a scripted step may use (those the reference lists for agent messages). */
const STEP_TYPES = ['browser_action', 'browser_action_error', 'file_operation', 'code_execution', 'integration', 'planning', 'assistant_message'];
const NAME = '^[A-Za-z0-9][A-Za-z0-9._-]*$';
const NOT_BLANK = '\\S';
const TASK_PATTERN_FORMAT = 'scenario-task-pattern';

/** `/source/flags` or a plain source, matched case-insensitively. */
export function taskRegExp(text: string): RegExp {
  const literal = /^\/(.+)\/([a-z]*)$/s.exec(text);
  return literal ? new RegExp(literal[1] ?? '', literal[2]) : new RegExp(text, 'i');
}

function regExpProblem(text: string): string | undefined {
  try {
    taskRegExp(text);
    return undefined;
  } catch (error) {
    return `invalid regular expression: ${error instanceof Error ? error.message : String(error)}`;
  }
}

if (!FormatRegistry.Has(TASK_PATTERN_FORMAT)) FormatRegistry.Set(TASK_PATTERN_FORMAT, (text) => regExpProblem(text) === undefined);

const got = (expected: string): ProblemText => (value) => `${expected}, got ${describe(value)}`;

/** A string that is not blank; `more` words what else the string must be. */
function text(options: { pattern?: string; format?: string; more?: (value: string) => string } = {}): TString {
  const problem: ProblemText = (value) => {
    if (value === undefined || value === null) return 'required';
    if (typeof value !== 'string') return `expected a string, got ${describe(value)}`;
    if (value.trim() === '') return 'must not be empty';
    return options.more ? options.more(value) : 'invalid';
  };
  const { pattern = NOT_BLANK, format } = options;
  return Type.String({ pattern, ...(format ? { format } : {}), problem });
}

/** Optional, and null (an empty YAML key) is the same as absent. */
function optional<T extends TSchema>(schema: T) {
  return Type.Optional(Type.Union([schema, Type.Null()]));
}

/** `N` (exactly N) or `[min, max]`: integers >= `min`, min <= max. */
function range(min: number) {
  return Checked<number | [number, number]>((value) => {
    if (typeof value === 'number') {
      return Number.isInteger(value) && value >= min ? undefined : `expected an integer >= ${min} or [min, max], got ${describe(value)}`;
    }
    if (!Array.isArray(value) || value.length !== 2 || !value.every((v) => typeof v === 'number' && Number.isInteger(v))) {
      return `expected [min, max] with min <= max, got ${describe(value)}`;
    }
    const [lo, hi] = value as [number, number];
    if (lo > hi) return `expected [min, max] with min <= max, got [${lo}, ${hi}]`;
    if (lo < min) return `expected values >= ${min}, got [${lo}, ${hi}]`;
    return undefined;
  });
}

const integer = (minimum: number) => Type.Integer({ minimum, problem: got(`expected an integer >= ${minimum}`) });
const flag = () => Type.Boolean({ problem: got('expected true or false') });
const oneOf = <T extends string>(values: readonly T[], problem: ProblemText) => Type.Union(values.map((v) => Type.Literal(v)), { problem });

const modelProblem = got(`expected one of ${MODELS.join(', ')}`);
const ModelChoice = oneOf(MODELS, modelProblem);

export const MatchSchema = Type.Object(
  {
    task: optional(text({ format: TASK_PATTERN_FORMAT, more: (value) => regExpProblem(value) ?? 'invalid' })),
    taskIncludes: optional(text()),
    model: optional(Type.Union([ModelChoice, Type.Array(ModelChoice, { minItems: 1, problem: () => 'expected at least one model' })], { problem: modelProblem })),
    outputSchema: optional(flag()),
    workspace: optional(flag()),
  },
  { additionalProperties: false },
);

export const ScriptStepSchema = Type.Object(
  {
    summary: text(),
    type: optional(oneOf(STEP_TYPES, (value) => (typeof value === 'string' ? `expected one of ${STEP_TYPES.join(', ')}, got ${describe(value)}` : `expected a string, got ${describe(value)}`))),
    data: Type.Optional(Type.Unknown()),
    durationMs: optional(integer(50)),
    inputTokens: optional(integer(0)),
    outputTokens: optional(integer(0)),
    proxyKb: optional(integer(0)),
    screenshot: optional(flag()),
  },
  { additionalProperties: false, problem: got('expected a mapping with at least a summary') },
);

export const StepsSchema = Type.Object(
  {
    count: optional(range(1)),
    durationMs: optional(range(50)),
    inputTokens: optional(range(0)),
    outputTokens: optional(range(0)),
    proxyKb: optional(range(0)),
    script: optional(Type.Array(ScriptStepSchema, { minItems: 1, problem: () => 'expected a non-empty list of steps' })),
  },
  { additionalProperties: false, problem: got('expected a mapping') },
);

const RELATIVE_PATH = '^(?!/)(?!(?:[\\s\\S]*/)?\\.\\.(?:/|$))[\\s\\S]*\\S';

export const FileSchema = Type.Object(
  {
    path: text({ pattern: RELATIVE_PATH, more: () => 'expected a relative path inside the workspace' }),
    content: Type.Unknown({ problem: () => 'required' }),
  },
  { additionalProperties: false, problem: got('expected {path, content}') },
);

const outcomeProblem: ProblemText = (value) => {
  const hint = value === 'cost_limit' ? ' (a task stops at its cost cap when its steps cost more than its maxCostUsd: raise steps.inputTokens)' : '';
  return `expected one of ${OUTCOMES.join(', ')}, got ${describe(value)}${hint}`;
};

export const ScenarioSchema = Type.Object(
  {
    name: optional(text({ pattern: NAME, more: (value) => `expected letters, digits, ".", "_" or "-" (usable in Prefer: scenario=NAME), got ${describe(value)}` })),
    description: optional(Type.String({ problem: got('expected a string') })),
    match: optional(Type.Union([Type.Literal(false), MatchSchema], { problem: got('expected a mapping (or false for a scenario reachable only by name)') })),
    outcome: Type.Optional(oneOf(OUTCOMES, outcomeProblem)),
    steps: optional(StepsSchema),
    output: Type.Optional(Type.Unknown()),
    message: optional(text()),
    files: optional(Type.Array(FileSchema, { problem: got('expected a list of {path, content}') })),
  },
  { additionalProperties: false, problem: got('expected a scenario mapping') },
);

export type ScenarioDocument = Static<typeof ScenarioSchema>;
export type StepsDocument = Static<typeof StepsSchema>;
export type MatchDocument = Static<typeof MatchSchema>;
export type ScriptStepDocument = Static<typeof ScriptStepSchema>;
