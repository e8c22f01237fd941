// Scenario files: the built-in scenarios live in fixtures/ as YAML, and a user's own directory adds to
// them (in front, so it wins) or replaces them. Every file is validated at start-up; a problem is
// reported with the file and the field, e.g. `fixtures/checkout.yaml: steps.count: expected [min, max]
// with min <= max`, and the emulator refuses to start rather than run with a half-read scenario.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, extname, isAbsolute, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse as parseYaml, YAMLParseError } from 'yaml';
import type { ModelName } from './pricing.js';
import { MODEL_PRICES } from './pricing.js';
import type { Outcome, Range, Scenario, ScenarioFile, ScriptedStep } from './scenario.js';
import { DEFAULT_STEPS } from './scenario.js';

/** The built-in scenarios shipped with the package (fixtures/ next to src/ and dist/). */
export const BUILT_IN_FIXTURES_DIR = fileURLToPath(new URL('../../fixtures/', import.meta.url));

const EXTENSIONS = new Set(['.yaml', '.yml', '.json']);
const OUTCOMES: readonly Outcome[] = ['success', 'failure', 'error', 'timed_out'];
const MODELS = Object.keys(MODEL_PRICES) as ModelName[];
/** Message types a scripted step may use (those the reference lists for agent messages). */
const STEP_TYPES = ['browser_action', 'browser_action_error', 'file_operation', 'code_execution', 'integration', 'planning', 'assistant_message'];
const NAME = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;
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

/** Collects problems for one file; every reader returns a usable value so that all problems are found in one pass. */
class Reader {
  readonly problems: string[] = [];
  constructor(readonly file: string) {}

  fail(path: string, message: string): void {
    this.problems.push(`${this.file}: ${path ? `${path}: ` : ''}${message}`);
  }

  fields(value: Json, path: string, allowed: readonly string[]): void {
    for (const key of Object.keys(value)) {
      if (!allowed.includes(key)) this.fail(join2(path, key), `unknown field (expected one of ${allowed.join(', ')})`);
    }
  }

  string(value: unknown, path: string, options: { required?: boolean; nonEmpty?: boolean } = {}): string | undefined {
    if (value === undefined || value === null) {
      if (options.required) this.fail(path, 'required');
      return undefined;
    }
    if (typeof value !== 'string') {
      this.fail(path, `expected a string, got ${describe(value)}`);
      return undefined;
    }
    if (options.nonEmpty && value.trim() === '') {
      this.fail(path, 'must not be empty');
      return undefined;
    }
    return value;
  }

  boolean(value: unknown, path: string): boolean | undefined {
    if (value === undefined || value === null) return undefined;
    if (typeof value !== 'boolean') {
      this.fail(path, `expected true or false, got ${describe(value)}`);
      return undefined;
    }
    return value;
  }

  integer(value: unknown, path: string, min: number): number | undefined {
    if (value === undefined || value === null) return undefined;
    if (typeof value !== 'number' || !Number.isInteger(value) || value < min) {
      this.fail(path, `expected an integer >= ${min}, got ${describe(value)}`);
      return undefined;
    }
    return value;
  }

  /** `N` (exactly N) or `[min, max]`, integers >= `min`. */
  range(value: unknown, path: string, fallback: Range, min: number): Range {
    if (value === undefined || value === null) return fallback;
    if (typeof value === 'number') {
      if (!Number.isInteger(value) || value < min) {
        this.fail(path, `expected an integer >= ${min} or [min, max], got ${describe(value)}`);
        return fallback;
      }
      return [value, value];
    }
    if (!Array.isArray(value) || value.length !== 2 || !value.every((v) => typeof v === 'number' && Number.isInteger(v))) {
      this.fail(path, `expected [min, max] with min <= max, got ${describe(value)}`);
      return fallback;
    }
    const [lo, hi] = value as [number, number];
    if (lo > hi) {
      this.fail(path, `expected [min, max] with min <= max, got [${lo}, ${hi}]`);
      return fallback;
    }
    if (lo < min) {
      this.fail(path, `expected values >= ${min}, got [${lo}, ${hi}]`);
      return fallback;
    }
    return [lo, hi];
  }
}

