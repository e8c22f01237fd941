// The world a run sees: the site it visits, the items its pages list, the form it fills, the article it
// reads and the answer it gives, built from the task's kind and facts. A pure function of (kind, facts,
// seed): the same task and seed always give the same content.
import type { FieldSpec, KindStep, PageType, TaskKind } from './kinds.js';
import { addDays } from './calendar.js';
import { Rng, hash32 } from './random.js';
import type { TaskFacts } from './task-facts.js';
import { redact } from './task-facts.js';

export interface ContentItem {
  /** Formatted values by field name, as pages and answers show them. */
  values: Record<string, string>;
  /** Numeric values of the numeric fields (price in dollars, rating, hour of day, minutes, ...). */
  numbers: Record<string, number>;
}

export interface ContentRow {
  title: string;
  detail: string;
  badge: string;
}

export interface RunContent {
  kind: string;
  site: string;
  /** https://www.site/ (or the site itself when it has a subdomain). */
  home: string;
  query: string;
  noun: readonly [string, string];
  items: ContentItem[];
  rows: ContentRow[];
  form: { label: string; value: string; secret: boolean }[];
  article: string[];
  /** Heading of article and detail pages. */
  heading: string;
  /** Heading of result lists and tables: the first sentence of the answer. */
  listHeading: string;
  /** URL the task gave, if any. */
  taskUrl: string | null;
  plan: string;
  steps: { action: string; page: PageType; summary: string; result: string }[];
  answer: string;
  failure: string;
  /** The files an export writes, if the task asks for any: each named file, or one in the asked format. */
  files: { path: string; content: string }[];
  vars: Record<string, string>;
}

/** Placeholders filled from the task only when it gives them: a kind that uses one needs a vocab list of the same name. */
export const OPTIONAL_GLOBALS = ['topic', 'place', 'language', 'repo', 'message'];
/** Capitalised forms of optional placeholders, available when their base is. */
export const CAPITALISED_GLOBALS: Readonly<Record<string, string>> = { Topic: 'topic' };

/** Placeholders every template may use. */
export const TEMPLATE_GLOBALS = [
  'site', 'Site', 'home', 'url', 'query', 'Query', 'Item', 'city', 'origin', 'destination', 'date', 'isodate', 'time', 'name',
  'email', 'username', 'n', 'noun', 'nouns', 'Nouns', 'bounds', 'file', 'party', 'title', 'slug', 'code', 'num', 'path',
];

const CITIES = ['Lisbon', 'Chicago', 'Berlin', 'Toronto', 'Madrid', 'Seattle', 'Amsterdam', 'Denver', 'Vienna', 'Austin'];
const FIRST = ['Maya', 'Jonas', 'Priya', 'Lucas', 'Elena', 'Omar', 'Hannah', 'Diego', 'Aiko', 'Samuel', 'Clara', 'Noah'];
const LAST = ['Patel', 'Fischer', 'Okafor', 'Moreau', 'Lindqvist', 'Tanaka', 'Rossi', 'Novak', 'Garcia', 'Brennan', 'Kowalski', 'Haddad'];
const PLACEHOLDER = /\{([A-Za-z][\w.]*)\}/g;

/** Code units that \s matches, plus / and -: a lower-case letter after one starts a word. */
const WORD_START = /[\s/-]/;

// Space, - and / directly; the regular expression only for the rarer whitespace (tabs, Unicode spaces).
const startsWord = (c: number): boolean => c === 32 || c === 45 || c === 47 || ((c < 32 || c >= 160) && WORD_START.test(String.fromCharCode(c)));

/** Upper-cases a-z at the start of the text and after whitespace, / or - (a loop: the regex replace with a callback was a hot spot). */
export function capitalise(text: string): string {
  let out = '';
  let from = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 97 && c <= 122 && (i === 0 || startsWord(text.charCodeAt(i - 1)))) {
      out += text.slice(from, i) + String.fromCharCode(c - 32);
      from = i + 1;
    }
  }
  return from === 0 ? text : out + text.slice(from);
}

const slugOf = (text: string): string =>
  text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 48) || 'item';

/** Sites are visited as named (no www. added): URLs stay on the task's site. */
const hostOf = (site: string): string => site;

function alnum(rng: Rng, length: number): string {
  const chars = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
  let out = '';
  for (let i = 0; i < length; i++) out += chars[rng.int(0, chars.length - 1)];
  return out;
}

