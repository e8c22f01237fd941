// Task-kind files: fixtures/kinds/*.yaml ships the built-in kinds; a user's fixtures directory may hold
// a kinds/ folder of its own, whose kinds are tried first (a kind with a built-in's name replaces it).
// Every file is checked at start-up and a problem is reported with file and field, as for scenarios.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { extname, join } from 'node:path';
import { BUILT_IN_FIXTURES_DIR, FixtureError } from './fixtures.js';
import { fixtureData } from './fixture-text.js';
import type { ActionName, FieldSpec, FormField, KindStep, PageType, TaskKind } from './kinds.js';
import { ACTIONS, PAGES } from './kinds.js';
import { CAPITALISED_GLOBALS, OPTIONAL_GLOBALS, TEMPLATE_GLOBALS } from './content.js';

export const KINDS_FOLDER = 'kinds';
const EXTENSIONS = new Set(['.yaml', '.yml', '.json']);
const FIELDS = ['name', 'description', 'match', 'sites', 'count', 'noun', 'vocab', 'item', 'display', 'plan', 'steps', 'form', 'article', 'output', 'failure'];
const FIELD_GENERATORS = ['price', 'rating', 'int', 'hour', 'minutes', 'days'] as const;
const PLACEHOLDER = /\{([A-Za-z][\w.]*)\}/g;

type Json = { [key: string]: unknown };
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

class KindReader {
  readonly problems: string[] = [];
  constructor(readonly file: string) {}
  fail(path: string, message: string): void {
    this.problems.push(`${this.file}: ${path ? `${path}: ` : ''}${message}`);
  }
  string(value: unknown, path: string, fallback: string, required = false): string {
    if (value === undefined || value === null) {
      if (required) this.fail(path, 'required');
      return fallback;
    }
    if (typeof value !== 'string') {
      this.fail(path, `expected a string, got ${JSON.stringify(value).slice(0, 60)}`);
      return fallback;
    }
    return value;
  }
  strings(value: unknown, path: string, required = false): string[] {
    if (value === undefined || value === null) {
      if (required) this.fail(path, 'required');
      return [];
    }
    const list = Array.isArray(value) ? value : [value];
    // YAML reads `2` and `true` as scalars of their own; in a word list they are words.
    return list.map((v, i) => this.string(typeof v === 'number' || typeof v === 'boolean' ? String(v) : v, `${path}[${i}]`, ''));
  }
  pair(value: unknown, path: string, fallback: readonly [number, number]): readonly [number, number] {
    if (value === undefined || value === null) return fallback;
    if (typeof value === 'number') return [value, value];
    if (Array.isArray(value) && value.length === 2 && value.every((v) => typeof v === 'number' && Number.isFinite(v)) && (value[0] as number) <= (value[1] as number)) {
      return [value[0] as number, value[1] as number];
    }
    this.fail(path, `expected [min, max] with min <= max, got ${JSON.stringify(value).slice(0, 60)}`);
    return fallback;
  }
}

function readField(reader: KindReader, value: unknown, path: string): FieldSpec {
  if (typeof value === 'string') return { template: value };
  if (isObject(value)) {
    const keys = Object.keys(value);
    const key = keys[0];
    if (keys.length === 1 && key && (FIELD_GENERATORS as readonly string[]).includes(key)) {
      const range = reader.pair(value[key], `${path}.${key}`, [0, 0]);
      return { [key]: range } as FieldSpec;
    }
  }
  reader.fail(path, `expected a template string or one of {${FIELD_GENERATORS.join(': [min, max]}, {')}: [min, max]}`);
  return { template: '' };
}

