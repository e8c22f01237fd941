// One generated request to an operation of openapi/v3.json or openapi/v2.json, as printable data, and its bytes.
import fc from 'fast-check';
import type { RawRequest } from './client.js';
import { DOCS, PREFIXES, resolve } from './doc.js';
import type { Operation, Schema } from './doc.js';
import type { Fragment, KeyPlan } from './hostile.js';
import { badIdSegment, contentType, extraHeaders, fragmentBytes, hostileFragment, hostileQueryValue, keyHeaders, keyPlan, malformedBody, oversizedBody, preferHeader } from './hostile.js';
import { boundaryValue, formatId, idRef, resourceOf, validValue } from './schema-values.js';
import type { IdMarker, IdRef, ValueContext } from './schema-values.js';
import { SHARED_RESOURCES } from './world.js';
import type { World } from './world.js';

export type PathId = { ref: IdRef } | { raw: string };

/** How a body is made: none, a schema value (perhaps with one field replaced or extras added), or raw pieces. */
export type BodyPlan = { none: true } | { value: unknown; replace?: { field: string; with: Fragment }; extra?: Record<string, unknown> } | { raw: Fragment[] };

export interface ApiPlan {
  operationId: string;
  pathIds: Record<string, PathId>;
  /** Name and value pairs in order; values are sent as written (percent-encoded or bad on purpose). */
  query: [string, string | IdMarker][];
  key: KeyPlan;
  contentType: string | null;
  prefer: string | null;
  headers: [string, string][];
  body: BodyPlan;
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

const contextOf = (op: Operation): ValueContext => ({ api: op.api, path: op.path });

/** A well-formed id of the right kind (mostly); a slug for the marketplace's `skill_slug`, sometimes any text. */
function goodIdArb(op: Operation, name: string): fc.Arbitrary<PathId> {
  const ref = idRef(resourceOf(name, contextOf(op)), op.api).map((r): PathId => ({ ref: r }));
  if (resourceOf(name, contextOf(op)) !== 'marketSlug') return ref;
  return fc.oneof({ weight: 4, arbitrary: ref }, { weight: 1, arbitrary: fc.string({ minLength: 1, maxLength: 30 }).map((s): PathId => ({ raw: encodeURIComponent(s) })) });
}

function pathIdArb(op: Operation, name: string): fc.Arbitrary<PathId> {
  return fc.oneof({ weight: 6, arbitrary: goodIdArb(op, name) }, { weight: 2, arbitrary: badIdSegment.map((raw): PathId => ({ raw })) });
}

function queryValueArb(op: Operation, schema: Schema, name: string): fc.Arbitrary<string | IdMarker> {
  const doc = DOCS[op.api];
  const valid = validValue(schema, name, doc, contextOf(op)).map((v): string | IdMarker => (isRecord(v) && '$fuzzId' in v ? (v as unknown as IdMarker) : encodeURIComponent(v === null ? '' : String(v))));
  const boundary = boundaryValue(schema, doc).map((v) => encodeURIComponent(typeof v === 'object' ? JSON.stringify(v) : String(v)));
  return fc.oneof({ weight: 5, arbitrary: valid }, { weight: 2, arbitrary: boundary }, { weight: 2, arbitrary: hostileQueryValue });
}

function queryArb(op: Operation): fc.Arbitrary<[string, string | IdMarker][]> {
  const params = op.parameters.filter((p) => p.in === 'query');
  const one = params.map((p) => fc.option(fc.array(queryValueArb(op, p.schema, p.name), { minLength: 1, maxLength: 3 }).map((values) => values.map((v): [string, string | IdMarker] => [p.name, v])), { freq: 2 }));
  const unknown = fc.option(fc.tuple(fc.constantFrom('foo', 'page[size]', '__proto__', 'constructor', '%zz', 'a'.repeat(500), ''), hostileQueryValue), { freq: 4 });
  return fc.tuple(fc.tuple(...one), unknown).map(([lists, extra]) => {
    const pairs = lists.flatMap((list) => list ?? []);
    if (extra) pairs.push(extra);
    return pairs;
  });
}

function bodyArb(op: Operation): fc.Arbitrary<BodyPlan> {
  if (!op.body) {
    return fc.oneof({ weight: 8, arbitrary: fc.constant<BodyPlan>({ none: true }) }, { weight: 2, arbitrary: malformedBody.map((raw): BodyPlan => ({ raw })) });
  }
  const schema = op.body.schema;
  const doc = DOCS[op.api];
  const resolved = resolve(schema, doc);
  const objectSchema = Array.isArray(resolved.anyOf) ? resolve((resolved.anyOf as Schema[]).find((s) => resolve(s, doc).type === 'object' || '$ref' in s) ?? {}, doc) : resolved;
  const properties = (objectSchema.properties ?? {}) as Record<string, Schema>;
  const fields = Object.keys(properties);
  const valid = validValue(schema, '', doc, contextOf(op));
  // A hostile fragment three times out of four, else a value just outside the field's own bounds.
  const replacement = (field: string): fc.Arbitrary<Fragment> =>
    fc.oneof({ weight: 3, arbitrary: hostileFragment }, { weight: 1, arbitrary: boundaryValue(properties[field] ?? {}, doc).map((json): Fragment => ({ json })) });
  const replaceWith = fc.tuple(valid, fields.length ? fc.constantFrom(...fields).chain((field) => fc.tuple(fc.constant(field), replacement(field))) : fc.tuple(fc.constant('x'), hostileFragment)).map(
    ([value, [field, fragment]]) => [value, field, fragment] as const,
  );
  return fc.oneof(
    { weight: 60, arbitrary: valid.map((value): BodyPlan => ({ value })) },
    { weight: 20, arbitrary: fc.tuple(valid, fc.dictionary(fc.constantFrom('foo', 'Task', '__proto__', 'constructor', 'task ', 'x'.repeat(300)), fc.jsonValue({ maxDepth: 2 }), { minKeys: 1, maxKeys: 3 })).map(([value, extra]): BodyPlan => ({ value, extra })) },
    { weight: 50, arbitrary: replaceWith.map(([value, field, fragment]): BodyPlan => ({ value, replace: { field, with: fragment } })) },
    { weight: 30, arbitrary: malformedBody.map((raw): BodyPlan => ({ raw })) },
    { weight: 10, arbitrary: fc.constant<BodyPlan>({ none: true }) },
    { weight: 2, arbitrary: oversizedBody.map((raw): BodyPlan => ({ raw })) },
  );
}

/**
 * `values` keeps the transport sane (own key, JSON content type, well-formed ids) and varies what the
 * handler sees; `hostile` varies everything, framework-level refusals included. Two properties per
 * operation keep a transport failure from hiding a failure in the values.
 */
export function apiPlanArb(op: Operation, mode: 'values' | 'hostile'): fc.Arbitrary<ApiPlan> {
  const pathParams = op.parameters.filter((p) => p.in === 'path');
  const idArb = (name: string): fc.Arbitrary<PathId> => (mode === 'values' ? goodIdArb(op, name) : pathIdArb(op, name));
  const ids = fc.record(Object.fromEntries(pathParams.map((p) => [p.name, idArb(p.name)])) as Record<string, fc.Arbitrary<PathId>>);
  const body = mode === 'values' ? bodyArb(op).filter((b) => !('raw' in b)) : bodyArb(op);
  return fc.record({
    operationId: fc.constant(op.operationId),
    pathIds: ids,
    query: queryArb(op),
    key: mode === 'values' ? fc.constant<KeyPlan>('own') : keyPlan,
    contentType: mode === 'values' ? fc.constant(op.body ? 'application/json' : null) : op.body ? contentType : fc.oneof({ weight: 8, arbitrary: fc.constant(null) }, { weight: 1, arbitrary: contentType }),
    prefer: mode === 'values' ? fc.constant(null) : preferHeader(op.statuses),
    headers: mode === 'values' ? fc.constant<[string, string][]>([]) : extraHeaders,
    body,
  });
}

export function resolveId(world: World, ref: IdRef): string {
  if ('own' in ref) return formatId(world.own[ref.own], ref.form);
  if ('other' in ref) return formatId(world.other[ref.other], ref.form);
  return formatId(ref.uuid, ref.form);
}

/** True when the plan addresses another key's object in its path. */
export function pointsAtOtherKey(plan: ApiPlan): boolean {
  return Object.values(plan.pathIds).some((id) => 'ref' in id && 'other' in id.ref && !SHARED_RESOURCES.has(id.ref.other));
}

function bodyBytes(world: World, body: BodyPlan): Buffer | undefined {
  if ('none' in body) return undefined;
  if ('raw' in body) return Buffer.concat(body.raw.map(fragmentBytes));
  const marker = '@@fuzz-hostile@@';
  let value: unknown = body.value;
  if (body.extra || body.replace) {
    value = isRecord(value) ? { ...value } : {};
    if (body.extra && isRecord(value)) Object.assign(value, body.extra);
    if (body.replace && isRecord(value)) value[body.replace.field] = marker;
  }
  const text = JSON.stringify(value, (_key, v: unknown) => (isRecord(v) && '$fuzzId' in v ? resolveId(world, (v as unknown as IdMarker).$fuzzId) : v)) ?? '';
  if (!body.replace) return Buffer.from(text);
  const [before, after] = text.split(`"${marker}"`);
  return Buffer.concat([Buffer.from(before ?? ''), fragmentBytes(body.replace.with), Buffer.from(after ?? '')]);
}

export function buildApiRequest(world: World, op: Operation, plan: ApiPlan): RawRequest {
  let path = `${PREFIXES[op.api]}${op.path}`;
  for (const [name, id] of Object.entries(plan.pathIds)) path = path.replace(`{${name}}`, 'raw' in id ? id.raw : encodeURIComponent(resolveId(world, id.ref)));
  const query = plan.query.map(([name, value]) => `${name}=${typeof value === 'string' ? value : encodeURIComponent(resolveId(world, value.$fuzzId))}`);
  if (query.length) path += `?${query.join('&')}`;
  const headers = keyHeaders(plan.key, world.key, world.otherKey);
  if (plan.contentType !== null) headers.push(['Content-Type', plan.contentType]);
  if (plan.prefer !== null) headers.push(['Prefer', plan.prefer]);
  headers.push(...plan.headers);
  return { method: op.method, path, headers, body: bodyBytes(world, plan.body) };
}
