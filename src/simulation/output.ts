// Builds a structured output that validates against the task's outputSchema (JSON Schema, as the
// official SDK produces from zod). Values come from the run's content (the items its pages listed, the
// task's places, dates and names) matched to the property names, and respect the schema's bounds.
import type { ContentItem, RunContent } from './content.js';
import { buildContent, capitalise } from './content.js';
import { GENERIC_KIND } from './kinds.js';
import { factsOf } from './task-facts.js';
import type { Rng } from './random.js';
import { stableUuid } from './random.js';

type Schema = { [key: string]: unknown };

const isSchema = (v: unknown): v is Schema => typeof v === 'object' && v !== null && !Array.isArray(v);

interface Ctx {
  root: Schema;
  rng: Rng;
  content: RunContent;
  depth: number;
  /** The listed item an object in an array describes (the first item outside arrays). */
  item: ContentItem | undefined;
  index: number;
  /** Item field by property name, for this run's items (see itemField). */
  fields: Map<string, string | undefined>;
}

/** `source`: the run's content, or (for contract examples) just a site and a subject. */
export function synthesize(schema: Schema, rng: Rng, source: RunContent | { site: string; query: string }): unknown {
  const content = 'items' in source ? source : buildContent(GENERIC_KIND, { ...factsOf(source.query), site: source.site }, source.query, { files: false });
  return valueFor(schema, { root: schema, rng, content, depth: 0, item: content.items[0], index: 0, fields: new Map() }, 'result');
}

/** Property names that mean the same as an item field. */
const SYNONYMS: readonly [RegExp, readonly string[]][] = [
  [/^(name|title|product|product_?name|item|item_?name|headline|label|full_?name|heading)$/, ['name', 'title', 'headline', 'role', 'repo', 'restaurant', 'hotel', 'airline', 'label']],
  [/price|cost|amount|fare|usd|total|salary/, ['price', 'fare', 'salary', 'rate']],
  [/rating|stars|score/, ['rating', 'stars', 'score']],
  [/url|link|href|website/, ['url', 'link']],
  [/company|employer|organi[sz]ation|brand|seller|store|source|publisher|outlet/, ['company', 'brand', 'source', 'seller', 'owner']],
  [/location|city|place|address|where/, ['location', 'city', 'address', 'neighborhood']],
  [/date|published|posted|day/, ['date', 'published', 'posted', 'day', 'updated']],
  [/time|depart|slot|start/, ['time', 'departs', 'slot', 'start']],
  [/author|user|person|owner|by/, ['author', 'owner', 'user', 'by']],
  [/description|summary|text|content|body|snippet|excerpt/, ['summary', 'snippet', 'description', 'text', 'body']],
  [/review|count|votes|comments/, ['reviews', 'comments', 'votes', 'points', 'stars_count']],
  [/temp|high/, ['high', 'temp']],
  [/low|min_?temp/, ['low']],
  [/humidity|precip|rain|chance/, ['rain', 'humidity']],
  [/wind/, ['wind']],
  [/condition|weather|sky/, ['condition']],
  [/duration|length/, ['duration', 'length']],
  [/stops|changes/, ['stops', 'changes']],
];

/**
 * Field of the item a property name stands for. Every item of a run has the same fields, so the answer
 * for a name is kept for the run: each array element asks again.
 */
function itemField(ctx: Ctx, name: string): string | undefined {
  const item = ctx.item;
  if (!item) return undefined;
  if (ctx.fields.has(name)) return ctx.fields.get(name);
  const field = matchField(item, name);
  ctx.fields.set(name, field);
  return field;
}

function matchField(item: ContentItem, name: string): string | undefined {
  const n = name.toLowerCase().replace(/[^a-z0-9_]/g, '');
  if (n in item.values) return n;
  for (const [re, fields] of SYNONYMS) if (re.test(n)) for (const f of fields) if (f in item.values) return f;
  return Object.keys(item.values).find((f) => n.length >= 4 && (f.includes(n) || n.includes(f)));
}

function resolveRef(ref: string, root: Schema): Schema {
  if (!ref.startsWith('#')) return {};
  let node: unknown = root;
  for (const part of ref.slice(1).split('/').filter(Boolean)) {
    node = isSchema(node) ? node[part.replace(/~1/g, '/').replace(/~0/g, '~')] : undefined;
  }
  return isSchema(node) ? node : {};
}

