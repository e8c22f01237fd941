// Task-kind files: fixtures/kinds/*.yaml ships the built-in kinds; a user's fixtures directory may hold
// a kinds/ folder of its own, whose kinds are tried first (a kind with a built-in's name replaces it).
// Every file is checked at start-up against the TypeBox format (kind-schema.ts) and a problem is reported
// with file and field, as for scenarios.
import { join } from 'node:path';
import { Value } from '@sinclair/typebox/value';
import { problemsOf } from '../validation/problems.js';
import { BUILT_IN_FIXTURES_DIR, FixtureError, fieldPath } from './fixtures.js';
import type { FixtureOptions } from './fixture-folders.js';
import { fixtureFiles, folderInForce } from './fixture-folders.js';
import { fixtureData } from './fixture-text.js';
import type { KindDocument, WordsDocument } from './kind-schema.js';
import { KindSchema } from './kind-schema.js';
import type { ActionName, FieldSpec, PageType, TaskKind } from './kinds.js';
import { CAPITALISED_GLOBALS, OPTIONAL_GLOBALS, TEMPLATE_GLOBALS } from './content.js';

export const KINDS_FOLDER = 'kinds';
const PLACEHOLDER = /\{([A-Za-z][\w.]*)\}/g;

/** Collects problems for one file, each as `file: field: problem`. */
class KindProblems {
  readonly problems: string[] = [];
  constructor(readonly file: string) {}
  fail(path: string, message: string): void {
    this.problems.push(`${this.file}: ${path ? `${path}: ` : ''}${message}`);
  }
}

const wordList = (value: WordsDocument | undefined): string[] => (value === undefined ? [] : (Array.isArray(value) ? value : [value]).map(String));
const pairOf = (value: number | [number, number] | undefined, fallback: readonly [number, number]): readonly [number, number] =>
  value === undefined ? fallback : typeof value === 'number' ? [value, value] : [value[0], value[1]];

function fieldOf(spec: string | Record<string, unknown>): FieldSpec {
  if (typeof spec === 'string') return { template: spec };
  const [name, range] = Object.entries(spec)[0] ?? [];
  return { [name ?? 'int']: pairOf(range as number | [number, number], [0, 0]) } as FieldSpec;
}

/** The kind a file describes, once the schema has found it well formed: defaults filled, patterns compiled. */
function kindOf(document: KindDocument, stem: string, source: string): TaskKind {
  const sites = wordList(document.sites).map((s) => s.toLowerCase().replace(/^www\./, ''));
  const noun = wordList(document.noun);
  return {
    name: document.name ?? stem,
    description: document.description ?? '',
    match: (Array.isArray(document.match) ? document.match : [document.match]).map((source) => new RegExp(source, 'i')),
    sites,
    count: pairOf(document.count, [3, 5]),
    noun: [noun[0] ?? 'result', noun[1] ?? `${noun[0] ?? 'result'}s`],
    vocab: Object.fromEntries(Object.entries(document.vocab ?? {}).map(([key, list]) => [key, wordList(list)])),
    item: Object.fromEntries(Object.entries(document.item).map(([key, spec]) => [key, fieldOf(spec)])),
    display: { title: document.display.title, detail: document.display.detail ?? '', badge: document.display.badge ?? '' },
    plan: wordList(document.plan),
    steps: document.steps.map((s) => ({ action: s.action as ActionName, page: s.page as PageType, summary: s.summary, result: s.result })),
    form: (document.form ?? []).map((f) => ({ label: f.label, value: f.value, secret: f.secret === true })),
    article: wordList(document.article),
    output: { lead: document.output.lead, line: document.output.line ?? '', tail: document.output.tail ?? '' },
    failure: wordList(document.failure),
    source,
  };
}

function readKind(problems: KindProblems, data: unknown, stem: string): TaskKind | undefined {
  const found = problemsOf(KindSchema, data);
  for (const problem of found) problems.fail(fieldPath('', problem.path), problem.message);
  if (found.length > 0 || !Value.Check(KindSchema, data)) return undefined;
  const kind = kindOf(data, stem, problems.file);
  checkPlaceholders(problems, kind);
  return kind;
}

/** Every {name} in a template must be a global, a vocabulary list, an item field or first.FIELD. */
function checkPlaceholders(reader: KindProblems, kind: TaskKind): void {
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
  const reader = new KindProblems(file);
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
  const problems: string[] = [];
  const kinds: TaskKind[] = [];
  for (const { path, text } of fixtureFiles(dir)) {
    const parsed = parseKindFile(path, text);
    problems.push(...parsed.problems);
    if (parsed.kind) {
      if (kinds.some((k) => k.name === parsed.kind?.name)) problems.push(`${path}: name: "${parsed.kind.name}" is already defined`);
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
export function kindsInForce(options: FixtureOptions): TaskKind[] {
  return folderInForce(options, KINDS_FOLDER, loadKindDir, builtInKinds(), (own, builtIn) => own.name === builtIn.name);
}
