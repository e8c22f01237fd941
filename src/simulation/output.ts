// Builds a structured output that validates against the task's outputSchema (JSON Schema, as the
// official SDK produces from zod). Values are plausible for the property names and deterministic.
import type { Rng } from './random.js';
import { stableUuid } from './random.js';
import type { TaskTopic } from './texts.js';
import { capitalise } from './texts.js';

type Schema = { [key: string]: unknown };

const isSchema = (v: unknown): v is Schema => typeof v === 'object' && v !== null && !Array.isArray(v);

interface Ctx {
  root: Schema;
  rng: Rng;
  topic: TaskTopic;
  depth: number;
}

export function synthesize(schema: Schema, rng: Rng, topic: TaskTopic): unknown {
  return valueFor(schema, { root: schema, rng, topic, depth: 0 }, 'result');
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
    return choices.length > 0 ? ctx.rng.pick(choices) : null;
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
  const count = ctx.depth > 6 ? min : Math.max(min, Math.min(max, Math.max(prefix.length, ctx.rng.int(Math.max(min, 2), Math.max(min, Math.min(max, 4))))));
  const itemSchema = isSchema(schema.items) ? schema.items : {};
  const inner = { ...ctx, depth: ctx.depth + 1 };
  const singular = name.endsWith('s') ? name.slice(0, -1) : name;
  const out: unknown[] = [];
  for (let i = 0; i < count; i++) out.push(valueFor(prefix[i] ?? itemSchema, inner, singular));
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
  const [dlo, dhi] = /rating|stars|score/.test(n) ? [1, 5] : /price|cost|amount|usd|total/.test(n) ? [5, 250] : /year/.test(n) ? [2015, 2026] : /percent|pct/.test(n) ? [0, 100] : [1, 500];
  const low = lo ?? (hi !== undefined ? Math.min(dlo, hi) : dlo);
  const high = hi ?? Math.max(low, dhi);
  let value = integer ? ctx.rng.int(Math.ceil(low), Math.floor(high)) : Math.round((low + ctx.rng.next() * (high - low)) * 100) / 100;
  if (typeof schema.multipleOf === 'number' && schema.multipleOf > 0) {
    const step = schema.multipleOf;
    value = Math.ceil(low / step) * step;
    value = Number(value.toFixed(10));
  }
  return Math.min(Math.max(value, low), high);
}

const FIRST_NAMES = ['Ada', 'Grace', 'Alan', 'Linus', 'Margaret', 'Tim', 'Barbara', 'Ken'];
const LAST_NAMES = ['Lovelace', 'Hopper', 'Turing', 'Torvalds', 'Hamilton', 'Berners-Lee', 'Liskov', 'Thompson'];

function stringFor(schema: Schema, ctx: Ctx, name: string): string {
  const { rng, topic } = ctx;
  const n = name.toLowerCase();
  const format = typeof schema.format === 'string' ? schema.format : '';
  let value: string;
  if (format === 'email' || /e-?mail/.test(n)) value = `${rng.pick(FIRST_NAMES).toLowerCase()}.${rng.pick(LAST_NAMES).toLowerCase()}@example.com`;
  else if (format === 'uri' || format === 'url' || /url|link|href|website/.test(n)) value = `https://${topic.site}/${topic.query.replace(/\s+/g, '-')}/${rng.int(100, 999)}`;
  else if (format === 'date-time') value = new Date(Date.UTC(2026, rng.int(0, 11), rng.int(1, 28), rng.int(0, 23), rng.int(0, 59))).toISOString();
  else if (format === 'date' || /date|day/.test(n)) value = new Date(Date.UTC(2026, rng.int(0, 11), rng.int(1, 28))).toISOString().slice(0, 10);
  else if (format === 'time') value = `${String(rng.int(0, 23)).padStart(2, '0')}:${String(rng.int(0, 59)).padStart(2, '0')}:00`;
  else if (format === 'uuid') value = stableUuid(rng.nextUint32(), name);
  else if (format === 'ipv4') value = `192.0.2.${rng.int(1, 254)}`;
  else if (format === 'hostname') value = topic.site;
  else if (/price|cost|amount/.test(n)) value = `$${rng.int(5, 250)}.${rng.int(10, 99)}`;
  else if (/^name$|author|person|user/.test(n)) value = `${rng.pick(FIRST_NAMES)} ${rng.pick(LAST_NAMES)}`;
  else if (/title|headline|product|item|name/.test(n)) value = `${capitalise(topic.query)} ${rng.pick(['Pro', 'Plus', 'Classic', 'Lite', '2026 Edition'])}`;
  else if (/description|summary|text|content|body|answer|reason/.test(n)) value = `A short description of ${topic.query} found on ${topic.site}.`;
  else if (/currency/.test(n)) value = 'USD';
  else if (/country/.test(n)) value = rng.pick(['US', 'DE', 'JP', 'FR']);
  else if (/city|location|address/.test(n)) value = rng.pick(['San Francisco', 'Berlin', 'Tokyo', 'Paris']);
  else if (/id$|_id|sku/.test(n)) value = `${topic.query.slice(0, 3).toUpperCase() || 'ID'}-${rng.int(10000, 99999)}`;
  else value = `${capitalise(topic.query)} ${rng.int(1, 99)}`;
  return fitLength(value, schema, rng);
}

function fitLength(value: string, schema: Schema, rng: Rng): string {
  const min = typeof schema.minLength === 'number' ? schema.minLength : 0;
  const max = typeof schema.maxLength === 'number' ? schema.maxLength : Infinity;
  let out = value;
  while (out.length < min) out += ` ${rng.pick(['details', 'notes', 'more'])}`;
  if (out.length > max) out = out.slice(0, max);
  if (typeof schema.pattern === 'string') {
    try {
      const re = new RegExp(schema.pattern, 'u');
      if (!re.test(out)) {
        // Patterns are rare in agent output schemas; try simple shapes before giving up on the pattern.
        const candidates = ['A', 'a', '1', 'abc', 'ABC', '123', 'A1', 'a-1', 'abc123', 'x@example.com', '2026-01-01'];
        const fit = candidates.find((c) => re.test(c) && c.length >= min && c.length <= max);
        if (fit) out = fit;
      }
    } catch {
      // An invalid pattern cannot be satisfied; keep the plausible value.
    }
  }
  return out;
}