function readKind(reader: KindReader, data: unknown, stem: string): TaskKind | undefined {
  if (!isObject(data)) {
    reader.fail('', 'expected a mapping describing one task kind');
    return undefined;
  }
  for (const key of Object.keys(data)) if (!FIELDS.includes(key)) reader.fail(key, `unknown field (expected one of ${FIELDS.join(', ')})`);
  const name = reader.string(data.name, 'name', stem);
  const match = reader.strings(data.match, 'match', true).flatMap((source, i) => {
    try {
      return [new RegExp(source, 'i')];
    } catch (error) {
      reader.fail(`match[${i}]`, `invalid regular expression: ${error instanceof Error ? error.message : String(error)}`);
      return [];
    }
  });
  const sites = reader.strings(data.sites, 'sites', true).map((s) => s.toLowerCase().replace(/^www\./, ''));
  if (sites.length === 0 && data.sites !== undefined) reader.fail('sites', 'expected at least one site');
  const noun = reader.strings(data.noun, 'noun');
  const vocab: Record<string, string[]> = {};
  if (data.vocab !== undefined) {
    if (!isObject(data.vocab)) reader.fail('vocab', 'expected a mapping of word lists');
    else for (const [key, list] of Object.entries(data.vocab)) {
      vocab[key] = reader.strings(list, `vocab.${key}`);
      if (vocab[key].length === 0) reader.fail(`vocab.${key}`, 'expected a non-empty list');
    }
  }
  const item: Record<string, FieldSpec> = {};
  if (!isObject(data.item)) reader.fail('item', 'required: a mapping of field name to generator');
  else for (const [key, spec] of Object.entries(data.item)) item[key] = readField(reader, spec, `item.${key}`);
  const display = isObject(data.display) ? data.display : {};
  if (!isObject(data.display)) reader.fail('display', 'required: {title, detail, badge}');
  const output = isObject(data.output) ? data.output : {};
  if (!isObject(data.output)) reader.fail('output', 'required: {lead, line, tail}');
  const steps: KindStep[] = [];
  if (!Array.isArray(data.steps) || data.steps.length === 0) reader.fail('steps', 'required: a non-empty list of {action, page, summary, result}');
  else data.steps.forEach((s, i) => {
    const at = `steps[${i}]`;
    if (!isObject(s)) return reader.fail(at, 'expected {action, page, summary, result}');
    const action = reader.string(s.action, `${at}.action`, 'click', true);
    if (!(ACTIONS as readonly string[]).includes(action)) reader.fail(`${at}.action`, `expected one of ${ACTIONS.join(', ')}`);
    const page = reader.string(s.page, `${at}.page`, 'results', true);
    if (!(PAGES as readonly string[]).includes(page)) reader.fail(`${at}.page`, `expected one of ${PAGES.join(', ')}`);
    steps.push({ action: action as ActionName, page: page as PageType, summary: reader.string(s.summary, `${at}.summary`, '', true), result: reader.string(s.result, `${at}.result`, '', true) });
  });
  const form: FormField[] = [];
  if (data.form !== undefined) {
    if (!Array.isArray(data.form)) reader.fail('form', 'expected a list of {label, value, secret}');
    else data.form.forEach((f, i) => {
      if (!isObject(f)) return reader.fail(`form[${i}]`, 'expected {label, value}');
      form.push({ label: reader.string(f.label, `form[${i}].label`, '', true), value: reader.string(f.value, `form[${i}].value`, '', true), secret: f.secret === true });
    });
  }
  const kind: TaskKind = {
    name,
    description: reader.string(data.description, 'description', ''),
    match,
    sites: sites.length > 0 ? sites : ['google.com'],
    count: reader.pair(data.count, 'count', [3, 5]),
    noun: [noun[0] ?? 'result', noun[1] ?? `${noun[0] ?? 'result'}s`],
    vocab,
    item,
    display: { title: reader.string(display.title, 'display.title', '', true), detail: reader.string(display.detail, 'display.detail', ''), badge: reader.string(display.badge, 'display.badge', '') },
    plan: reader.strings(data.plan, 'plan', true),
    steps,
    form,
    article: reader.strings(data.article, 'article'),
    output: { lead: reader.string(output.lead, 'output.lead', '', true), line: reader.string(output.line, 'output.line', ''), tail: reader.string(output.tail, 'output.tail', '') },
    failure: reader.strings(data.failure, 'failure', true),
    source: reader.file,
  };
  if (kind.count[0] < 1 || kind.count[1] > 50) reader.fail('count', 'expected numbers between 1 and 50');
  checkPlaceholders(reader, kind);
  return kind;
}