const join2 = (path: string, key: string | number): string => (typeof key === 'number' ? `${path}[${key}]` : path ? `${path}.${key}` : key);

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return JSON.stringify(value).slice(0, 60);
  if (typeof value === 'object') return 'an object';
  return JSON.stringify(value).slice(0, 60);
}

/** `/source/flags` or a plain source (case-insensitive). */
function taskPattern(reader: Reader, value: unknown, path: string): RegExp | undefined {
  const text = reader.string(value, path, { nonEmpty: true });
  if (text === undefined) return undefined;
  const literal = /^\/(.+)\/([a-z]*)$/s.exec(text);
  try {
    return literal ? new RegExp(literal[1] ?? '', literal[2]) : new RegExp(text, 'i');
  } catch (error) {
    reader.fail(path, `invalid regular expression: ${error instanceof Error ? error.message : String(error)}`);
    return undefined;
  }
}

const escapeRegExp = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

function readMatch(reader: Reader, value: unknown, path: string): Scenario['match'] {
  if (value === undefined || value === null) return {};
  if (value === false) return { task: NEVER };
  if (!isObject(value)) {
    reader.fail(path, `expected a mapping (or false for a scenario reachable only by name), got ${describe(value)}`);
    return { task: NEVER };
  }
  reader.fields(value, path, ['task', 'taskIncludes', 'model', 'outputSchema', 'workspace']);
  const match: { -readonly [K in keyof Scenario['match']]: Scenario['match'][K] } = {};
  if (value.task !== undefined && value.taskIncludes !== undefined) {
    reader.fail(join2(path, 'taskIncludes'), 'give either task (a regular expression) or taskIncludes (plain text), not both');
  }
  const task = taskPattern(reader, value.task, join2(path, 'task'));
  if (task) match.task = task;
  const includes = reader.string(value.taskIncludes, join2(path, 'taskIncludes'), { nonEmpty: true });
  if (includes !== undefined) match.task = new RegExp(escapeRegExp(includes), 'i');
  if (value.model !== undefined && value.model !== null) {
    const list = Array.isArray(value.model) ? value.model : [value.model];
    const models: ModelName[] = [];
    list.forEach((m, i) => {
      const at = Array.isArray(value.model) ? join2(join2(path, 'model'), i) : join2(path, 'model');
      if (typeof m === 'string' && (MODELS as string[]).includes(m)) models.push(m as ModelName);
      else reader.fail(at, `expected one of ${MODELS.join(', ')}, got ${describe(m)}`);
    });
    if (models.length === 0 && list.length === 0) reader.fail(join2(path, 'model'), 'expected at least one model');
    match.models = models;
  }
  const outputSchema = reader.boolean(value.outputSchema, join2(path, 'outputSchema'));
  if (outputSchema !== undefined) match.outputSchema = outputSchema;
  const workspace = reader.boolean(value.workspace, join2(path, 'workspace'));
  if (workspace !== undefined) match.workspace = workspace;
  return match;
}

function readScriptStep(reader: Reader, value: unknown, path: string): ScriptedStep {
  if (!isObject(value)) {
    reader.fail(path, `expected a mapping with at least a summary, got ${describe(value)}`);
    return { summary: '' };
  }
  reader.fields(value, path, ['summary', 'type', 'data', 'durationMs', 'inputTokens', 'outputTokens', 'proxyKb', 'screenshot']);
  const step: { -readonly [K in keyof ScriptedStep]: ScriptedStep[K] } = { summary: reader.string(value.summary, join2(path, 'summary'), { required: true, nonEmpty: true }) ?? '' };
  const type = reader.string(value.type, join2(path, 'type'));
  if (type !== undefined) {
    if (STEP_TYPES.includes(type)) step.type = type;
    else reader.fail(join2(path, 'type'), `expected one of ${STEP_TYPES.join(', ')}, got ${describe(type)}`);
  }
  if (value.data !== undefined && value.data !== null) step.data = typeof value.data === 'string' ? value.data : JSON.stringify(value.data);
  const durationMs = reader.integer(value.durationMs, join2(path, 'durationMs'), 50);
  if (durationMs !== undefined) step.durationMs = durationMs;
  for (const key of ['inputTokens', 'outputTokens', 'proxyKb'] as const) {
    const n = reader.integer(value[key], join2(path, key), 0);
    if (n !== undefined) step[key] = n;
  }
  const screenshot = reader.boolean(value.screenshot, join2(path, 'screenshot'));
  if (screenshot !== undefined) step.screenshot = screenshot;
  return step;
}

