// Generated requests to the admin API (from openapi/admin.json) and to the web routes: live pages,
// presigned media and transfer URLs, the document, docs, health, unknown routes and wrong methods.
import fc from 'fast-check';
import { ADMIN_DOC } from '../../admin/admin-check.js';
import type { Fragment } from './hostile.js';
import { badIdSegment, contentType, fragmentBytes, hostileFragment, hostileQueryValue, malformedBody } from './hostile.js';
import type { Schema } from './doc.js';
import { validValue } from './schema-values.js';
import type { RawRequest } from './client.js';
import type { World } from './world.js';

const isRecord = (v: unknown): v is Schema => typeof v === 'object' && v !== null && !Array.isArray(v);

// ---- admin ----

export type Segment = { world: 'own' | 'other' | 'unknown' } | { raw: string };

export interface AdminPlan {
  method: string;
  template: string;
  segment: Segment;
  query: [string, string][];
  contentType: string | null;
  body: { none: true } | { value: unknown } | { raw: Fragment[] } | { value: unknown; field: string; with: Fragment };
}

interface AdminOp {
  method: string;
  template: string;
  body?: Schema;
  query: string[];
}

export function adminOps(): AdminOp[] {
  const out: AdminOp[] = [];
  const paths = ADMIN_DOC.paths as Record<string, Record<string, unknown>>;
  for (const [template, item] of Object.entries(paths)) {
    for (const [method, raw] of Object.entries(item)) {
      if (!isRecord(raw) || !isRecord(raw.responses)) continue;
      const content = isRecord(raw.requestBody) && isRecord(raw.requestBody.content) ? raw.requestBody.content['application/json'] : undefined;
      const query = (Array.isArray(raw.parameters) ? raw.parameters : []).filter((p): p is Schema => isRecord(p) && p.in === 'query').map((p) => String(p.name));
      out.push({ method: method.toUpperCase(), template, body: isRecord(content) && isRecord(content.schema) ? content.schema : undefined, query });
    }
  }
  return out;
}

const QUERY_VALUES: Record<string, string[]> = {
  messages: ['false', '0', 'true', ''],
  method: ['GET', 'POST', '*', 'get'],
  path: ['/sessions', '/api/v3/**', '^/api/v3/sessions$', '^(', '[', '**'],
  status: ['422', '4xx', '2XX', '600', 'abc'],
  limit: ['1', '5', '0', '-1', '1.5', 'abc', '100000'],
};

export function adminPlanArb(): fc.Arbitrary<AdminPlan> {
  return fc.constantFrom(...adminOps()).chain((op) => {
    const segment: fc.Arbitrary<Segment> = fc.oneof(
      { weight: 4, arbitrary: fc.constantFrom<Segment>({ world: 'own' }, { world: 'other' }, { world: 'unknown' }) },
      { weight: 2, arbitrary: badIdSegment.map((raw): Segment => ({ raw })) },
      { weight: 1, arbitrary: fc.constantFrom<Segment>({ raw: 'fault-1' }, { raw: 'fault-999' }) },
    );
    const queryValue = (name: string): fc.Arbitrary<string> =>
      fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...(QUERY_VALUES[name] ?? ['x'])).map(encodeURIComponent) }, { weight: 1, arbitrary: hostileQueryValue });
    const query = fc.array(fc.constantFrom(...op.query, 'foo').chain((name) => fc.tuple(fc.constant(name), name === 'key' ? fc.constantFrom('fuzz-unknown', '', '%zz') : queryValue(name))), { maxLength: 3 });
    const schema = op.body;
    const body: fc.Arbitrary<AdminPlan['body']> = schema
      ? fc.oneof(
          { weight: 4, arbitrary: validValue(schema, '', ADMIN_DOC as unknown as Schema).map((value) => ({ value })) },
          { weight: 3, arbitrary: fc.tuple(validValue(schema, '', ADMIN_DOC as unknown as Schema), fc.constantFrom('usd', 'limit', 'ms', 'sessionId', 'to', 'match', 'respond', 'latencyMs', 'times', 'probability', 'x'), hostileFragment).map(([value, field, fragment]) => ({ value, field, with: fragment })) },
          { weight: 2, arbitrary: malformedBody.map((raw) => ({ raw })) },
          { weight: 1, arbitrary: fc.constant({ none: true as const }) },
        )
      : fc.oneof({ weight: 6, arbitrary: fc.constant({ none: true as const }) }, { weight: 1, arbitrary: malformedBody.map((raw) => ({ raw })) });
    return fc.record({
      method: fc.oneof({ weight: 8, arbitrary: fc.constant(op.method) }, { weight: 1, arbitrary: fc.constantFrom('GET', 'POST', 'PUT', 'DELETE', 'PATCH') }),
      template: fc.constant(op.template),
      segment,
      query,
      contentType: schema ? contentType : fc.constant(null),
      body,
    });
  });
}