/** Every {name} in a template must be a global, a vocabulary list, an item field or first.FIELD. */
function checkPlaceholders(reader: KindReader, kind: TaskKind): void {
  const fields = new Set(Object.keys(kind.item));
  const known = (key: string, inItem: boolean): boolean =>
    TEMPLATE_GLOBALS.includes(key) || key in kind.vocab || (inItem && (fields.has(key) || key === 'i')) || (key.startsWith('first.') && fields.has(key.slice(6)));
  const check = (text: string, path: string, inItem: boolean): void => {
    for (const m of text.matchAll(PLACEHOLDER)) {
      const written = m[1] ?? '';
      if (inItem && fields.has(written)) continue;
      const key = CAPITALISED_GLOBALS[written] ?? written;
      if (OPTIONAL_GLOBALS.includes(key) && !(key in kind.vocab)) reader.fail(path, `{${key}} comes from the task only when it names one: add a vocab.${key} list to fall back on`);
      else if (!known(key, inItem) && !OPTIONAL_GLOBALS.includes(key)) reader.fail(path, `unknown placeholder {${key}}`);
    }
  };
  for (const [key, spec] of Object.entries(kind.item)) if ('template' in spec) check(spec.template, `item.${key}`, true);
  check(kind.display.title, 'display.title', true);
  check(kind.display.detail, 'display.detail', true);
  check(kind.display.badge, 'display.badge', true);
  check(kind.output.line, 'output.line', true);
  check(kind.output.lead, 'output.lead', false);
  check(kind.output.tail, 'output.tail', false);
  kind.plan.forEach((p, i) => check(p, `plan[${i}]`, false));
  kind.steps.forEach((s, i) => {
    check(s.summary, `steps[${i}].summary`, false);
    check(s.result, `steps[${i}].result`, false);
  });
  kind.form.forEach((f, i) => check(f.value, `form[${i}].value`, false));
  kind.article.forEach((a, i) => check(a, `article[${i}]`, false));
  kind.failure.forEach((f, i) => check(f, `failure[${i}]`, false));
}

export function parseKindFile(file: string, text: string): { kind: TaskKind | undefined; problems: string[] } {
  const reader = new KindReader(file);
  let data: unknown;
  try {
    data = fixtureData(file, text);
  } catch (error) {
    reader.fail('', `cannot parse: ${error instanceof Error ? (error.message.split('\n')[0] ?? '') : String(error)}`);
    return { kind: undefined, problems: reader.problems };
  }
  const stem = file.split(/[\\/]/).pop()?.replace(/\.[^.]+$/, '').replace(/^\d+[-_]/, '') ?? 'kind';
  return { kind: readKind(reader, data, stem), problems: reader.problems };
}

/** The kind files directly inside `dir`, in file-name order. Throws a FixtureError listing every problem. */
export function loadKindDir(dir: string): TaskKind[] {
  const names = readdirSync(dir).filter((n) => EXTENSIONS.has(extname(n).toLowerCase())).sort();
  const problems: string[] = [];
  const kinds: TaskKind[] = [];
  for (const name of names) {
    const full = join(dir, name);
    if (!statSync(full).isFile()) continue;
    const parsed = parseKindFile(full, readFileSync(full, 'utf8'));
    problems.push(...parsed.problems);
    if (parsed.kind) {
      if (kinds.some((k) => k.name === parsed.kind?.name)) problems.push(`${full}: name: "${parsed.kind.name}" is already defined`);
      kinds.push(parsed.kind);
    }
  }
  if (problems.length > 0) throw new FixtureError(problems);
  return kinds;
}

let builtIns: readonly TaskKind[] | undefined;

export function builtInKinds(): readonly TaskKind[] {
  builtIns ??= Object.freeze(loadKindDir(join(BUILT_IN_FIXTURES_DIR, KINDS_FOLDER)));
  return builtIns;
}

/**
 * The kinds in force: the user's kinds/ folder first (a same-named kind replaces the built-in), then the
 * built-ins. With replace, a user folder that has kinds/ replaces them all; one without keeps the built-ins.
 */
export function kindsInForce(options: { fixturesDir: string | undefined; fixturesReplace: boolean }): TaskKind[] {
  const dir = options.fixturesDir ? join(options.fixturesDir, KINDS_FOLDER) : undefined;
  const own = dir && existsSync(dir) && statSync(dir).isDirectory() ? loadKindDir(dir) : undefined;
  if (!own) return [...builtInKinds()];
  if (options.fixturesReplace) return own;
  const names = new Set(own.map((k) => k.name));
  return [...own, ...builtInKinds().filter((k) => !names.has(k.name))];
}