function readSteps(reader: Reader, value: unknown, path: string): Scenario['steps'] {
  if (value === undefined || value === null) return DEFAULT_STEPS;
  if (!isObject(value)) {
    reader.fail(path, `expected a mapping, got ${describe(value)}`);
    return DEFAULT_STEPS;
  }
  reader.fields(value, path, ['count', 'durationMs', 'inputTokens', 'outputTokens', 'proxyKb', 'script']);
  const steps: { -readonly [K in keyof Scenario['steps']]: Scenario['steps'][K] } = {
    count: reader.range(value.count, join2(path, 'count'), DEFAULT_STEPS.count, 1),
    durationMs: reader.range(value.durationMs, join2(path, 'durationMs'), DEFAULT_STEPS.durationMs, 50),
    inputTokens: reader.range(value.inputTokens, join2(path, 'inputTokens'), DEFAULT_STEPS.inputTokens, 0),
    outputTokens: reader.range(value.outputTokens, join2(path, 'outputTokens'), DEFAULT_STEPS.outputTokens, 0),
    proxyKb: reader.range(value.proxyKb, join2(path, 'proxyKb'), DEFAULT_STEPS.proxyKb, 0),
  };
  if (value.script !== undefined && value.script !== null) {
    if (!Array.isArray(value.script) || value.script.length === 0) {
      reader.fail(join2(path, 'script'), 'expected a non-empty list of steps');
    } else {
      if (value.count !== undefined) reader.fail(join2(path, 'count'), 'not allowed together with script (the script fixes the number of steps)');
      steps.script = value.script.map((s, i) => readScriptStep(reader, s, join2(join2(path, 'script'), i)));
    }
  }
  return steps;
}

function readFiles(reader: Reader, value: unknown, path: string): ScenarioFile[] | undefined {
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value)) {
    reader.fail(path, `expected a list of {path, content}, got ${describe(value)}`);
    return undefined;
  }
  return value.map((f, i) => {
    const at = join2(path, i);
    if (!isObject(f)) {
      reader.fail(at, `expected {path, content}, got ${describe(f)}`);
      return { path: '', content: '' };
    }
    reader.fields(f, at, ['path', 'content']);
    const filePath = reader.string(f.path, join2(at, 'path'), { required: true, nonEmpty: true }) ?? '';
    if (filePath.startsWith('/') || filePath.split('/').includes('..')) reader.fail(join2(at, 'path'), 'expected a relative path inside the workspace');
    const content = typeof f.content === 'string' ? f.content : f.content === undefined ? (reader.fail(join2(at, 'content'), 'required'), '') : JSON.stringify(f.content, null, 2);
    return { path: filePath, content };
  });
}

const SCENARIO_FIELDS = ['name', 'description', 'match', 'outcome', 'steps', 'output', 'message', 'files'];

