// The fast paths must answer byte for byte what the plain code would: message pages assembled from
// cached pieces, memoised presigned URLs, tokens and timestamps, and flat stable ids.
import t from 'tap';
import { createHmac } from 'node:crypto';
import { request } from 'node:http';
import { execFileSync } from 'node:child_process';
import type { SessionResponse } from '../../src/contract/types.generated.js';
import { isoTime } from '../../src/contract/serialize.js';
import { Presigner } from '../../src/http/presign.js';
import type { FormatContext } from '../../src/sessions/format.js';
import { formatContext, messageView, sessionView } from '../../src/sessions/format.js';
import { COMPARED_VIEW_FIELDS, sameViewButScreenshot } from '../../src/sessions/view-memo.js';
import type { Emulator } from '../../src/emulator.js';
import { pageMessages, sessionMessages } from '../../src/simulation/messages.js';
import { stableUuid } from '../../src/simulation/random.js';
import { startTestServer } from '../helpers/server.js';

/** What the messages route answered before pages were assembled from pieces. */
function plainPage(server: Emulator, ctx: FormatContext, sessionId: string, query: { after?: string; before?: string; limit: number }): string {
  const project = server.projects.get('test-key');
  const session = project.sessions.get(sessionId);
  if (!session) throw new Error('no such session');
  const all = sessionMessages(ctx.machine, session, ctx.now, ctx.seed);
  const page = pageMessages(all, query.after ?? null, query.before ?? null, query.limit);
  return JSON.stringify({ messages: page.messages.map((m) => messageView(ctx, session, m)), hasMore: page.hasMore });
}

/** fetch() does not let a caller choose the Host header; node:http does. */
function getWithHost(url: string, host: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const req = request(url, { headers: { host, 'x-browser-use-api-key': 'test-key' } }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (text += chunk));
      res.on('end', () => resolve(text));
    });
    req.on('error', reject);
    req.end();
  });
}