function segmentText(world: World, segment: Segment): string {
  if ('raw' in segment) return segment.raw;
  if (segment.world === 'own') return encodeURIComponent(world.key);
  if (segment.world === 'other') return encodeURIComponent(world.otherKey);
  return 'fuzz-unknown-key';
}

export function buildAdminRequest(world: World, plan: AdminPlan): RawRequest {
  let path = plan.template.replace(/\{[^}]+\}/g, segmentText(world, plan.segment));
  if (plan.query.length) path += `?${plan.query.map(([k, v]) => `${k}=${v}`).join('&')}`;
  const headers: [string, string][] = plan.contentType === null ? [] : [['Content-Type', plan.contentType]];
  let body: Buffer | undefined;
  if ('raw' in plan.body) body = Buffer.concat(plan.body.raw.map(fragmentBytes));
  else if ('field' in plan.body) {
    const value: Record<string, unknown> = isRecord(plan.body.value) ? { ...plan.body.value } : {};
    value[plan.body.field] = '@@fuzz-hostile@@';
    const [before, after] = JSON.stringify(value).split('"@@fuzz-hostile@@"');
    body = Buffer.concat([Buffer.from(before ?? ''), fragmentBytes(plan.body.with), Buffer.from(after ?? '')]);
  } else if ('value' in plan.body) body = Buffer.from(JSON.stringify(plan.body.value) ?? '');
  return { method: plan.method, path, headers, body };
}

// ---- web ----

/** Signed URLs the world's objects hand out, read once per world build. */
export interface WebTargets {
  sessionLive: string;
  browserLive: string;
  cdp: string;
  screenshot: string;
  recording: string;
  download: string;
  upload: string;
  /** v2: a session's public share page and its state, a task's log and output file, a skill run's output, the upload form receiver. */
  sharePage: string;
  shareState: string;
  taskLogs: string;
  outputFile: string;
  skillOutput: string;
  uploadForm: string;
}

export async function readTargets(world: World): Promise<WebTargets> {
  const get = async (path: string): Promise<Record<string, unknown>> => {
    const res = await world.client.json('GET', `/api/v3${path}`, world.key);
    if (res.status !== 200) throw new Error(`GET ${path} answered ${res.status}: ${res.text.slice(0, 200)}`);
    return res.json as Record<string, unknown>;
  };
  const local = (url: unknown): string => {
    if (typeof url !== 'string' || url === '') return '/_mock/missing';
    if (url.startsWith('/')) return url;
    const parsed = new URL(url.replace(/^ws/, 'http'));
    return parsed.pathname + parsed.search;
  };
  const session = await get(`/sessions/${world.own.session}`);
  const browser = await get(`/browsers/${world.own.browser}`);
  const files = await get(`/workspaces/${world.own.workspace}/files?includeUrls=true`);
  const file = (files.files as Record<string, unknown>[] | undefined)?.[0];
  const upload = await world.client.json('POST', `/api/v3/workspaces/${world.own.workspace}/files/upload`, world.key, { files: [{ name: 'b.txt', contentType: 'text/plain', size: 3 }] });
  const uploadUrl = ((upload.json as { files?: { uploadUrl?: string }[] } | undefined)?.files ?? [])[0]?.uploadUrl;
  const v2 = async (path: string): Promise<Record<string, unknown>> => {
    const res = await world.client.json('GET', `/api/v2${path}`, world.key);
    if (res.status !== 200) throw new Error(`GET /api/v2${path} answered ${res.status}: ${res.text.slice(0, 200)}`);
    return res.json as Record<string, unknown>;
  };
  const share = await v2(`/sessions/${world.own.v2session}/public-share`);
  const shareUrl = local(share.shareUrl);
  const [sharePath = '', shareQuery = ''] = shareUrl.split('?');
  const logs = await v2(`/tasks/${world.own.task}/logs`);
  const output = await v2(`/files/tasks/${world.own.task}/output-files/${world.own.outputFile}`);
  const runOutput = await v2(`/skills/${world.own.skill}/executions/${world.own.execution}/output`);
  return {
    sharePage: shareUrl,
    shareState: `${sharePath}/state?${shareQuery}`,
    taskLogs: local(logs.downloadUrl),
    outputFile: local(output.downloadUrl),
    skillOutput: local(runOutput.downloadUrl),
    uploadForm: '/_mock/uploads',
    sessionLive: local(session.liveUrl),
    browserLive: local(browser.liveUrl),
    cdp: local(browser.cdpUrl),
    screenshot: local(session.screenshotUrl),
    recording: local(`/_mock/recordings/${world.own.browser}/0.mp4`),
    download: local(file?.url),
    upload: local(uploadUrl),
  };
}

export type Mutation = 'none' | 'no-query' | 'bad-signature' | 'other-id' | 'suffix' | 'hostile-query' | 'bad-escape' | 'long-expiry' | 'trailing-slash';

export interface WebPlan {
  method: string;
  target: { signed: keyof WebTargets; mutation: Mutation } | { path: string };
  headers: [string, string][];
  body?: Fragment[];
}

