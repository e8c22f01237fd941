// Fault rules: injected answers, latency, dropped connections, countdown, seeded probability, matching.
import t from 'tap';
import type { SessionListResponse } from '../../src/contract/types.generated.js';
import type { FaultRule } from '../../src/admin/faults.js';
import type { JournalEntry } from '../../src/admin/journal.js';
import type { TestServer } from '../helpers/server.js';
import { startTestServer } from '../helpers/server.js';
import { admin } from './admin-check.js';

const addRule = async (s: TestServer, body: unknown): Promise<FaultRule> => {
  const r = await admin<FaultRule>(s, 'POST', '/_mock/faults', { body });
  if (r.status !== 201) throw new Error(r.text);
  return r.json;
};

t.test('respond: given status, body and headers, before authentication; the journal names the rule', async (t) => {
  const s = await startTestServer(t);
  const rule = await addRule(s, { match: { method: 'get', path: '/sessions' }, respond: { status: 500, body: { detail: 'boom' }, headers: { 'Retry-After': '3' } } });
  t.match(rule, { id: 'fault-1', match: { method: 'GET', path: '/sessions', key: null }, times: null, hits: 0, createdAt: '2026-01-01T00:00:00Z' });
  const r = await s.call('GET', '/sessions', { key: null });
  t.equal(r.status, 500);
  t.equal(r.text, '{"detail":"boom"}');
  t.equal(r.headers.get('retry-after'), '3');
  t.equal(r.headers.get('x-mock-fault'), 'fault-1');
  t.equal((await s.call('POST', '/sessions', { body: {} })).status, 200, 'another method is not matched');
  const [entry] = (await admin<{ entries: JournalEntry[] }>(s, 'GET', '/_mock/journal?method=GET')).json.entries;
  t.match(entry, { status: 500, fault: 'fault-1' });
  t.equal((await admin<FaultRule[]>(s, 'GET', '/_mock/faults')).json[0]?.hits, 1);

  const text = await addRule(s, { match: { path: '/sessions/**' }, respond: { status: 502, body: '<html>Bad gateway</html>' } });
  const html = await s.call('GET', '/sessions/abc/messages');
  t.equal(html.status, 502);
  t.equal(html.text, '<html>Bad gateway</html>');
  t.match(html.headers.get('content-type'), /^text\/plain/);
  t.equal((await admin(s, 'DELETE', `/_mock/faults/${text.id}`)).status, 204);
  t.equal((await admin(s, 'DELETE', `/_mock/faults/${text.id}`)).status, 404);
});

t.test('respond without a body: the body the contract declares for that status, else the reason phrase', async (t) => {
  const s = await startTestServer(t);
  await addRule(s, { match: { method: 'POST', path: '/sessions' }, respond: { status: 402 }, times: 1 });
  const declared = await s.call('POST', '/sessions', { body: {} });
  t.equal(declared.status, 402);
  t.same(declared.json, { detail: 'Insufficient credits' });
  await addRule(s, { match: { path: '/sessions' }, respond: { status: 503 }, times: 1 });
  const other = await s.call('GET', '/sessions');
  t.same(other.json, { detail: 'Service Unavailable' });
  await addRule(s, { match: { path: '/sessions' }, respond: { status: 204 }, times: 1 });
  const empty = await s.call('GET', '/sessions');
  t.equal(empty.status, 204);
  t.equal(empty.text, '');
});

t.test('times counts down and the rule disappears; key and regex matching', async (t) => {
  const s = await startTestServer(t);
  await addRule(s, { match: { key: 'flaky', path: '^/api/v3/sessions$' }, respond: { status: 429 }, times: 2 });
  t.equal((await s.call('GET', '/sessions', { key: 'steady' })).status, 200, 'another key is not matched');
  t.equal((await s.call('GET', '/sessions', { key: 'flaky' })).status, 429);
  t.equal((await admin<FaultRule[]>(s, 'GET', '/_mock/faults')).json[0]?.times, 1);
  t.equal((await s.call('GET', '/sessions', { key: 'flaky' })).status, 429);
  t.equal((await s.call('GET', '/sessions', { key: 'flaky' })).status, 200, 'ran out');
  t.same((await admin(s, 'GET', '/_mock/faults')).json, []);
  t.equal((await s.call('GET', `${s.url}/health`)).status, 200);
  await addRule(s, { match: { path: '/**' }, respond: { status: 500 } });
  t.equal((await admin(s, 'GET', '/_mock/keys')).status, 200, 'admin routes are never faulted');
  t.equal((await s.call('GET', `${s.url}/health`)).status, 200, 'nor the health check');
  t.equal((await admin(s, 'DELETE', '/_mock/faults')).status, 204);
  t.equal((await s.call('GET', '/sessions')).status, 200);
});

