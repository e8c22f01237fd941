// Message paging: cursors, hasMore, stable ids and foreign cursors.
import t from 'tap';
import type { MessageListResponse, SessionResponse } from '../../src/contract/types.generated.js';
import { startTestServer } from '../helpers/server.js';

t.test('cursor paging over a long run', async (t) => {
  const s = await startTestServer(t);
  const { json } = await s.call<SessionResponse>('POST', '/sessions', { body: { task: 'Browse github.com [mock:long]' } });
  s.advance(3600_000);
  const get = async (query: string): Promise<MessageListResponse> => (await s.call<MessageListResponse>('GET', `/sessions/${json.id}/messages?${query}`)).json;
  const everything: string[] = [];
  let page = await get('limit=100');
  everything.unshift(...page.messages.map((m) => m.id));
  while (page.hasMore) {
    page = await get(`limit=100&before=${everything[0]}`);
    everything.unshift(...page.messages.map((m) => m.id));
  }
  t.ok(everything.length > 100, `${everything.length} messages`);
  t.equal(new Set(everything).size, everything.length);

  const latest = await get('');
  t.equal(latest.messages.length, 10, 'default limit 10: the newest ten');
  t.same(latest.messages.map((m) => m.id), everything.slice(-10));
  t.equal(latest.hasMore, true);

  const afterFirst = await get(`after=${everything[0]}&limit=5`);
  t.same(afterFirst.messages.map((m) => m.id), everything.slice(1, 6));
  t.equal(afterFirst.hasMore, true);
  const tail = await get(`after=${everything[everything.length - 3]}&limit=5`);
  t.same(tail.messages.map((m) => m.id), everything.slice(-2));
  t.equal(tail.hasMore, false);
  const between = await get(`after=${everything[10]}&before=${everything[14]}&limit=100`);
  t.same(between.messages.map((m) => m.id), everything.slice(11, 14));
  t.equal(between.hasMore, false);
  const beforeThird = await get(`before=${everything[2]}&limit=100`);
  t.same(beforeThird.messages.map((m) => m.id), everything.slice(0, 2));
  t.equal(beforeThird.hasMore, false);
});

t.test('ids are stable while the run progresses', async (t) => {
  const s = await startTestServer(t);
  const { json } = await s.call<SessionResponse>('POST', '/sessions', { body: { task: 'Read the weather forecast' } });
  s.advance(8000);
  const early = (await s.call<MessageListResponse>('GET', `/sessions/${json.id}/messages?limit=100`)).json.messages;
  s.advance(600_000);
  const late = (await s.call<MessageListResponse>('GET', `/sessions/${json.id}/messages?limit=100`)).json.messages;
  t.ok(late.length > early.length);
  // Presigned screenshot URLs are signed afresh on every read; everything else is stable.
  const stable = (list: typeof early) => list.map((m) => ({ ...m, screenshotUrl: m.screenshotUrl?.split('?')[0] ?? null }));
  t.same(stable(late.slice(0, early.length)), stable(early), 'earlier messages keep their ids and content');
  const next = (await s.call<MessageListResponse>('GET', `/sessions/${json.id}/messages?limit=100&after=${early[early.length - 1]?.id}`)).json.messages;
  t.same(stable(next), stable(late.slice(early.length)), 'a cursor held during the run continues exactly');
});

t.test('a cursor from elsewhere gives an empty page', async (t) => {
  const s = await startTestServer(t);
  const a = (await s.call<SessionResponse>('POST', '/sessions', { body: { task: 'first' } })).json;
  const b = (await s.call<SessionResponse>('POST', '/sessions', { body: { task: 'second' } })).json;
  s.advance(600_000);
  const fromA = (await s.call<MessageListResponse>('GET', `/sessions/${a.id}/messages?limit=1`)).json.messages[0]?.id;
  for (const cursor of [fromA, '3c90c3cc-0d44-4b50-8888-8dd25736052a']) {
    for (const direction of ['after', 'before']) {
      const r = await s.call<MessageListResponse>('GET', `/sessions/${b.id}/messages?${direction}=${cursor}`);
      t.equal(r.status, 200);
      t.same(r.json, { messages: [], hasMore: false }, `${direction} with a foreign cursor`);
    }
  }
  await s.call('DELETE', `/sessions/${a.id}`);
  const afterDelete = await s.call<MessageListResponse>('GET', `/sessions/${b.id}/messages?after=${fromA}`);
  t.same(afterDelete.json, { messages: [], hasMore: false }, 'a deleted session\'s message is no cursor either');
});