function formatHour(hour: number): string {
  const h = Math.floor(hour);
  const m = Math.round((hour - h) * 60);
  const h12 = h % 12 === 0 ? 12 : h % 12;
  return `${h12}:${String(m).padStart(2, '0')} ${h < 12 ? 'AM' : 'PM'}`;
}

/** The site a run visits: the one the task names, one of the kind's sites the task mentions by name, or the kind's first. */
export function siteFor(kind: TaskKind, facts: TaskFacts): string {
  if (facts.site) return facts.site;
  const words = wordsOf(facts);
  return kind.sites.find((s) => brandOf(s).length >= 3 && words.has(brandOf(s))) ?? kind.sites[0] ?? 'google.com';
}

const brands = new Map<string, string>();

/** "news.ycombinator.com" → "ycombinator", "github.com" → "github". Kept: kind selection asks for every site's. */
export function brandOf(site: string): string {
  let brand = brands.get(site);
  if (brand === undefined) {
    const parts = site.split('.');
    brand = (parts.length >= 2 ? parts[parts.length - 2] : parts[0]) ?? site;
    if (brands.size > 10_000) brands.clear();
    brands.set(site, brand);
  }
  return brand;
}

const NOT_WORD = /[^a-z0-9]+/;

/** The lower-case words of a task. */
export const wordsOf = (facts: TaskFacts): ReadonlySet<string> => new Set(facts.text.toLowerCase().split(NOT_WORD));

function boundsPhrase(facts: TaskFacts): string {
  const parts: string[] = [];
  if (facts.price.min !== undefined && facts.price.max !== undefined) parts.push(`between $${facts.price.min} and $${facts.price.max}`);
  else if (facts.price.max !== undefined) parts.push(`under $${facts.price.max}`);
  else if (facts.price.min !== undefined) parts.push(`over $${facts.price.min}`);
  if (facts.rating.min !== undefined) parts.push(`rated ${facts.rating.min} stars or more`);
  if (facts.hour.max !== undefined) parts.push(`before ${formatHour(facts.hour.max)}`);
  if (facts.hour.min !== undefined) parts.push(`after ${formatHour(facts.hour.min)}`);
  return parts.length > 0 ? ` ${parts.join(', ')}` : '';
}

/** A numeric range narrowed to what the task allows. */
function narrowed([lo, hi]: readonly [number, number], bounds: { min?: number; max?: number }, step: number): [number, number] {
  let low = lo;
  let high = hi;
  if (bounds.max !== undefined && bounds.max - step < high) {
    high = bounds.max - step;
    if (low > high) low = Math.max(0, high * 0.45);
  }
  if (bounds.min !== undefined && bounds.min > low) {
    low = bounds.min;
    if (high < low) high = low + (hi - lo) * 0.3;
  }
  return [low, Math.max(low, high)];
}

/** What a template is rendered against. One object per run, its item fields set as items are made. */
interface Scope {
  vars: Record<string, string>;
  vocab: Readonly<Record<string, readonly string[]>>;
  rng: Rng;
  item: ContentItem | undefined;
  index: number;
  first: ContentItem | undefined;
}

/** A placeholder; `first` is the field name of a {first.FIELD}. */
interface Slot {
  key: string;
  first: string | null;
}
/** A template split once into literal text (strings) and placeholders ({key}). */
type Compiled = readonly (string | Slot)[];
const compiledTemplates = new Map<string, Compiled>();

function compile(template: string): Compiled {
  let parts = compiledTemplates.get(template);
  if (!parts) {
    const out: (string | Slot)[] = [];
    let last = 0;
    for (const m of template.matchAll(PLACEHOLDER)) {
      if (m.index > last) out.push(template.slice(last, m.index));
      const key = m[1] ?? '';
      out.push({ key, first: key.startsWith('first.') ? key.slice(6) : null });
      last = m.index + m[0].length;
    }
    if (last < template.length) out.push(template.slice(last));
    parts = out;
    // Templates come from the kinds in force: a bounded set, but guard against growth anyway.
    if (compiledTemplates.size > 5000) compiledTemplates.clear();
    compiledTemplates.set(template, parts);
  }
  return parts;
}

const render = (template: string, scope: Scope, nested = false): string => renderParts(compile(template), scope, nested);

