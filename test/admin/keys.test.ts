// Per-key admin: the key list, the state dump, balance and concurrency settings, and resets.
import t from 'tap';
import type { SessionResponse } from '../../src/contract/types.generated.js';
import type { KeySummary } from '../../src/admin/keys.js';
import { startTestServer } from '../helpers/server.js';
import { admin } from './admin-check.js';

type Dump = {
  key: string;
  balance: Record<string, string>;
  concurrency: { limit: number; override: number | null; activeSessions: number };
  sessions: {
    id: string;
    status: string;
    stepCount: number;
    costs: { totalUsd: string };
    tasks: { scenario: string; startAt: string; plannedEnding: string; end: string | null; steps: { done: boolean; doneAt: string }[]; costUsd: string | null }[];
    messages?: { type: string; createdAt: string }[];
  }[];
  [other: string]: unknown;
};

const micros = (usd: string | undefined): number => Math.round(Number(usd ?? 'NaN') * 1e6);

t.test('GET /_mock/keys lists every key with sessions, active sessions and what it can spend', async (t) => {
  const s = await startTestServer(t);
  t.same((await admin(s, 'GET', '/_mock/keys')).json, []);
  await s.call('POST', '/sessions', { body: { task: 'Find a recipe for pancakes [mock:quick]' } });
  await s.call('POST', '/sessions', { body: {} });
  await s.call('GET', '/sessions', { key: 'reader' });
  s.advance(60_000);
  const keys = (await admin<KeySummary[]>(s, 'GET', '/_mock/keys')).json;
  t.equal(keys.length, 2);
  t.match(keys[0], { key: 'test-key', sessions: 2, activeSessions: 1, concurrencyLimit: 100 });
  t.ok(micros(keys[0]?.balanceUsd) < 100_000_000, 'the quick run was charged');
  t.same(keys[1], { key: 'reader', sessions: 0, activeSessions: 0, balanceUsd: '100', concurrencyLimit: 100 });
});

t.test('GET /_mock/keys/{key}/state: sessions, task timeline with steps, costs, messages', async (t) => {
  const s = await startTestServer(t);
  const created = await s.call<SessionResponse>('POST', '/sessions', { body: { task: 'Compare two laptops on amazon.com [mock:long]' } });
  s.advance(20_000);
  const dump = (await admin<Dump>(s, 'GET', '/_mock/keys/test-key/state')).json;
  t.equal(dump.key, 'test-key');
  const [session] = dump.sessions;
  t.equal(session?.id, created.json.id);
  t.equal(session?.status, 'running');
  const task = session?.tasks[0];
  t.equal(task?.scenario, 'long');
  t.equal(task?.plannedEnding, 'success');
  t.equal(task?.steps.length, 50);
  const done = task?.steps.filter((step) => step.done).length ?? 0;
  t.ok(done > 0 && done < 50, 'some steps done by now');
  t.equal(session?.stepCount, done, 'the dump agrees with the session');
  const api = (await s.call<SessionResponse>('GET', `/sessions/${created.json.id}`)).json;
  t.equal(session?.costs.totalUsd, api.totalCostUsd, 'the same costs as the API shows');
  t.equal(dump.balance.runningUsd, api.totalCostUsd, 'the running task is counted');
  t.ok((session?.messages?.length ?? 0) > 2);
  t.equal(session?.messages?.[0]?.type, 'user_message');
  t.ok(Object.keys(dump).includes('concurrency'));

  const lean = (await admin<Dump>(s, 'GET', '/_mock/keys/test-key/state?messages=false')).json;
  t.equal(lean.sessions[0]?.messages, undefined, 'messages left out');
  const missing = await admin<{ detail: string }>(s, 'GET', '/_mock/keys/nobody/state');
  t.equal(missing.status, 404);
  t.match(missing.json.detail, /No state for key "nobody"/);
});

t.test('the dump shows what other resources keep on the project, JSON-safe', async (t) => {
  const s = await startTestServer(t);
  await s.call('POST', '/sessions', { body: {} });
  const project = s.state.projects.get('test-key') as unknown as Record<string, unknown>;
  // Records other modules might keep: maps of records, byte buffers, timestamps, references.
  const peer = { id: 'peer-1', name: 'peer' };
  project.gadgets = new Map([['g1', { id: 'g1', createdAt: Date.UTC(2026, 0, 1), blob: Buffer.from('abc'), peers: new Set([peer]), nested: { peer } }]]);
  const dump = (await admin<Dump>(s, 'GET', '/_mock/keys/test-key/state')).json;
  t.same(dump.gadgets, [{ id: 'g1', createdAt: '2026-01-01T00:00:00Z', blob: { bytes: 3 }, peers: ['peer-1'], nested: { peer: 'peer-1' } }]);
});

