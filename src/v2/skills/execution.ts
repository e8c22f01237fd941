// One run of a skill: its parameters checked against what the skill declares (issues worded as pydantic
// words them), then a result that matches the skill's output schema, made from the run's subject. The
// same skill version and the same parameters give the same result, latency and outcome for a seed.
import type { ParameterSchema } from '../../contract/types-v2.generated.js';
import type { ValidationIssue } from '../../contract/pydantic.js';
import { validationError } from '../../http/errors.js';
import { buildContent } from '../../simulation/content.js';
import type { KindRegistry } from '../../simulation/kinds.js';
import { synthesize } from '../../simulation/output.js';
import { hash32, Rng } from '../../simulation/random.js';
import { factsOf } from '../../simulation/task-facts.js';
import type { OutputSchema } from './model.js';

/** Simulated milliseconds a run takes. */
export const EXECUTION_LATENCY_MS: readonly [number, number] = [1_200, 9_000];
/** Longest subject kept with a run (it only seeds the output's wording). */
const SUBJECT_LIMIT = 500;

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The pydantic issue a value of the wrong kind gets, or undefined when it fits. */
function typeIssue(parameter: ParameterSchema, value: unknown, loc: (string | number)[]): ValidationIssue | undefined {
  switch (parameter.type) {
    case 'string':
    case 'cookie':
      return typeof value === 'string' ? undefined : { type: 'string_type', loc, msg: 'Input should be a valid string', input: value };
    case 'number':
      return typeof value === 'number' && Number.isFinite(value) ? undefined : { type: 'float_type', loc, msg: 'Input should be a valid number', input: value };
    case 'boolean':
      return typeof value === 'boolean' ? undefined : { type: 'bool_type', loc, msg: 'Input should be a valid boolean', input: value };
    case 'object':
      return isRecord(value) ? undefined : { type: 'dict_type', loc, msg: 'Input should be a valid dictionary', input: value };
    case 'array':
      return Array.isArray(value) ? undefined : { type: 'list_type', loc, msg: 'Input should be a valid list', input: value };
  }
}

/**
 * The values a run uses: each declared input as given, or its default. A required input that is missing
 * or null, or a value of the wrong kind, is a 422 listing every problem; inputs the skill does not
 * declare are ignored. Optional inputs may be null.
 */
export function resolveParameters(declared: readonly ParameterSchema[], given: Record<string, unknown>): Record<string, unknown> {
  const issues: ValidationIssue[] = [];
  const values: Record<string, unknown> = {};
  for (const parameter of declared) {
    const loc = ['body', 'parameters', parameter.name];
    const required = parameter.required ?? true;
    const value = Object.hasOwn(given, parameter.name) ? given[parameter.name] : undefined;
    if (value === undefined || value === null) {
      const fallback = parameter.default ?? null;
      if (fallback !== null) values[parameter.name] = fallback;
      else if (required && value === undefined) issues.push({ type: 'missing', loc, msg: 'Field required', input: given });
      else if (required) issues.push(...[typeIssue(parameter, value, loc)].filter((i): i is ValidationIssue => i !== undefined));
      else values[parameter.name] = null;
      continue;
    }
    const issue = typeIssue(parameter, value, loc);
    if (issue) issues.push(issue);
    else values[parameter.name] = value;
  }
  if (issues.length > 0) throw validationError(issues);
  return values;
}

/** JSON with object keys sorted, so that the same values always read the same. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (isRecord(value)) {
    return `{${Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonicalJson(value[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/** What a run is about, in words: the skill's title and the values it was given. */
export function subjectOf(title: string, values: Record<string, unknown>): string {
  const given = Object.entries(values)
    .filter(([, v]) => v !== null && typeof v !== 'object')
    .map(([k, v]) => `${k} ${String(v)}`);
  return `${title}${given.length > 0 ? `: ${given.join(', ')}` : ''}`.slice(0, SUBJECT_LIMIT);
}

export interface RunPlan {
  outputSeed: string;
  subject: string;
  latencyMs: number;
  success: boolean;
  error: string | null;
  stderr: string | null;
}

/** A run's identity is its skill, version and values: the same input gives the same run. */
export function planRun(seed: string, identity: string, version: number, title: string, site: string | undefined, values: Record<string, unknown>, fail: boolean): RunPlan {
  const input = canonicalJson(values);
  const outputSeed = `${seed}:skill-run:${identity}:${version}:${hash32(input).toString(36)}${hash32(input, 7).toString(36)}`;
  const rng = new Rng(outputSeed);
  const latencyMs = rng.int(EXECUTION_LATENCY_MS[0], EXECUTION_LATENCY_MS[1]);
  const where = site ?? 'the site';
  const error = fail ? rng.pick([`Timed out after 30000 ms waiting for the results on ${where}`, `${where} answered 403 Forbidden: the request was blocked`, `The page layout of ${where} changed: no element matches the results list`]) : null;
  const stderr = error === null ? null : `Traceback (most recent call last):\n  File "skill.py", line ${rng.int(20, 140)}, in run\nSkillRunError: ${error}\n`;
  return { outputSeed, subject: subjectOf(title, values), latencyMs, success: !fail, error, stderr };
}

/** The result of a successful run: a value of `outputSchema`, with content of the kind the subject describes. */
export function runResult(outputSchema: OutputSchema, outputSeed: string, subject: string, site: string | undefined, kinds: KindRegistry): unknown {
  const facts = factsOf(subject);
  const kind = kinds.select(facts.text, site ?? null);
  const content = buildContent(kind, site ? { ...facts, site } : facts, outputSeed, { files: false });
  return synthesize(outputSchema, new Rng(`${outputSeed}:output`), content);
}
