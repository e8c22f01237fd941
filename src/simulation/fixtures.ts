// Scenario files: the built-in scenarios live in fixtures/ as YAML, and a user's own directory adds to
// them (in front, so it wins) or replaces them. Every file is validated at start-up; a problem is
// reported with the file and the field, e.g. `fixtures/checkout.yaml: steps.count: expected [min, max]
// with min <= max`, and the emulator refuses to start rather than run with a half-read scenario. The
// format itself is a TypeBox schema (fixture-schema.ts), which both types and validates a file.
import { statSync } from 'node:fs';
import { basename, extname, isAbsolute, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { fixtureFiles } from './fixture-folders.js';
import { fixtureData, yamlLibrary } from './fixture-text.js';
import { Value } from '@sinclair/typebox/value';
import { problemsOf } from '../validation/problems.js';
import type { ProblemPath } from '../validation/problems.js';
import type { MatchDocument, ScenarioDocument, ScriptStepDocument, StepsDocument } from './fixture-schema.js';
import { ScenarioSchema, taskRegExp } from './fixture-schema.js';
import type { Range, Scenario, ScenarioFile, ScriptedStep } from './scenario.js';
import { DEFAULT_STEPS } from './scenario.js';
import { PACKAGE_ROOT_URL } from '../package-root.js';

/** The built-in scenarios shipped with the package (fixtures/ next to src/ and dist/). */
export const BUILT_IN_FIXTURES_DIR = fileURLToPath(new URL('fixtures/', PACKAGE_ROOT_URL));

/** A regular expression that matches nothing: `match: false` scenarios are reachable only by name. */
const NEVER = /(?!)/;

export class FixtureError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`invalid scenario fixtures:\n  ${problems.join('\n  ')}`);
    this.name = 'FixtureError';
  }
}

type Json = { [key: string]: unknown };
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/** `steps.script[0].summary`: keys joined with dots, list positions in brackets. */
export function fieldPath(prefix: string, path: ProblemPath): string {
  return path.reduce<string>((at, key) => (typeof key === 'number' ? `${at}[${key}]` : at ? `${at}.${key}` : key), prefix);
}

/** Collects problems for one file, each as `file: field: problem`. */
class Problems {
  readonly list: string[] = [];
  constructor(readonly file: string) {}

  add(path: string, message: string): void {
    this.list.push(`${this.file}: ${path ? `${path}: ` : ''}${message}`);
  }
}

/** Rules that tie one field to another, which the schema cannot state. */
function crossFieldProblems(value: Json, at: string, problems: Problems): number {
  const before = problems.list.length;
  const match = value.match;
  if (isObject(match) && match.task !== undefined && match.taskIncludes !== undefined) {
    problems.add(fieldPath(at, ['match', 'taskIncludes']), 'give either task (a regular expression) or taskIncludes (plain text), not both');
  }
  const steps = value.steps;
  if (isObject(steps) && Array.isArray(steps.script) && steps.script.length > 0 && steps.count !== undefined) {
    problems.add(fieldPath(at, ['steps', 'count']), 'not allowed together with script (the script fixes the number of steps)');
  }
  if (value.output !== undefined && value.output !== null && (value.outcome === 'error' || value.outcome === 'timed_out')) {
    problems.add(fieldPath(at, ['output']), `not used when outcome is ${value.outcome} (such runs end with output null)`);
  }
  return problems.list.length - before;
}

const orNull = <T>(value: T | null | undefined): T | undefined => (value === null ? undefined : value);
const rangeOf = (value: number | [number, number] | null | undefined, fallback: Range): Range =>
  value === undefined || value === null ? fallback : typeof value === 'number' ? [value, value] : [value[0], value[1]];
const escapeRegExp = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