function renderParts(parts: Compiled, scope: Scope, nested = false): string {
  let out = '';
  for (const part of parts) out += typeof part === 'string' ? part : valueOf(part, scope, nested);
  return out;
}

function valueOf({ key, first }: Slot, scope: Scope, nested: boolean): string {
  const item = scope.item;
  if (item && key in item.values) return item.values[key] ?? '';
  if (key === 'i' && item) return String(scope.index + 1);
  if (first !== null) return scope.first?.values[first] ?? '';
  const known = scope.vars[key];
  if (known !== undefined) return known;
  const list = scope.vocab[key];
  // A word list entry may itself hold placeholders (one level deep).
  if (list && list.length > 0) {
    const picked = scope.rng.pick(list);
    return !nested && picked.includes('{') ? render(picked, scope, true) : picked;
  }
  if (key === 'code') return alnum(scope.rng, 6);
  if (key === 'num') return String(scope.rng.int(100, 9999));
  return `{${key}}`;
}

/** Whether rendering `parts` outside an item reads only run values and first items, drawing nothing from the stream. */
const drawsNothing = (parts: Compiled, scope: Scope): boolean =>
  parts.every((part) => typeof part === 'string' || part.first !== null || scope.vars[part.key] !== undefined);

/** Renders with `item` (and its position) in scope, then takes it out again. */
function renderItem(parts: Compiled, scope: Scope, item: ContentItem, index: number): string {
  const savedItem = scope.item;
  const savedIndex = scope.index;
  scope.item = item;
  scope.index = index;
  const out = renderParts(parts, scope);
  scope.item = savedItem;
  scope.index = savedIndex;
  return out;
}

/** The templates a kind renders once per item, compiled once per kind. */
interface ItemTemplates {
  /** Item fields in order, with the compiled template of template fields. */
  fields: readonly (readonly [string, FieldSpec, Compiled])[];
  title: Compiled;
  detail: Compiled;
  badge: Compiled;
  line: Compiled;
  /** The title shows item fields only: the same text whatever the stream, position or run around it. */
  titleOfItemOnly: boolean;
}
const itemTemplates = new WeakMap<TaskKind, ItemTemplates>();

function itemTemplatesOf(kind: TaskKind): ItemTemplates {
  let templates = itemTemplates.get(kind);
  if (!templates) {
    const title = compile(kind.display.title);
    templates = {
      fields: Object.entries(kind.item).map(([field, spec]) => [field, spec, 'template' in spec ? compile(spec.template) : []] as const),
      title,
      detail: compile(kind.display.detail),
      badge: compile(kind.display.badge),
      line: compile(kind.output.line),
      titleOfItemOnly: title.every((part) => typeof part === 'string' || Object.hasOwn(kind.item, part.key)),
    };
    itemTemplates.set(kind, templates);
  }
  return templates;
}

/** Item `index` of the run; `scope.rng` is the item's own stream. */
function itemFor(fields: ItemTemplates['fields'], facts: TaskFacts, scope: Scope, site: string, index: number): ContentItem {
  const item: ContentItem = { values: {}, numbers: {} };
  const { rng } = scope;
  const savedItem = scope.item;
  const savedIndex = scope.index;
  scope.item = item;
  scope.index = index;
  for (const [field, spec, template] of fields) {
    let value: string;
    if ('template' in spec) {
      value = renderParts(template, scope);
      if (field === 'url' || field === 'link') value = value.startsWith('/') ? `https://${hostOf(site)}${value}` : value;
    } else if ('price' in spec) {
      const [lo, hi] = narrowed(spec.price, facts.price, 0.01);
      const n = Math.round((lo + rng.next() * (hi - lo)) * 100) / 100;
      const cents = n >= 20 ? Math.floor(n) + rng.pick([0.99, 0.95, 0.49, 0]) : n;
      const price = Math.min(hi, Math.max(lo, Math.round(cents * 100) / 100));
      item.numbers[field] = price;
      value = `$${price.toFixed(2)}`;
    } else if ('rating' in spec) {
      const [lo, hi] = narrowed(spec.rating, facts.rating, 0);
      const r = Math.min(5, Math.ceil((lo + rng.next() * (hi - lo)) * 10 - 1e-9) / 10);
      item.numbers[field] = r;
      value = r.toFixed(1);
    } else if ('int' in spec) {
      const n = rng.int(Math.round(spec.int[0]), Math.round(spec.int[1]));
      item.numbers[field] = n;
      value = String(n);
    } else if ('hour' in spec) {
      const [lo, hi] = narrowed(spec.hour, facts.hour, 5 / 60);
      const h = Math.floor((lo + rng.next() * (hi - lo)) * 12) / 12;
      const hour = Math.max(lo, Math.min(hi, h));
      item.numbers[field] = hour;
      value = formatHour(hour);
    } else if ('minutes' in spec) {
      const m = rng.int(spec.minutes[0], spec.minutes[1]);
      item.numbers[field] = m;
      value = m >= 60 ? `${Math.floor(m / 60)}h ${String(m % 60).padStart(2, '0')}m` : `${m} min`;
    } else {
      // A fixed offset makes a sequence: item i is i days later (a forecast, a list of dates).
      const d = spec.days[0] === spec.days[1] ? spec.days[0] + index : rng.int(spec.days[0], spec.days[1]);
      item.numbers[field] = d;
      value = addDays(scope.vars.isodate ?? '2026-12-04', d);
    }
    item.values[field] = value;
  }
  scope.item = savedItem;
  scope.index = savedIndex;
  return item;
}