/** Validates one scenario mapping; `path` is its place in the file ('' for a file holding one scenario). */
function readScenario(reader: Reader, value: unknown, path: string, defaultName: string): Scenario | undefined {
  if (!isObject(value)) {
    reader.fail(path, `expected a scenario mapping, got ${describe(value)}`);
    return undefined;
  }
  reader.fields(value, path, SCENARIO_FIELDS);
  let name = reader.string(value.name, join2(path, 'name'), { nonEmpty: true }) ?? defaultName;
  if (!NAME.test(name)) {
    reader.fail(join2(path, 'name'), `expected letters, digits, ".", "_" or "-" (usable in Prefer: scenario=NAME), got ${describe(name)}`);
    name = defaultName;
  }
  let outcome: Outcome = 'success';
  if (value.outcome !== undefined) {
    if (typeof value.outcome === 'string' && (OUTCOMES as string[]).includes(value.outcome)) outcome = value.outcome as Outcome;
    else {
      const hint = value.outcome === 'cost_limit' ? ' (a task stops at its cost cap when its steps cost more than its maxCostUsd: raise steps.inputTokens)' : '';
      reader.fail(join2(path, 'outcome'), `expected one of ${OUTCOMES.join(', ')}, got ${describe(value.outcome)}${hint}`);
    }
  }
  const scenario: { -readonly [K in keyof Scenario]: Scenario[K] } = {
    name,
    description: reader.string(value.description, join2(path, 'description')) ?? '',
    match: readMatch(reader, value.match, join2(path, 'match')),
    outcome,
    steps: readSteps(reader, value.steps, join2(path, 'steps')),
    source: reader.file,
  };
  if (value.output !== undefined && value.output !== null) {
    if (outcome === 'error' || outcome === 'timed_out') reader.fail(join2(path, 'output'), `not used when outcome is ${outcome} (such runs end with output null)`);
    scenario.output = value.output;
  }
  const message = reader.string(value.message, join2(path, 'message'), { nonEmpty: true });
  if (message !== undefined) scenario.message = message;
  const files = readFiles(reader, value.files, join2(path, 'files'));
  if (files) scenario.files = files;
  return scenario;
}

/** Parses one scenario file's text: a single scenario, a list, or `{scenarios: [...]}`. */
export function parseScenarioFile(file: string, text: string): { scenarios: Scenario[]; problems: string[] } {
  const reader = new Reader(file);
  let data: unknown;
  try {
    data = extname(file).toLowerCase() === '.json' ? JSON.parse(text) : parseYaml(text);
  } catch (error) {
    const where = error instanceof YAMLParseError && error.linePos ? ` at line ${error.linePos[0].line}, column ${error.linePos[0].col}` : '';
    // The parser appends the position and a source excerpt; the position is given separately.
    const message = error instanceof Error ? (error.message.split('\n')[0] ?? '').replace(/ at line \d+, column \d+:?$/, '') : String(error);
    reader.fail('', `cannot parse${where}: ${message}`);
    return { scenarios: [], problems: reader.problems };
  }
  const stem = basename(file, extname(file)).replace(/^\d+[-_]/, '');
  let list: unknown[];
  let prefix: (i: number) => string;
  if (Array.isArray(data)) {
    list = data;
    prefix = (i) => `[${i}]`;
  } else if (isObject(data) && Array.isArray(data.scenarios)) {
    reader.fields(data, '', ['scenarios']);
    list = data.scenarios;
    prefix = (i) => `scenarios[${i}]`;
  } else {
    list = [data];
    prefix = () => '';
  }
  if (list.length === 0) reader.fail('', 'the file holds no scenario');
  const scenarios: Scenario[] = [];
  list.forEach((item, i) => {
    const scenario = readScenario(reader, item, prefix(i), list.length === 1 ? stem : `${stem}-${i + 1}`);
    if (scenario) scenarios.push(scenario);
  });
  return { scenarios, problems: reader.problems };
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
  let names: string[];
  try {
    if (!statSync(dir).isDirectory()) throw new FixtureError([`${displayPath(dir)}: not a directory`]);
    names = readdirSync(dir);
  } catch (error) {
    if (error instanceof FixtureError) throw error;
    throw new FixtureError([`${displayPath(dir)}: cannot read the fixtures directory (${error instanceof Error ? error.message : String(error)})`]);
  }
  const problems: string[] = [];
  const scenarios: Scenario[] = [];
  const firstSeen = new Map<string, string>();
  for (const name of names.filter((n) => EXTENSIONS.has(extname(n).toLowerCase())).sort()) {
    const full = join(dir, name);
    if (!statSync(full).isFile()) continue;
    const shown = displayPath(full);
    const parsed = parseScenarioFile(shown, readFileSync(full, 'utf8'));
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