function merged(schema: Schema, ctx: Ctx): Schema {
  let current = schema;
  if (typeof current.$ref === 'string') current = { ...resolveRef(current.$ref, ctx.root), ...without(current, '$ref') };
  if (Array.isArray(current.allOf)) {
    const parts = current.allOf.filter(isSchema).map((s) => merged(s, ctx));
    const out: Schema = { ...without(current, 'allOf') };
    for (const part of parts) {
      Object.assign(out, part, {
        properties: { ...(isSchema(out.properties) ? out.properties : {}), ...(isSchema(part.properties) ? part.properties : {}) },
        required: [...(Array.isArray(out.required) ? out.required : []), ...(Array.isArray(part.required) ? part.required : [])],
      });
    }
    current = out;
  }
  return current;
}

function without(schema: Schema, key: string): Schema {
  const copy = { ...schema };
  delete copy[key];
  return copy;
}

function primaryType(schema: Schema): string | undefined {
  const t = schema.type;
  if (typeof t === 'string') return t;
  if (Array.isArray(t)) return (t.find((x) => x !== 'null') as string | undefined) ?? 'null';
  if (isSchema(schema.properties)) return 'object';
  if (schema.items !== undefined || schema.prefixItems !== undefined) return 'array';
  return undefined;
}

function valueFor(input: Schema, ctx: Ctx, name: string): unknown {
  const schema = merged(input, ctx);
  if ('const' in schema) return schema.const;
  if (Array.isArray(schema.enum) && schema.enum.length > 0) {
    const choices = schema.enum.filter((v) => v !== null);
    // A value the task itself mentions wins ("business class" → "business").
    const text = ctx.content.vars.taskWords ?? '';
    const named = choices.find((v) => typeof v === 'string' && v.length > 2 && text.includes(` ${v.toLowerCase()} `));
    // Else a value the listed item shows ("Light rain" → "rain").
    const field = itemField(ctx, name);
    const shown = field !== undefined ? (ctx.item?.values[field] ?? '').toLowerCase() : '';
    const fromItem = shown ? choices.find((v) => typeof v === 'string' && v.length > 2 && shown.includes(v.toLowerCase())) : undefined;
    return named ?? fromItem ?? (choices.length > 0 ? ctx.rng.pick(choices) : null);
  }
  for (const key of ['anyOf', 'oneOf'] as const) {
    const branches = schema[key];
    if (Array.isArray(branches)) {
      const usable = branches.filter(isSchema).filter((b) => primaryType(merged(b, ctx)) !== 'null');
      const branch = usable[0] ?? branches.filter(isSchema)[0];
      return branch ? valueFor({ ...without(schema, key), ...branch }, ctx, name) : null;
    }
  }
  switch (primaryType(schema)) {
    case 'object':
      return objectFor(schema, ctx);
    case 'array':
      return arrayFor(schema, ctx, name);
    case 'integer':
      return numberFor(schema, ctx, name, true);
    case 'number':
      return numberFor(schema, ctx, name, false);
    case 'boolean':
      return ctx.rng.chance(0.7);
    case 'null':
      return null;
    case 'string':
      return stringFor(schema, ctx, name);
    default:
      return stringFor(schema, ctx, name);
  }
}

function objectFor(schema: Schema, ctx: Ctx): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (ctx.depth > 6) return out;
  const properties = isSchema(schema.properties) ? schema.properties : {};
  const inner = { ...ctx, depth: ctx.depth + 1 };
  for (const [key, sub] of Object.entries(properties)) {
    if (isSchema(sub)) out[key] = valueFor(sub, inner, key);
  }
  const required = Array.isArray(schema.required) ? schema.required.filter((k): k is string => typeof k === 'string') : [];
  for (const key of required) {
    if (!(key in out)) out[key] = isSchema(schema.additionalProperties) ? valueFor(schema.additionalProperties, inner, key) : stringFor({}, inner, key);
  }
  const minProps = typeof schema.minProperties === 'number' ? schema.minProperties : 0;
  for (let i = Object.keys(out).length; i < minProps; i++) {
    out[`field_${i + 1}`] = isSchema(schema.additionalProperties) ? valueFor(schema.additionalProperties, inner, 'value') : stringFor({}, inner, 'value');
  }
  return out;
}

