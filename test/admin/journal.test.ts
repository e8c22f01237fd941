// The request journal: what it records, how it filters, what it leaves out and how it stays bounded.
import t from 'tap';
import type { SessionResponse } from '../../src/contract/types.generated.js';
import type { JournalEntry } from '../../src/admin/journal.js';
import { startTestServer } from '../helpers/server.js';
import { admin } from './admin-check.js';

type Page = { entries: JournalEntry[]; total: number; capacity: number };

t.test('records method, path, key, status, body, validation errors and both times', async (t) => {
  const s = await startTestServer(t);
  const created = await s.call<SessionResponse>('POST', '/sessions', { body: { task: 'Find a recipe for pancakes' } });
  s.advance(2500);
  await s.call('GET', `/sessions/${created.json.id}?x=1`, { key: 'other-key' });
  await s.call('POST', '/sessions', { body: { task: 42, maxCostUsd: 'lots' } });
  await s.call('GET', '/sessions', { key: null });
  await s.call('GET', '/nowhere');

  const page = await admin<Page>(s, 'GET', '/_mock/journal');
  t.equal(page.json.total, 5);
  t.equal(page.json.capacity, 1000);
  const [notFound, unauthenticated, invalid, foreign, first] = page.json.entries;
  t.match(first, {
    method: 'POST',
    path: '/api/v3/sessions',
    query: '',
    operationId: 'create_session_sessions_post',
    key: 'test-key',
    status: 200,
    requestBody: '{"task":"Find a recipe for pancakes"}',
    requestBodyTruncated: false,
    validationErrors: null,
    fault: null,
    simulatedTime: '2026-01-01T00:00:00Z',
  });
  t.ok(Date.parse(first?.wallTime ?? '') > 0);
  t.ok((first?.durationMs ?? -1) >= 0);
  t.match(foreign, { method: 'GET', key: 'other-key', status: 404, query: 'x=1', simulatedTime: '2026-01-01T00:00:02.500000Z' });
  t.equal(invalid?.status, 422);
  t.same(
    invalid?.validationErrors?.map((e) => (e as { loc: unknown[] }).loc),
    [
      ['body', 'task'],
      ['body', 'maxCostUsd'],
    ],
    'the detail of the 422',
  );
  t.match(unauthenticated, { status: 401, key: null });
  t.match(notFound, { path: '/nowhere', status: 404, operationId: null });
  t.ok((first?.id ?? 0) < (foreign?.id ?? 0), 'ids increase; newest first');
});

t.test('filters: key, method, path glob or regex, status or class, limit', async (t) => {
  const s = await startTestServer(t);
  const a = await s.call<SessionResponse>('POST', '/sessions', { body: {} });
  await s.call('GET', `/sessions/${a.json.id}`);
  await s.call('GET', `/sessions/${a.json.id}/messages`);
  await s.call('GET', '/sessions', { key: 'k2' });
  await s.call('GET', '/sessions/not-a-uuid');
  const q = async (query: string): Promise<Page> => (await admin<Page>(s, 'GET', `/_mock/journal?${query}`)).json;
  t.equal((await q('key=k2')).total, 1);
  t.equal((await q('method=post')).total, 1, 'method is case-insensitive');
  t.equal((await q('path=/sessions/*')).total, 2, 'a glob: one segment');
  t.equal((await q('path=/api/v3/sessions/**')).total, 3, '** crosses segments');
  t.equal((await q(`path=${encodeURIComponent('^/api/v3/sessions/[^/]+/messages$')}`)).total, 1, 'a regular expression');
  t.equal((await q('status=422')).total, 1);
  t.equal((await q('status=2xx')).total, 4);
  const limited = await q('limit=2');
  t.equal(limited.entries.length, 2);
  t.equal(limited.total, 5);
  for (const bad of ['limit=0', 'status=abc', `path=${encodeURIComponent('^(')}`]) {
    t.equal((await admin(s, 'GET', `/_mock/journal?${bad}`)).status, 400, bad);
  }
});

t.test('not journaled: admin routes, live and docs pages, health; DELETE empties it', async (t) => {
  const s = await startTestServer(t);
  await s.call('GET', '/_mock/keys');
  await s.call('GET', '/_mock/clock');
  await s.call('GET', `${s.url}/health`);
  await s.call('GET', `${s.url}/openapi.json`);
  await s.call('GET', `${s.url}/live/00000000-0000-4000-8000-000000000000`);
  await s.call('GET', `${s.url}/docs`);
  t.equal((await admin<Page>(s, 'GET', '/_mock/journal')).json.total, 0);
  await s.call('GET', '/sessions');
  t.equal(s.state.journal.size, 1, 'reachable as state.journal');
  t.equal((await admin(s, 'DELETE', '/_mock/journal')).status, 204);
  t.equal((await admin<Page>(s, 'GET', '/_mock/journal')).json.total, 0);
  await s.call('GET', '/sessions');
  const after = (await admin<Page>(s, 'GET', '/_mock/journal')).json.entries[0];
  t.equal(after?.id, 2, 'ids keep increasing after a clear');
});

t.test('bounded: a ring of BU_MOCK_JOURNAL_SIZE entries; long bodies are cut', async (t) => {
  const s = await startTestServer(t, { journalSize: 3 });
  for (let i = 0; i < 5; i++) await s.call('GET', `/sessions?page=${i + 1}`);
  const page = (await admin<Page>(s, 'GET', '/_mock/journal')).json;
  t.equal(page.capacity, 3);
  t.same(
    page.entries.map((e) => e.query),
    ['page=5', 'page=4', 'page=3'],
    'the oldest are dropped',
  );
  await s.call('POST', '/sessions', { body: { task: 'x'.repeat(10_000) } });
  const [big] = (await admin<Page>(s, 'GET', '/_mock/journal?limit=1')).json.entries;
  t.equal(big?.requestBody?.length, 4096);
  t.equal(big?.requestBodyTruncated, true);
});

t.test('reset of one key forgets its entries only', async (t) => {
  const s = await startTestServer(t);
  await s.call('GET', '/sessions', { key: 'a' });
  await s.call('GET', '/sessions', { key: 'b' });
  t.same((await admin(s, 'POST', '/_mock/reset?key=a')).json, { reset: 'key', key: 'a' });
  const page = (await admin<Page>(s, 'GET', '/_mock/journal')).json;
  t.same(
    page.entries.map((e) => e.key),
    ['b'],
  );
});