t.test('PUT balance: available becomes the given amount, also with a task running', async (t) => {
  const s = await startTestServer(t);
  const set = await admin<KeySummary>(s, 'PUT', '/_mock/keys/fresh/balance', { body: { usd: '12.5' } });
  t.equal(set.status, 200);
  t.match(set.json, { key: 'fresh', balanceUsd: '12.5', sessions: 0 }, 'a key can be prepared before its first request');

  const created = await s.call<SessionResponse>('POST', '/sessions', { body: { task: 'Compare two laptops on amazon.com [mock:long]' } });
  t.equal(created.json.maxCostUsd, '10');
  s.advance(30_000);
  const mid = (await admin<KeySummary>(s, 'PUT', '/_mock/keys/test-key/balance', { body: { usd: 3 } })).json;
  t.equal(mid.balanceUsd, '3', 'with the running cost accounted for');
  const dump = (await admin<Dump>(s, 'GET', '/_mock/keys/test-key/state')).json;
  t.equal(micros(dump.balance.startingUsd) + micros(dump.balance.creditedUsd) - micros(dump.balance.spentUsd) - micros(dump.balance.runningUsd), 3_000_000, 'starting + credited − spent − running = 3');
  s.advance(60_000);
  const later = (await admin<KeySummary[]>(s, 'GET', '/_mock/keys')).json.find((k) => k.key === 'test-key');
  t.ok(micros(later?.balanceUsd) < 3_000_000, 'further steps are charged from there');

  await admin(s, 'PUT', '/_mock/keys/broke/balance', { body: { usd: '0' } });
  const broke = await s.call<{ detail: string }>('POST', '/sessions', { key: 'broke', body: { task: 'Find a recipe for pancakes' } });
  t.equal(broke.status, 402, 'nothing available: billing refuses new work');
  t.equal(broke.json.detail, 'Insufficient credits');

  for (const body of [{}, { usd: 'ten' }, { usd: -1 }, { usd: '1', extra: true }]) {
    t.equal((await admin(s, 'PUT', '/_mock/keys/x/balance', { body })).status, 400, JSON.stringify(body));
  }
});

t.test('PUT concurrency: 429 past the limit, null restores the default', async (t) => {
  const s = await startTestServer(t);
  const set = await admin<KeySummary>(s, 'PUT', '/_mock/keys/test-key/concurrency', { body: { limit: 2 } });
  t.equal(set.json.concurrencyLimit, 2);
  t.equal((await s.call('POST', '/sessions', { body: {} })).status, 200);
  t.equal((await s.call('POST', '/sessions', { body: {} })).status, 200);
  t.equal((await s.call('POST', '/sessions', { body: {} })).status, 429);
  t.equal((await s.call('POST', '/sessions', { body: {}, key: 'other' })).status, 200, 'per key');
  const restored = await admin<KeySummary>(s, 'PUT', '/_mock/keys/test-key/concurrency', { body: { limit: null } });
  t.equal(restored.json.concurrencyLimit, 100);
  t.equal((await s.call('POST', '/sessions', { body: {} })).status, 200);
  for (const body of [{}, { limit: -1 }, { limit: 1.5 }, { limit: '3' }]) {
    t.equal((await admin(s, 'PUT', '/_mock/keys/test-key/concurrency', { body })).status, 400, JSON.stringify(body));
  }
});

t.test('POST /_mock/reset: everything, or one key', async (t) => {
  const s = await startTestServer(t);
  const a = await s.call<SessionResponse>('POST', '/sessions', { body: {}, key: 'a' });
  await s.call('POST', '/sessions', { body: {}, key: 'b' });
  await admin(s, 'POST', '/_mock/faults', { body: { match: { key: 'a' }, latencyMs: 1 } });
  await admin(s, 'POST', '/_mock/faults', { body: { match: { key: 'b' }, latencyMs: 1 } });
  s.advance(5000);
  await admin(s, 'POST', '/_mock/reset?key=a');
  t.equal((await s.call('GET', `/sessions/${a.json.id}`, { key: 'a' })).status, 404, "a's session is gone");
  t.same(
    (await admin<KeySummary[]>(s, 'GET', '/_mock/keys')).json.map((k) => k.key),
    ['b', 'a'],
    'b kept (a is back, as a fresh project, since it just called the API)',
  );
  t.same(
    (await admin<{ match: { key: string } }[]>(s, 'GET', '/_mock/faults')).json.map((r) => r.match.key),
    ['b'],
    "a's fault rules are gone",
  );
  t.equal(s.state.clock.now(), Date.UTC(2026, 0, 1) + 5000, 'a key reset leaves the clock alone');
  const again = await s.call<SessionResponse>('POST', '/sessions', { body: {}, key: 'a' });
  t.equal(again.json.id, a.json.id, 'ids restart for the key: the same first id again');

  await admin(s, 'POST', '/_mock/reset');
  t.same((await admin(s, 'GET', '/_mock/keys')).json, []);
  t.same((await admin(s, 'GET', '/_mock/faults')).json, []);
  t.equal(s.state.journal.size, 0);
  t.equal(s.state.clock.now(), Date.UTC(2026, 0, 1), 'a full reset rewinds the manual clock');
});