function sortItems(items: ContentItem[], facts: TaskFacts): void {
  const by = (field: string, dir: number): void => {
    if (items.every((i) => field in i.numbers)) items.sort((a, b) => dir * ((a.numbers[field] ?? 0) - (b.numbers[field] ?? 0)));
  };
  if (facts.order === 'price') by('price', 1);
  else if (facts.order === 'rating') by('rating', -1);
  else if (facts.order === 'recent') by('published', -1);
}

/** The global placeholders of a run. */
function variablesOf(kind: TaskKind, facts: TaskFacts, site: string, rng: Rng, count: number): Record<string, string> {
  const topic = topicWords(kind, facts.query, site);
  const query = topic || facts.places[0] || kind.noun[1];
  const person = facts.names[0] ?? `${rng.pick(FIRST)} ${rng.pick(LAST)}`;
  const city = facts.places.find((p) => p !== facts.origin) ?? facts.places[0] ?? kind.vocab.city?.[0] ?? rng.pick(CITIES);
  const origin = facts.origin ?? (facts.destination ? rng.pick(CITIES.filter((c) => c !== facts.destination)) : rng.pick(CITIES));
  const destination = facts.destination ?? facts.places.find((p) => p !== origin) ?? rng.pick(CITIES.filter((c) => c !== origin));
  const isodate = facts.isoDate ?? addDays('2026-12-01', rng.int(2, 20));
  const [first = 'maya', last = 'patel'] = person.toLowerCase().split(/\s+/);
  const title = facts.url ? titleFromUrl(facts.url) : capitalise(query);
  const slug = slugOf(query);
  const urlPath = facts.url ? pathOf(facts.url) : `/${slug}`;
  const vars: Record<string, string> = {
    site,
    Site: capitalise(brandOf(site)),
    home: `https://${hostOf(site)}/`,
    url: facts.url ?? `https://${hostOf(site)}/`,
    path: urlPath,
    query,
    Query: capitalise(query),
    // One of what the query names, for an item's own name: "wireless mice" lists a "Wireless Mouse".
    Item: capitalise(singularPhrase(query)),
    city,
    origin,
    destination,
    date: facts.datePhrase ?? isodate,
    isodate,
    time: facts.timePhrase ?? `${rng.int(6, 8)}:${rng.pick(['00', '30'])} PM`,
    name: person,
    email: facts.email ?? `${first}.${last}@${rng.pick(['gmail.com', 'outlook.com', 'proton.me', 'fastmail.com'])}`,
    username: facts.username ?? facts.email ?? `${first}${last.slice(0, 1)}${rng.int(10, 99)}`,
    n: String(count),
    noun: count === 1 ? kind.noun[0] : kind.noun[1],
    nouns: kind.noun[1],
    Nouns: capitalise(kind.noun[1]),
    bounds: boundsPhrase(facts),
    file: '',
    party: String(facts.partySize ?? 2),
    title,
    slug,
  };
  // What the task gives of the optional placeholders, in this order (the order of vars is part of the output).
  setGiven(vars, 'topic', topic);
  setGiven(vars, 'place', facts.venue);
  setGiven(vars, 'language', facts.language);
  setGiven(vars, 'repo', facts.repo);
  setGiven(vars, 'message', facts.quote);
  // For matching enum values against the task's words; not a template placeholder.
  vars.taskWords = ` ${facts.text.toLowerCase().replace(/[^a-z0-9]+/g, ' ')} `;
  return vars;
}