function arrayFor(schema: Schema, ctx: Ctx, name: string): unknown[] {
  const min = typeof schema.minItems === 'number' ? schema.minItems : 0;
  const max = typeof schema.maxItems === 'number' ? schema.maxItems : Math.max(min, 5);
  const prefix = Array.isArray(schema.prefixItems) ? schema.prefixItems.filter(isSchema) : [];
  // As many elements as the run listed (the task's count when it gave one), within the schema's bounds.
  const wanted = Math.max(prefix.length, ctx.content.items.length || ctx.rng.int(2, 4));
  const count = ctx.depth > 6 ? min : Math.max(min, Math.min(max, wanted));
  const itemSchema = isSchema(schema.items) ? schema.items : {};
  const singular = name.endsWith('s') ? name.slice(0, -1) : name;
  const out: unknown[] = [];
  const items = ctx.content.items;
  for (let i = 0; i < count; i++) {
    // Element i describes the run's item i; past the listed items, the list starts over.
    const inner = { ...ctx, depth: ctx.depth + 1, item: items.length > 0 ? items[i % items.length] : undefined, index: i };
    out.push(valueFor(prefix[i] ?? itemSchema, inner, singular));
  }
  if (schema.uniqueItems === true) {
    const seen = new Set<string>();
    return out.filter((v) => {
      const key = JSON.stringify(v);
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
  }
  return out;
}

function numberFor(schema: Schema, ctx: Ctx, name: string, integer: boolean): number {
  const n = name.toLowerCase();
  let lo = typeof schema.minimum === 'number' ? schema.minimum : undefined;
  let hi = typeof schema.maximum === 'number' ? schema.maximum : undefined;
  if (typeof schema.exclusiveMinimum === 'number') lo = schema.exclusiveMinimum + (integer ? 1 : 0.01);
  if (typeof schema.exclusiveMaximum === 'number') hi = schema.exclusiveMaximum - (integer ? 1 : 0.01);
  const [dlo, dhi] = /temp/.test(n) ? [-5, 30] : /humidity|percent|pct|chance/.test(n) ? [0, 100] : /rating|stars|score/.test(n) ? [1, 5] : /price|cost|amount|usd|total/.test(n) ? [5, 250] : /year/.test(n) ? [2015, 2026] : /percent|pct/.test(n) ? [0, 100] : /rank|position|index/.test(n) ? [1, 1] : [1, 500];
  const low = lo ?? (hi !== undefined ? Math.min(dlo, hi) : dlo);
  const high = hi ?? Math.max(low, dhi);
  const field = itemField(ctx, name);
  const known = field !== undefined && ctx.item ? ctx.item.numbers[field] ?? Number((ctx.item.values[field] ?? '').replace(/[$,\s]/g, '')) : NaN;
  let value: number;
  if (/^(rank|position|index|number|no|n)$/.test(n)) value = ctx.index + 1;
  else if (Number.isFinite(known)) value = integer ? Math.round(known) : known;
  else value = integer ? ctx.rng.int(Math.ceil(low), Math.floor(high)) : Math.round((low + ctx.rng.next() * (high - low)) * 100) / 100;
  if (typeof schema.multipleOf === 'number' && schema.multipleOf > 0) {
    const step = schema.multipleOf;
    value = Number((Math.round(value / step) * step).toFixed(10));
    if (value < low) value = Number((Math.ceil(low / step) * step).toFixed(10));
    if (value > high) value = Number((Math.floor(high / step) * step).toFixed(10));
  }
  return Math.min(Math.max(value, low), high);
}

function stringFor(schema: Schema, ctx: Ctx, name: string): string {
  const { rng, content } = ctx;
  const v = content.vars;
  const n = name.toLowerCase();
  const format = typeof schema.format === 'string' ? schema.format : '';
  const field = itemField(ctx, name);
  const fromItem = field !== undefined ? ctx.item?.values[field] : undefined;
  let value: string;
  if (format === 'email' || /e-?mail/.test(n)) value = v.email ?? `contact@${content.site}`;
  else if (format === 'uri' || format === 'url' || /url|link|href|website/.test(n)) value = fromItem?.startsWith('http') ? fromItem : `https://${content.home.replace(/^https:\/\//, '').replace(/\/$/, '')}/${v.slug ?? 'item'}/${ctx.index + 1}`;
  else if (format === 'date-time') value = `${v.isodate ?? '2026-12-04'}T${String(rng.int(7, 20)).padStart(2, '0')}:${rng.pick(['00', '15', '30', '45'])}:00Z`;
  else if (format === 'date' || /date|day|published/.test(n)) value = fromItem && /^\d{4}-\d\d-\d\d$/.test(fromItem) ? fromItem : v.isodate ?? '2026-12-04';
  else if (format === 'time') value = `${String(rng.int(7, 20)).padStart(2, '0')}:${rng.pick(['00', '15', '30', '45'])}:00`;
  else if (format === 'uuid') value = stableUuid(rng.nextUint32(), name);
  else if (format === 'ipv4') value = `198.51.100.${rng.int(1, 254)}`;
  else if (format === 'hostname') value = content.site;
  else if (fromItem !== undefined && fromItem !== '') value = fromItem;
  else if (/price|cost|amount/.test(n)) value = ctx.item?.values.price ?? `$${rng.int(5, 250)}.99`;
  else if (/^name$|author|person|user|contact|customer|guest/.test(n)) value = v.name ?? 'Maya Patel';
  else if (/title|headline|product|item|name/.test(n)) value = content.rows[ctx.index]?.title ?? v.Query ?? content.query;
  else if (/description|summary|text|content|body|answer|reason|result|message|note/.test(n)) value = content.answer.split('\n')[0] ?? '';
  else if (/currency/.test(n)) value = 'USD';
  else if (/country/.test(n)) value = 'US';
  else if (/city|location|address|destination/.test(n)) value = /origin|from/.test(n) ? v.origin ?? '' : /destination|to$/.test(n) ? v.destination ?? '' : v.city ?? '';
  else if (/origin|from/.test(n)) value = v.origin ?? '';
  else if (/site|domain|host/.test(n)) value = content.site;
  else if (/status|state/.test(n)) value = rng.pick(['Open', 'Active', 'Available', 'Confirmed']);
  else if (/category|type|kind|genre/.test(n)) value = capitalise(content.noun[0]);
  else if (/phone|tel/.test(n)) value = `+1 ${rng.int(212, 989)} ${rng.int(200, 989)} ${String(rng.int(1000, 9999))}`;
  else if (/id$|_id|sku|code|ref/.test(n)) value = `${(v.slug ?? 'id').replace(/-/g, '').slice(0, 3).toUpperCase() || 'ID'}-${rng.int(10000, 99999)}`;
  else value = content.rows[ctx.index]?.title ?? v.Query ?? content.query;
  return fitLength(value, schema, rng);
}

/** "7:40 AM" → "07:40": the 24-hour form schemas with time patterns usually want. */
function time24(value: string): string | undefined {
  const m = /^(\d{1,2}):(\d\d)\s*(AM|PM)$/i.exec(value.trim());
  if (!m) return undefined;
  const hour = (Number(m[1]) % 12) + ((m[3] ?? '').toUpperCase() === 'PM' ? 12 : 0);
  return `${String(hour).padStart(2, '0')}:${m[2]}`;
}

function fitLength(value: string, schema: Schema, rng: Rng): string {
  const min = typeof schema.minLength === 'number' ? schema.minLength : 0;
  const max = typeof schema.maxLength === 'number' ? schema.maxLength : Infinity;
  let out = value;
  while (out.length < min) out += ` ${rng.pick(['details', 'notes', 'more'])}`;
  if (out.length > max) out = out.slice(0, max).trimEnd();
  if (typeof schema.pattern === 'string') {
    try {
      const re = new RegExp(schema.pattern, 'u');
      if (!re.test(out)) {
        // Try forms of the same value first (24-hour time, case, slug, digits), then simple shapes.
        const t24 = time24(value);
        const derived = [t24, t24 ? `${t24}:00` : undefined, value.toLowerCase(), value.toUpperCase(), value.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, ''), value.replace(/\D+/g, ''), value.replace(/[^A-Za-z0-9]+/g, '')];
        const shapes = ['A', 'a', '1', 'abc', 'ABC', '123', 'A1', 'a-1', 'abc123', 'x@example.com', '2026-01-01'];
        const fit = [...derived, ...shapes].find((c): c is string => c !== undefined && c !== '' && re.test(c) && c.length >= min && c.length <= max);
        if (fit) out = fit;
      }
    } catch {
      // An invalid pattern cannot be satisfied; keep the plausible value.
    }
  }
  return out;
}