function matchOf(document: MatchDocument | false | null | undefined): Scenario['match'] {
  if (document === undefined || document === null) return {};
  if (document === false) return { task: NEVER };
  const match: { -readonly [K in keyof Scenario['match']]: Scenario['match'][K] } = {};
  const task = orNull(document.task);
  const includes = orNull(document.taskIncludes);
  if (task !== undefined) match.task = taskRegExp(task);
  if (includes !== undefined) match.task = new RegExp(escapeRegExp(includes), 'i');
  const model = orNull(document.model);
  if (model !== undefined) match.models = Array.isArray(model) ? model : [model];
  const outputSchema = orNull(document.outputSchema);
  if (outputSchema !== undefined) match.outputSchema = outputSchema;
  const workspace = orNull(document.workspace);
  if (workspace !== undefined) match.workspace = workspace;
  return match;
}

function scriptStepOf(document: ScriptStepDocument): ScriptedStep {
  const step: { -readonly [K in keyof ScriptedStep]: ScriptedStep[K] } = { summary: document.summary };
  const type = orNull(document.type);
  if (type !== undefined) step.type = type;
  if (document.data !== undefined && document.data !== null) step.data = typeof document.data === 'string' ? document.data : JSON.stringify(document.data);
  for (const key of ['durationMs', 'inputTokens', 'outputTokens', 'proxyKb'] as const) {
    const n = orNull(document[key]);
    if (n !== undefined) step[key] = n;
  }
  const screenshot = orNull(document.screenshot);
  if (screenshot !== undefined) step.screenshot = screenshot;
  return step;
}

function stepsOf(document: StepsDocument | null | undefined): Scenario['steps'] {
  if (document === undefined || document === null) return DEFAULT_STEPS;
  const steps: { -readonly [K in keyof Scenario['steps']]: Scenario['steps'][K] } = {
    count: rangeOf(document.count, DEFAULT_STEPS.count),
    durationMs: rangeOf(document.durationMs, DEFAULT_STEPS.durationMs),
    inputTokens: rangeOf(document.inputTokens, DEFAULT_STEPS.inputTokens),
    outputTokens: rangeOf(document.outputTokens, DEFAULT_STEPS.outputTokens),
    proxyKb: rangeOf(document.proxyKb, DEFAULT_STEPS.proxyKb),
  };
  const script = orNull(document.script);
  if (script !== undefined) steps.script = script.map(scriptStepOf);
  return steps;
}

function filesOf(document: ScenarioDocument['files']): ScenarioFile[] | undefined {
  if (document === undefined || document === null) return undefined;
  return document.map((f) => ({ path: f.path, content: typeof f.content === 'string' ? f.content : JSON.stringify(f.content, null, 2) }));
}

/** Validates one scenario mapping; `at` is its place in the file ('' for a file holding one scenario). */
function readScenario(value: unknown, at: string, defaultName: string, problems: Problems): Scenario | undefined {
  const found = problemsOf(ScenarioSchema, value);
  for (const problem of found) problems.add(fieldPath(at, problem.path), problem.message);
  const crossField = isObject(value) ? crossFieldProblems(value, at, problems) : 0;
  if (found.length > 0 || crossField > 0 || !Value.Check(ScenarioSchema, value)) return undefined;
  const scenario: { -readonly [K in keyof Scenario]: Scenario[K] } = {
    name: orNull(value.name) ?? defaultName,
    description: orNull(value.description) ?? '',
    match: matchOf(value.match),
    outcome: value.outcome ?? 'success',
    steps: stepsOf(value.steps),
    source: problems.file,
  };
  if (value.output !== undefined && value.output !== null) scenario.output = value.output;
  const message = orNull(value.message);
  if (message !== undefined) scenario.message = message;
  const files = filesOf(value.files);
  if (files) scenario.files = files;
  return scenario;
}