t.test('latency delays the answer in wall time; drop closes the connection', async (t) => {
  const s = await startTestServer(t);
  await addRule(s, { match: { path: '/sessions' }, latencyMs: 150, times: 1 });
  const started = performance.now();
  const slow = await s.call<SessionListResponse>('GET', '/sessions');
  t.ok(performance.now() - started >= 140, 'delayed');
  t.equal(slow.status, 200, 'then answered normally');
  t.equal(s.state.clock.now(), Date.UTC(2026, 0, 1), 'simulated time did not move');

  await addRule(s, { match: { path: '/sessions' }, drop: true, times: 1 });
  await t.rejects(s.call('GET', '/sessions'), 'the connection was dropped');
  const [dropped] = (await admin<{ entries: JournalEntry[] }>(s, 'GET', '/_mock/journal?limit=1')).json.entries;
  t.match(dropped, { status: null, fault: 'fault-2' });
  t.equal((await s.call('GET', '/sessions')).status, 200, 'the next request is fine');
});

t.test('probability draws from the seeded generator: the same seed injects the same faults', async (t) => {
  const pattern = async (seed: string): Promise<string> => {
    const s = await startTestServer(t, { seed });
    await addRule(s, { match: { path: '/sessions' }, respond: { status: 503 }, probability: 0.5 });
    let out = '';
    for (let i = 0; i < 40; i++) out += (await s.call('GET', '/sessions')).status === 503 ? 'x' : '.';
    return out;
  };
  const a = await pattern('p-seed');
  t.equal(await pattern('p-seed'), a, 'reproducible');
  t.ok(/x/.test(a) && /\./.test(a), `some fire, some do not: ${a}`);
  t.not(await pattern('other-seed'), a, 'another seed, another pattern');
});

t.test('invalid rules are refused with the field named', async (t) => {
  const s = await startTestServer(t);
  const cases: [unknown, RegExp][] = [
    [{ match: { path: '/x' } }, /at least one effect/],
    [{ respond: { status: 99 } }, /respond.status/],
    [{ respond: { status: 500, code: 1 } }, /Unknown field in respond: code/],
    [{ match: { path: '^(' }, drop: true }, /match.path: invalid regular expression/],
    [{ match: { verb: 'GET' }, drop: true }, /Unknown field in match: verb/],
    [{ drop: true, respond: { status: 500 } }, /exclude each other/],
    [{ drop: 'yes' }, /drop: expected true or false/],
    [{ latencyMs: -5 }, /latencyMs/],
    [{ drop: true, times: 0 }, /times/],
    [{ drop: true, probability: 2 }, /probability/],
    [{ scenario: 'nope' }, /unknown scenario "nope".*failure/],
    [{ scenario: 'failure', drop: true }, /cannot be combined/],
    [{ drop: true, extra: 1 }, /Unknown field in body: extra/],
    [[1, 2], /JSON object/],
  ];
  for (const [body, message] of cases) {
    const r = await admin<{ detail: string }>(s, 'POST', '/_mock/faults', { body });
    t.equal(r.status, 400, JSON.stringify(body));
    t.match(r.json.detail, message);
  }
  t.same((await admin(s, 'GET', '/_mock/faults')).json, [], 'nothing was added');
});

t.test('injected answers carry the CORS headers a browser needs to read them', async (t) => {
  const s = await startTestServer(t);
  await addRule(s, { match: { path: '/sessions' }, respond: { status: 503 }, times: 1 });
  const r = await s.call('GET', '/sessions', { headers: { Origin: 'http://localhost:5173' } });
  t.equal(r.status, 503);
  t.equal(r.headers.get('access-control-allow-origin'), 'http://localhost:5173');
  const preflight = await s.call('OPTIONS', '/sessions', { key: null, headers: { Origin: 'http://localhost:5173', 'Access-Control-Request-Method': 'GET' } });
  t.equal(preflight.status, 204, 'preflights are answered before any rule');
});