t.test('message pages are exactly what serialising every message gives', async (t) => {
  const s = await startTestServer(t);
  const created = await s.call<SessionResponse>('POST', '/sessions', { body: { task: 'Compare "quoted" \\ prices on amazon.com, save them to prices.csv [mock:long]', keepAlive: true } });
  const id = created.json.id;
  s.advance(20_000);
  const ctx = (): FormatContext => formatContext(s.state, s.url, s.state.clock.now());

  // A run in progress, read twice (the second read comes from the cached pieces).
  for (let i = 0; i < 2; i++) {
    const res = await s.call('GET', `/sessions/${id}/messages?limit=100`);
    t.equal(res.text, plainPage(s.state, ctx(), id, { limit: 100 }), `running run, read ${i + 1}`);
  }
  // Later: new messages appear, older screenshots are signed for the new second.
  s.advance(1500);
  t.equal((await s.call('GET', `/sessions/${id}/messages?limit=100`)).text, plainPage(s.state, ctx(), id, { limit: 100 }), 'a second later');

  // Finished, then a follow-up task that is stopped: several tasks and a closing note in one page.
  s.advance(300_000);
  t.equal((await s.call('POST', '/sessions', { body: { task: 'Now check ebay.com too', sessionId: id } })).status, 200);
  s.advance(8000);
  t.equal((await s.call('POST', `/sessions/${id}/stop`, { body: { strategy: 'task' } })).status, 200);
  const all = JSON.parse(plainPage(s.state, ctx(), id, { limit: 100 })) as { messages: { id: string; summary: string; type: string }[] };
  t.ok(all.messages.some((m) => m.type === 'user_message' && m.summary === 'Now check ebay.com too'), 'the follow-up is on the page');
  t.equal(all.messages[all.messages.length - 1]?.summary, 'Task stopped', 'and its closing note');
  const cursor = all.messages[20]?.id ?? '';
  for (const query of ['limit=100', 'limit=7', `after=${cursor}&limit=100`, `before=${cursor}&limit=5`]) {
    const params = new URLSearchParams(query);
    const expected = plainPage(s.state, ctx(), id, {
      limit: Number(params.get('limit')),
      ...(params.get('after') ? { after: params.get('after') ?? '' } : {}),
      ...(params.get('before') ? { before: params.get('before') ?? '' } : {}),
    });
    t.equal((await s.call('GET', `/sessions/${id}/messages?${query}`)).text, expected, query);
  }

  // Another base URL (a different Host): URLs follow it, the cached pieces do not leak the old one.
  const other = await getWithHost(`${s.apiUrl}/sessions/${id}/messages?limit=100`, 'emulator.test:9999');
  t.equal(other, plainPage(s.state, { ...ctx(), baseUrl: 'http://emulator.test:9999' }, id, { limit: 100 }));
  t.match(other, /http:\/\/emulator\.test:9999\/_mock\/screenshots\//);
  t.equal((await s.call('GET', `/sessions/${id}/messages?limit=100`)).text, plainPage(s.state, ctx(), id, { limit: 100 }), 'and back');
});

t.test('session reads are exactly what serialising the view gives', async (t) => {
  const s = await startTestServer(t);
  const plainView = (id: string, baseUrl = s.url): string => {
    const session = s.state.projects.get('test-key').sessions.get(id);
    if (!session) throw new Error('no such session');
    return JSON.stringify(sessionView(formatContext(s.state, baseUrl, s.state.clock.now()), session));
  };
  const schema = { type: 'object', properties: { name: { type: 'string' }, screenshotUrl: { type: 'null' } } };
  const ids = [
    (await s.call<SessionResponse>('POST', '/sessions', { body: { task: 'Compare prices on amazon.com [mock:long]', keepAlive: true } })).json.id,
    (await s.call<SessionResponse>('POST', '/sessions', { body: { task: 'Find the widget [mock:success]', outputSchema: schema, enableRecording: true } })).json.id,
  ];
  const id0 = ids[0] ?? '';
  const readAll = async (label: string): Promise<void> => {
    for (const id of ids) {
      for (let i = 0; i < 2; i++) t.equal((await s.call('GET', `/sessions/${id}`)).text, plainView(id), `${label}: ${id.slice(0, 8)} read ${i + 1}`);
    }
  };
  await readAll('booting');
  for (const ms of [20_000, 300, 700, 1_000, 5_000, 60_000, 400_000]) {
    s.advance(ms);
    await readAll(`after ${ms} ms more`);
  }
  // A follow-up task, then a stop: the record changes without the clock moving.
  t.equal((await s.call('POST', '/sessions', { body: { task: 'Now check ebay.com too', sessionId: id0 } })).status, 200);
  await readAll('dispatched');
  s.advance(8000);
  await readAll('running again');
  t.equal((await s.call('POST', `/sessions/${id0}/stop`, { body: { strategy: 'task' } })).status, 200);
  await readAll('stopped');
  // Another base URL: the live and screenshot URLs follow it, and going back restores them.
  const other = await getWithHost(`${s.apiUrl}/sessions/${id0}`, 'emulator.test:9999');
  t.equal(other, plainView(id0, 'http://emulator.test:9999'));
  await readAll('and back');
  // The finished run's output holds `"screenshotUrl":null` too (and its schema the name): the reads
  // above matched, so the view was cut at its own field, not at the output's.
  const finished = (await s.call('GET', `/sessions/${ids[1]}`)).text;
  t.equal(finished.split('screenshotUrl').length - 1, 3, 'in the output, in the schema and as the field');
  t.ok(finished.indexOf('"screenshotUrl":null') < finished.lastIndexOf('"screenshotUrl":'), "the output's comes first");
});

t.test('the view memo compares every field but the screenshot URL', async (t) => {
  const base = Object.fromEntries(Object.keys(COMPARED_VIEW_FIELDS).map((k) => [k, k === 'recordingUrls' ? ['r'] : `v-${k}`]));
  const view = { ...base, screenshotUrl: 'http://h/s.png' } as unknown as SessionResponse;
  t.equal(sameViewButScreenshot(view, { ...view }), true, 'a copy');
  t.equal(sameViewButScreenshot(view, { ...view, screenshotUrl: 'http://h/other.png' }), true, 'another screenshot URL');
  t.equal(sameViewButScreenshot(view, { ...view, recordingUrls: ['r'] }), true, 'equal recording URLs in another array');
  for (const key of Object.keys(COMPARED_VIEW_FIELDS)) {
    t.equal(sameViewButScreenshot(view, { ...view, [key]: key === 'recordingUrls' ? ['s'] : 'changed' }), false, key);
  }
  // Every field a real view has is one the memo compares (or the screenshot URL).
  const s = await startTestServer(t);
  const created = await s.call<SessionResponse>('POST', '/sessions', { body: { task: 'Find the widget [mock:success]' } });
  t.same(Object.keys(created.json).sort(), [...Object.keys(COMPARED_VIEW_FIELDS), 'screenshotUrl'].sort());
});

t.test('presigned URLs and tokens: memoised, yet the same text as computed afresh', async (t) => {
  const a = new Presigner('secret');
  const now = Date.UTC(2026, 0, 1, 0, 0, 0, 250);
  const first = a.sign('http://h:1', '/_mock/screenshots/x/0-1.png', 'GET', now, 300);
  t.equal(a.sign('http://h:1', '/_mock/screenshots/x/0-1.png', 'GET', now + 500, 300), first, 'same second: same URL');
  const signature = createHmac('sha256', 'secret').update('GET\n/_mock/screenshots/x/0-1.png\n20260101T000000Z\n300\n').digest('hex');
  t.equal(first, `http://h:1/_mock/screenshots/x/0-1.png?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Date=20260101T000000Z&X-Amz-Expires=300&X-Amz-Signature=${signature}`);
  const later = a.sign('http://h:1', '/_mock/screenshots/x/0-1.png', 'GET', now + 1000, 300);
  t.not(later, first, 'next second: signed again');
  t.equal(new Presigner('secret').sign('http://h:1', '/_mock/screenshots/x/0-1.png', 'GET', now + 1000, 300), later);
  t.equal(a.verify('/_mock/screenshots/x/0-1.png', 'GET', Object.fromEntries(new URL(later).searchParams), now + 1000).ok, true);
  const withExtra = a.sign('http://h:1', '/up', 'PUT', now, 60, { 'Content-Length': '12' });
  t.match(withExtra, /Content-Length=12/);
  const token = createHmac('sha256', 'secret').update('token\ns1').digest('base64url').slice(0, 32);
  t.equal(a.token('s1'), token, 'a token: the HMAC of the id');
  t.equal(a.token('s1'), token, 'the same text when memoised');
  t.equal(a.verifyToken('s1', a.token('s1')), true);
});

t.test('timestamps and ids', async (t) => {
  for (const ms of [0, 1, 999, 1000, Date.UTC(2026, 0, 1, 0, 0, 2, 384), Date.UTC(2026, 0, 1), 4096 + 7, 7]) {
    const iso = new Date(ms).toISOString();
    const expected = iso.slice(20, 23) === '000' ? `${iso.slice(0, 19)}Z` : `${iso.slice(0, 19)}.${iso.slice(20, 23)}000Z`;
    t.equal(isoTime(ms), expected, `${ms}`);
    t.equal(isoTime(ms), expected, `${ms} again`);
  }
  const pinned = '38dd1528-3126-4d05-8a0f-f3c3ce3a3eab';
  t.equal(stableUuid('seed', 'key', 'session', 1), pinned, 'an id of a seed');
  t.equal(stableUuid('seed', 'key', 'session', 1), pinned, 'the same id when asked again');
  t.match(stableUuid('seed', 'key', 'session', 1), /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  t.equal(stableUuid('x'), '20d0dc1a-8616-4b21-8634-88ced305ac5d', 'ids of a seed never change');
});

t.test("Fastify's schema compilers load only when a route declares a schema", async (t) => {
  // A fresh process: other test files in this one may have loaded the compilers already.
  const probe = [
    "import { createRequire } from 'node:module';",
    "import { sep } from 'node:path';",
    "import Fastify from 'fastify';",
    `const { buildApp } = await import(${JSON.stringify(new URL('../../src/app.ts', import.meta.url).href)});`,
    `const { lazyCompilers } = await import(${JSON.stringify(new URL('../../src/http/lazy-compilers.ts', import.meta.url).href)});`,
    `const { configFromEnv } = await import(${JSON.stringify(new URL('../../src/config.ts', import.meta.url).href)});`,
    "const loaded = () => Object.keys(createRequire(import.meta.url).cache).some((file) => file.includes(`${sep}@fastify${sep}ajv-compiler${sep}`));",
    "const { app: emulator } = await buildApp({ ...configFromEnv({}), clock: 'manual' });",
    "const list = await emulator.inject({ method: 'GET', url: '/api/v3/sessions', headers: { 'x-browser-use-api-key': 'k' } });",
    'const before = loaded();',
    "const app = Fastify({ schemaController: { compilersFactory: lazyCompilers } });",
    "app.post('/x', { schema: { body: { type: 'object', required: ['a'], properties: { a: { type: 'integer' } } }, response: { 200: { type: 'object', properties: { a: { type: 'integer' } } } } } }, async (request) => ({ a: request.body.a, dropped: true }));",
    "const ok = await app.inject({ method: 'POST', url: '/x', payload: { a: '5' } });",
    "const bad = await app.inject({ method: 'POST', url: '/x', payload: {} });",
    'console.log(JSON.stringify({ list: list.statusCode, before, ok: [ok.statusCode, ok.json()], bad: bad.statusCode, after: loaded() }));',
    'await emulator.close(); await app.close();',
  ].join('\n');
  const out = execFileSync(process.execPath, ['--import=tsx', '--input-type=module', '-e', probe], { cwd: new URL('../..', import.meta.url), encoding: 'utf8' });
  const seen = JSON.parse(out.trim().split('\n').at(-1) ?? '{}') as { list: number; before: boolean; ok: [number, unknown]; bad: number; after: boolean };
  t.equal(seen.list, 200);
  t.equal(seen.before, false, 'not loaded by the emulator');
  // A route with schemas gets Fastify's usual validation and serialisation.
  t.same(seen.ok, [200, { a: 5 }], 'coerced by ajv, serialised by fast-json-stringify');
  t.equal(seen.bad, 400);
  t.equal(seen.after, true, 'loaded on demand');
});