const FIXED_PATHS = [
  '/', '/health', '/health/', '/openapi.json', '/docs', '/docs/', '/docs/json', '/docs/static/index.html', '/docs/static/%zz', '/docs/static/../../package.json', '/favicon.ico',
  '/_mock/ui', '/_mock/ui/', '/_mock/ui/live/00000000-0000-4000-8000-000000000000', '/_mock/ui/live/%zz', '/_mock', '/_mock/', '/_mock/nope', '/api', '/api/v3', '/api/v3/',
  '/api/v2/sessions', '/api/v3/sessions/', '/api/v3/sessions/x/y/z', '/api/v3/SESSIONS', '/nope', '/%zz', '/%', '/..%2f..%2fetc/passwd', '//', '/live', '/live/',
  '/live/%zz', '/live/00000000-0000-4000-8000-000000000000', '/live/00000000-0000-4000-8000-000000000000/state', '/live/x/state?token=%zz', '/_mock/screenshots/x/0-1.png',
  '/_mock/recordings/x/0.mp4', '/_mock/workspaces/x/files/a.txt', '/_mock/cdp/x', '/_mock/metrics',
  '/api/v2', '/api/v2/', '/api/v2/openapi.json', '/docs/v2', '/share/x', '/share/%zz?token=', '/share/00000000-0000-4000-8000-000000000000/state?token=a', '/_mock/uploads',
  '/_mock/v2/tasks/x/logs.txt', '/_mock/v2/tasks/x/output-files/y', '/_mock/skill-outputs/x/y.json',
];

export function webPlanArb(): fc.Arbitrary<WebPlan> {
  const signed = fc.record({
    signed: fc.constantFrom<keyof WebTargets>(
      'sessionLive', 'browserLive', 'cdp', 'screenshot', 'recording', 'download', 'upload', 'sharePage', 'shareState', 'taskLogs', 'outputFile', 'skillOutput', 'uploadForm',
    ),
    mutation: fc.constantFrom<Mutation>('none', 'none', 'no-query', 'bad-signature', 'other-id', 'suffix', 'hostile-query', 'bad-escape', 'long-expiry', 'trailing-slash'),
  });
  const fixed = fc.oneof(
    { weight: 4, arbitrary: fc.constantFrom(...FIXED_PATHS).map((path) => ({ path })) },
    { weight: 1, arbitrary: fc.integer({ min: 50, max: 6000 }).map((n) => ({ path: `/${'a'.repeat(n)}` })) },
    { weight: 1, arbitrary: badIdSegment.map((seg) => ({ path: `/live/${seg}/state?token=x` })) },
  );
  const headers = fc.array(
    fc.constantFrom<[string, string]>(
      ['Range', 'bytes=0-10'], ['Range', 'bytes=999999999-'], ['Range', 'bytes=abc'], ['Range', 'bytes=0-1,5-6'], ['Range', 'bytes=-5'], ['If-None-Match', '"x"'], ['If-None-Match', '*'],
      ['Origin', 'http://localhost:3000'], ['Origin', 'http://evil.example'], ['Access-Control-Request-Method', 'POST'], ['Content-Type', 'text/plain'], ['Accept', 'application/json'],
    ),
    { maxLength: 2 },
  );
  return fc.record({
    method: fc.oneof({ weight: 6, arbitrary: fc.constant('GET') }, { weight: 3, arbitrary: fc.constantFrom('HEAD', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS') }),
    target: fc.oneof({ weight: 3, arbitrary: signed }, { weight: 2, arbitrary: fixed }),
    headers,
    body: fc.option(fc.oneof(malformedBody, fc.constant<Fragment[]>([{ text: 'abc' }])), { freq: 3, nil: undefined }),
  });
}

function mutate(url: string, mutation: Mutation): string {
  const [path = '', query = ''] = url.split('?');
  switch (mutation) {
    case 'none': return url;
    case 'no-query': return path;
    case 'bad-signature': return `${path}?${query.replace(/(Signature|token)=([0-9a-zA-Z_-])/, (_m, name: string, c: string) => `${name}=${c === 'a' ? 'b' : 'a'}`)}`;
    case 'other-id': return `${path.replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/, '00000000-0000-4000-8000-000000000000')}?${query}`;
    case 'suffix': return `${path}/x?${query}`;
    case 'hostile-query': return `${path}?${query}&X-Amz-Expires=%zz&token=&token=a`;
    case 'bad-escape': return `${path}%zz?${query}`;
    case 'long-expiry': return `${path}?${query.replace(/X-Amz-Expires=\d+/, 'X-Amz-Expires=99999999999999999999')}`;
    case 'trailing-slash': return `${path}/?${query}`;
  }
}

export function buildWebRequest(targets: WebTargets, plan: WebPlan): RawRequest {
  const path = 'path' in plan.target ? plan.target.path : mutate(targets[plan.target.signed], plan.target.mutation);
  return { method: plan.method, path, headers: plan.headers, body: plan.body ? Buffer.concat(plan.body.map(fragmentBytes)) : undefined };
}