function setGiven(vars: Record<string, string>, key: string, value: string | null | undefined): void {
  if (typeof value === 'string' && value !== '') vars[key] = value;
}

const nounPatterns = new WeakMap<TaskKind, RegExp | null>();

/**
 * The task's subject: its content words without the kind's own words (those of its first match
 * pattern: "weather", "flights", "jobs") or the site's brand.
 */
function topicWords(kind: TaskKind, query: string, site: string): string {
  let pattern = nounPatterns.get(kind);
  if (pattern === undefined) nounPatterns.set(kind, (pattern = kind.match[0] ? new RegExp(kind.match[0].source, 'gi') : null));
  const rest = pattern ? ` ${query} `.replace(pattern, ' ') : query;
  const brand = brandOf(site);
  return rest
    .split(/\s+/)
    .filter((w) => w !== '' && w !== brand && !site.startsWith(`${w}.`))
    .join(' ');
}

function pathOf(url: string): string {
  try {
    return new URL(url).pathname;
  } catch {
    return '/';
  }
}

function titleFromUrl(url: string): string {
  try {
    const parsed = new URL(url);
    const last = parsed.pathname.split('/').filter(Boolean).pop() ?? '';
    const words = decodeURIComponent(last).replace(/\.[a-z]{2,5}$/i, '').replace(/[-_+]+/g, ' ').trim();
    return words && !/^\d+$/.test(words) ? capitalise(words) : `${capitalise(brandOf(parsed.hostname))} ${parsed.pathname.length > 1 ? 'article' : 'home page'}`;
  } catch {
    return 'The page';
  }
}

/** The run's content for a task of `kind`; `files` asks for the export file when the task wants one. */
export function buildContent(kind: TaskKind, facts: TaskFacts, seed: string, options: { files: boolean }): RunContent {
  const rng = new Rng(`${seed}:content`);
  const site = siteFor(kind, facts);
  const count = facts.count ?? rng.int(kind.count[0], kind.count[1]);
  const vars = variablesOf(kind, facts, site, rng, count);
  // What the task does not say is chosen once for the run, so every page and line agrees on it.
  for (const key of OPTIONAL_GLOBALS) {
    const list = kind.vocab[key];
    if (vars[key] === undefined && list && list.length > 0) vars[key] = rng.pick(list);
  }
  if (vars.topic !== undefined) vars.Topic = capitalise(vars.topic);
  const scope: Scope = { vars, vocab: kind.vocab, rng, item: undefined, index: 0, first: undefined };
  const templates = itemTemplatesOf(kind);
  const items: ContentItem[] = [];
  const titles = new Map<ContentItem, string>();
  const seen = new Set<string>();
  for (let i = 0; items.length < count && i < count * 8; i++) {
    // Each attempt draws from its own stream, so a retry after a duplicate really draws anew.
    scope.rng = new Rng(`${seed}:item:${i}`);
    const item = itemFor(templates.fields, facts, scope, site, items.length);
    const key = renderItem(templates.title, scope, item, items.length);
    if (seen.has(key) && i < count * 7) continue;
    seen.add(key);
    items.push(item);
    titles.set(item, key);
  }
  scope.rng = rng;
  sortItems(items, facts);
  const first = items[0];
  const rows = items.map((item, index) => ({
    title: (templates.titleOfItemOnly ? titles.get(item) : undefined) ?? renderItem(templates.title, scope, item, index),
    detail: renderItem(templates.detail, scope, item, index),
    badge: renderItem(templates.badge, scope, item, index),
  }));
  scope.first = first;
  const withFirst = scope;
  const files = !options.files ? [] : facts.files.length > 0 ? facts.files.map((path) => fileFor(kind, facts, vars, items, path)) : facts.exportFormat ? [fileFor(kind, facts, vars, items, null)] : [];
  if (files[0]) vars.file = files[0].path;
  const lines = kind.output.line ? items.map((item, index) => renderItem(templates.line, withFirst, item, index)) : [];
  const lead = compile(kind.output.lead);
  const leadText = renderParts(lead, withFirst);
  const answerParts = [leadText, ...lines, kind.output.tail ? render(kind.output.tail, withFirst) : ''];
  if (files.length > 0) answerParts.push(`Saved ${items.length} ${items.length === 1 ? kind.noun[0] : kind.noun[1]} to ${files.map((f) => f.path).join(' and ')}.`);
  const clean = (text: string): string => redact(text, facts.secrets);
  return {
    kind: kind.name,
    site,
    home: vars.home ?? '',
    query: vars.query ?? '',
    noun: kind.noun,
    items,
    rows,
    form: kind.form.map((f) => ({ label: f.label, value: f.secret ? '' : clean(render(f.value, withFirst)), secret: f.secret })),
    article: kind.article.map((p) => clean(render(p, withFirst))),
    heading: clean(facts.url ? (vars.title ?? '') : rows[0]?.title ?? vars.Query ?? ''),
    // Rendered again unless that draws nothing: the stream must advance as it always has.
    listHeading: clean(firstSentence(drawsNothing(lead, withFirst) ? leadText : renderParts(lead, withFirst))),
    taskUrl: facts.url,
    plan: kind.plan.map((line, i) => `${i + 1}. ${clean(render(line, withFirst))}`).join('\n'),
    steps: kind.steps.map((s: KindStep) => ({ action: s.action, page: s.page, summary: clean(render(s.summary, withFirst)), result: clean(render(s.result, withFirst)) })),
    answer: clean(answerParts.filter((p) => p !== '').join('\n')),
    failure: clean(render(rng.pick(kind.failure.length > 0 ? kind.failure : ['{site} did not respond as expected.']), withFirst)),
    files,
    vars,
  };
}