/** Parses one scenario file's text: a single scenario, a list, or `{scenarios: [...]}`. */
export function parseScenarioFile(file: string, text: string): { scenarios: Scenario[]; problems: string[] } {
  const problems = new Problems(file);
  let data: unknown;
  try {
    data = fixtureData(file, text);
  } catch (error) {
    const where = error instanceof yamlLibrary().YAMLParseError && error.linePos ? ` at line ${error.linePos[0].line}, column ${error.linePos[0].col}` : '';
    // The parser appends the position and a source excerpt; the position is given separately.
    const message = error instanceof Error ? (error.message.split('\n')[0] ?? '').replace(/ at line \d+, column \d+:?$/, '') : String(error);
    problems.add('', `cannot parse${where}: ${message}`);
    return { scenarios: [], problems: problems.list };
  }
  const stem = basename(file, extname(file)).replace(/^\d+[-_]/, '');
  let list: unknown[];
  let prefix: (i: number) => string;
  if (Array.isArray(data)) {
    list = data;
    prefix = (i) => `[${i}]`;
  } else if (isObject(data) && Array.isArray(data.scenarios)) {
    for (const key of Object.keys(data)) if (key !== 'scenarios') problems.add(key, 'unknown field (expected one of scenarios)');
    list = data.scenarios;
    prefix = (i) => `scenarios[${i}]`;
  } else {
    list = [data];
    prefix = () => '';
  }
  if (list.length === 0) problems.add('', 'the file holds no scenario');
  const scenarios: Scenario[] = [];
  list.forEach((item, i) => {
    const scenario = readScenario(item, prefix(i), list.length === 1 ? stem : `${stem}-${i + 1}`, problems);
    if (scenario) scenarios.push(scenario);
  });
  return { scenarios, problems: problems.list };
}

/** A path as shown in messages: relative to the working directory when inside it. */
function displayPath(file: string): string {
  const rel = relative(process.cwd(), file);
  return rel && !rel.startsWith('..') && !isAbsolute(rel) ? rel : file;
}

/**
 * Every scenario file directly inside `dir` (subdirectories are not read), in file-name order; within a
 * file, in the order written. Throws a FixtureError listing every problem of every file.
 */
export function loadScenarioDir(dir: string): Scenario[] {
  let files: { path: string; text: string }[];
  try {
    if (!statSync(dir).isDirectory()) throw new FixtureError([`${displayPath(dir)}: not a directory`]);
    files = fixtureFiles(dir);
  } catch (error) {
    if (error instanceof FixtureError) throw error;
    throw new FixtureError([`${displayPath(dir)}: cannot read the fixtures directory (${error instanceof Error ? error.message : String(error)})`]);
  }
  const problems: string[] = [];
  const scenarios: Scenario[] = [];
  const firstSeen = new Map<string, string>();
  for (const { path, text } of files) {
    const shown = displayPath(path);
    const parsed = parseScenarioFile(shown, text);
    problems.push(...parsed.problems);
    for (const scenario of parsed.scenarios) {
      const earlier = firstSeen.get(scenario.name);
      if (earlier) problems.push(`${shown}: name: "${scenario.name}" is already defined in ${earlier}`);
      else firstSeen.set(scenario.name, shown);
      scenarios.push(scenario);
    }
  }
  if (problems.length > 0) throw new FixtureError(problems);
  return scenarios;
}

let builtIns: readonly Scenario[] | undefined;

/** The scenarios shipped in fixtures/, read once. */
export function builtInScenarios(): readonly Scenario[] {
  builtIns ??= Object.freeze(loadScenarioDir(BUILT_IN_FIXTURES_DIR));
  return builtIns;
}

/** The scenarios in force: the user's (first, so they win) and the built-ins, unless the user's replace them. */
export function scenariosInForce(options: { fixturesDir: string | undefined; fixturesReplace: boolean }): Scenario[] {
  const own = options.fixturesDir ? loadScenarioDir(options.fixturesDir) : [];
  if (options.fixturesReplace) {
    if (!options.fixturesDir) throw new FixtureError(['BU_MOCK_FIXTURES_REPLACE is set but no fixtures directory was given (--fixtures DIR or BU_MOCK_FIXTURES)']);
    return own;
  }
  return [...own, ...builtInScenarios()];
}