/** English plurals whose singular is not the word without its ending. */
const IRREGULAR_SINGULARS: Readonly<Record<string, string>> = { mice: 'mouse', men: 'man', women: 'woman', children: 'child', people: 'person', feet: 'foot', teeth: 'tooth', geese: 'goose', knives: 'knife', shelves: 'shelf', leaves: 'leaf' };
/** Words ending in s that are not plurals (or whose plural is the same). */
const NOT_PLURAL = /(?:ss|us|is|ics|news|series|species|glasses|headphones|earbuds|jeans|pants|shorts|scissors|shoes|sneakers|boots|sandals|socks|pliers|goggles)$/;

/** The phrase with its last word made singular: "wireless mice" → "wireless mouse", "laptops" → "laptop". */
export function singularPhrase(phrase: string): string {
  const match = /([A-Za-z]+)$/.exec(phrase);
  if (!match) return phrase;
  const word = match[1] ?? '';
  const lower = word.toLowerCase();
  let singular = IRREGULAR_SINGULARS[lower];
  if (singular === undefined) {
    if (NOT_PLURAL.test(lower) || !lower.endsWith('s') || lower.length < 4) return phrase;
    if (/[^aeiou]ies$/.test(lower)) singular = `${lower.slice(0, -3)}y`;
    else if (/(?:ches|shes|xes|zes|sses)$/.test(lower)) singular = lower.slice(0, -2);
    else singular = lower.slice(0, -1);
  }
  const cased = word[0] === word[0]?.toUpperCase() ? `${singular.charAt(0).toUpperCase()}${singular.slice(1)}` : singular;
  return phrase.slice(0, phrase.length - word.length) + cased;
}

const SENTENCE_END = /[.:](\s|$)/;

function firstSentence(text: string): string {
  const newline = text.indexOf('\n');
  const line = newline < 0 ? text : text.slice(0, newline);
  const end = line.search(SENTENCE_END);
  return (end > 0 ? line.slice(0, end) : line).trim();
}

function csvCell(value: string): string {
  return /[",\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/** The items as a file: a table with a rank column (CSV, Markdown), a JSON array, or numbered lines. */
function fileFor(kind: TaskKind, facts: TaskFacts, vars: Record<string, string>, items: ContentItem[], named: string | null): { path: string; content: string } {
  const format = named?.split('.').pop()?.toLowerCase() ?? facts.exportFormat ?? 'csv';
  const path = named ?? `${vars.slug ?? kind.name}.${format}`;
  const fields = Object.keys(kind.item);
  const cells = (item: ContentItem, i: number): string[] => [String(i + 1), ...fields.map((f) => item.values[f] ?? '')];
  let content: string;
  if (format === 'json') {
    const value = (item: ContentItem, f: string): string | number => (f in item.numbers && !/date|published|posted|opened|updated|submitted/.test(f) ? item.numbers[f] ?? 0 : item.values[f] ?? '');
    content = `${JSON.stringify(items.map((item, i) => ({ rank: i + 1, ...Object.fromEntries(fields.map((f) => [f, value(item, f)])) })), null, 2)}\n`;
  } else if (format === 'csv') {
    content = `${[['rank', ...fields].join(','), ...items.map((item, i) => cells(item, i).map(csvCell).join(','))].join('\n')}\n`;
  } else if (format === 'md') {
    content = `| rank | ${fields.join(' | ')} |\n| --- | ${fields.map(() => '---').join(' | ')} |\n${items.map((item, i) => `| ${cells(item, i).join(' | ')} |`).join('\n')}\n`;
  } else {
    content = `${items.map((item, i) => `${i + 1}. ${fields.map((f) => item.values[f] ?? '').join(' - ')}`).join('\n')}\n`;
  }
  return { path, content: redact(content, facts.secrets) };
}

/** Address and tab title of a page of the run. */
export function pageAddress(content: RunContent, page: PageType, step: number): { url: string; title: string } {
  const host = hostOf(content.site);
  const brand = capitalise(brandOf(content.site));
  const first = content.items[0];
  const itemUrl = first?.values.url ?? first?.values.link;
  switch (page) {
    case 'home':
      return { url: `https://${host}/`, title: `${brand} - Home` };
    case 'detail':
      return {
        url: itemUrl && itemUrl.startsWith('http') ? itemUrl : `https://${host}/item/${(hash32(content.vars.slug ?? '') % 900000) + 100000}`,
        title: `${content.rows[0]?.title ?? content.vars.Query} | ${brand}`,
      };
    case 'article':
      return { url: content.taskUrl ?? (itemUrl?.startsWith('http') ? itemUrl : `https://${host}${content.vars.path ?? '/'}`), title: `${content.heading} - ${brand}` };
    case 'table': {
      const q = encodeURIComponent(content.query).replace(/%20/g, '+');
      return { url: content.taskUrl ?? `https://${host}/search?q=${q}&view=table`, title: `${content.listHeading} - ${brand}` };
    }
    case 'form': {
      const path = content.kind === 'login' ? 'login' : content.kind === 'forms' ? 'signup' : 'book';
      return { url: `https://${host}/${path}`, title: `${content.kind === 'login' ? 'Sign in' : 'Your details'} - ${brand}` };
    }
    case 'done':
      return { url: `https://${host}/${content.kind === 'login' ? 'account' : 'confirmation'}`, title: `${content.kind === 'login' ? 'Your account' : 'Confirmed'} - ${brand}` };
    default: {
      const q = encodeURIComponent(content.query).replace(/%20/g, '+');
      return { url: `https://${host}/search?q=${q}${step > 3 ? `&page=${Math.min(9, step - 2)}` : ''}`, title: `${brand}: ${content.query}` };
    }
  }
}

export interface PageView {
  page: PageType;
  url: string;
  title: string;
  heading: string;
  rows: ContentRow[];
  /** Row the step acts on, or -1. */
  focus: number;
  form: RunContent['form'];
  article: string[];
  columns: string[];
  cells: string[][];
  /** How far the page is scrolled, in rows. */
  scrolled: number;
}

/** What the browser shows at a step: the step's page type filled with the run's content. */
export function pageViewOf(content: RunContent, page: PageType, action: string, step: number): PageView {
  const focus = action === 'click' || action === 'extract' || action === 'select_option' ? (hash32(`${content.vars.slug}:${step}`) % Math.max(1, Math.min(3, content.rows.length))) : -1;
  const { url, title } = pageAddress(content, page, step);
  const first = content.items[0];
  const columns = Object.keys(first?.values ?? {}).filter((f) => f !== 'url' && f !== 'link').slice(0, 5);
  return {
    page,
    url,
    title,
    heading: page === 'table' || page === 'results' ? content.listHeading : content.heading,
    rows: content.rows,
    focus,
    form: content.form,
    article: content.article,
    columns,
    cells: content.items.map((item) => columns.map((c) => item.values[c] ?? '')),
    scrolled: action === 'scroll' ? Math.min(2, Math.max(0, content.rows.length - 3)) : 0,
  };
}
